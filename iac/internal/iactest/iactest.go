// Package iactest holds helpers the IaC parsers' tests share.
package iactest

import (
	"strconv"
	"strings"
)

// Lookup follows a dotted attribute path with [i] indexes and ["key"]
// members (the AttrRanges path syntax) into a resource's Attrs.
func Lookup(v any, path string) (any, bool) {
	for path != "" {
		switch {
		case strings.HasPrefix(path, "[\""):
			end := strings.Index(path, "\"]")
			key, err := strconv.Unquote(path[1 : end+1])
			if err != nil {
				return nil, false
			}
			m, ok := v.(map[string]any)
			if !ok {
				return nil, false
			}
			if v, ok = m[key]; !ok {
				return nil, false
			}
			path = path[end+2:]
		case path[0] == '[':
			end := strings.IndexByte(path, ']')
			i, _ := strconv.Atoi(path[1:end])
			l, ok := v.([]any)
			if !ok || i >= len(l) {
				return nil, false
			}
			v = l[i]
			path = path[end+1:]
		default:
			path = strings.TrimPrefix(path, ".")
			end := strings.IndexAny(path, ".[")
			if end < 0 {
				end = len(path)
			}
			m, ok := v.(map[string]any)
			if !ok {
				return nil, false
			}
			if v, ok = m[path[:end]]; !ok {
				return nil, false
			}
			path = path[end:]
		}
	}
	return v, true
}
