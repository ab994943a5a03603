// Package kubernetes reads Kubernetes manifests (YAML, with several
// documents per file, or JSON, one object or a stream of objects) and
// returns the objects they declare.
//
// Every document that is a mapping with apiVersion and kind becomes one
// iac.Resource: Type "<apiVersion>/<kind>" (apps/v1/Deployment, v1/Pod),
// Name metadata.name (or metadata.generateName when there is no name),
// Address "<kind>/<namespace>/<name>" with namespace "default" when
// metadata.namespace is absent (also for cluster-scoped kinds), Attrs the
// whole document, Range the document's lines (from its first to its last
// content line), and AttrRanges every path in the document
// ("spec.template.spec.containers[0].securityContext.privileged"; map
// keys containing '.', '[', ']' or '"' are written ["key"], e.g.
// metadata.annotations["kubernetes.io/ingress.class"]). Lists (kind
// List, or any kind ending in List with an items array, as kubectl get -o
// yaml writes) are unpacked: each item is a resource; items of a typed
// list (PodList) that lack apiVersion/kind take them from the list.
//
// Values follow what kubectl sends to the API server: YAML is read with
// YAML 1.1 scalars as sigs.k8s.io/yaml does, so unquoted yes/no/on/off
// are booleans and 0644 is octal (420) (but y and n stay strings);
// integral numbers are int64;
// timestamps stay strings; aliases and merge keys (<<) are expanded.
// .inf and .nan stay strings (JSON cannot carry them).
//
// Empty documents and documents holding only comments are ignored. A
// document with a syntax error yields an error diagnostic and the other
// documents are still read. Helm chart templates ({{ .Values.x }},
// {{ include ... }}) are not YAML: such a file yields a single warning
// asking to render it with helm template first, and no resources.
package kubernetes

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"cloudward/iac"
	"cloudward/iac/internal/jsonpos"
)

var (
	yamlAPIVersion = regexp.MustCompile(`(?m)^["']?apiVersion["']?[ \t]*:`)
	yamlKind       = regexp.MustCompile(`(?m)^["']?kind["']?[ \t]*:`)
	// helmRef matches template actions that only Helm charts use; Go
	// template actions in plain manifests ({{ $labels.instance }} in a
	// PrometheusRule) do not match.
	helmRef = regexp.MustCompile(`\{\{[^}]*(\$?\.(Values|Release|Chart|Capabilities|Files|Template)\b|\b(include|toYaml|tpl|nindent|required)\b)`)
)

// Detect reports whether a file looks like Kubernetes manifests: a .yaml,
// .yml or .json file (any name when name is empty) whose documents have
// top-level apiVersion and kind. Helm chart templates are detected too, so
// that Parse can say they need rendering.
func Detect(name string, data []byte) bool {
	if name != "" {
		switch strings.ToLower(filepath.Ext(name)) {
		case ".yaml", ".yml", ".json":
		default:
			return false
		}
	}
	d := bytes.TrimLeft(data, "\xef\xbb\xbf \t\r\n")
	if len(d) == 0 {
		return false
	}
	if d[0] == '{' || d[0] == '[' {
		if !bytes.Contains(d, []byte(`"apiVersion"`)) || !bytes.Contains(d, []byte(`"kind"`)) ||
			bytes.Contains(d, []byte(`"planned_values"`)) || bytes.Contains(bytes.ToLower(d), []byte("deploymenttemplate.json")) {
			return false
		}
		nodes, _ := jsonpos.ParseStream(d)
		for _, n := range nodes {
			if n.Kind == jsonpos.Array {
				for _, e := range n.Elems {
					if isObjectNode(e) {
						return true
					}
				}
			}
			if isObjectNode(n) {
				return true
			}
		}
		return false
	}
	return yamlAPIVersion.Match(d) && yamlKind.Match(d)
}

func isObjectNode(n *jsonpos.Node) bool {
	a, k := n.Get("apiVersion"), n.Get("kind")
	return a != nil && a.Kind == jsonpos.String && k != nil && k.Kind == jsonpos.String
}

// parser holds the state of one Parse call.
type parser struct {
	file  string
	diags []iac.Diagnostic
	out   []iac.Resource
	seen  map[string]int // address -> line
	// lists counts the lists being unpacked, against lists that contain
	// themselves through aliases.
	lists int
	// helmHint is set when a document has a mapping or sequence as a
	// mapping key, which {{ }} produces when parsed as YAML.
	helmHint bool
}

func (p *parser) diag(sev string, line, col int, format string, args ...any) {
	p.diags = append(p.diags, iac.Diagnostic{File: p.file, Line: line, Column: col, Severity: sev, Message: fmt.Sprintf(format, args...)})
}

// Parse reads Kubernetes manifests. file names the file in Ranges and
// Diagnostics.
func Parse(file string, data []byte) ([]iac.Resource, []iac.Diagnostic) {
	p := &parser{file: file, seen: map[string]int{}}
	d := data
	if bytes.HasPrefix(d, []byte("\xef\xbb\xbf")) {
		d = d[3:]
	}
	trimmed := bytes.TrimLeft(d, " \t\r\n")
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		p.parseJSON(data)
		return p.out, p.diags
	}
	if loc := helmRef.FindIndex(d); loc != nil {
		return nil, p.helm(d, loc[0])
	}
	p.parseYAML(d)
	if p.helmHint || hasError(p.diags) {
		if i := firstAction(d); i >= 0 {
			return nil, p.helm(d, i)
		}
	}
	return p.out, p.diags
}

// firstAction returns the offset of the first "{{" outside a comment
// line, or -1.
func firstAction(d []byte) int {
	for off := 0; off < len(d); {
		end := bytes.IndexByte(d[off:], '\n')
		if end < 0 {
			end = len(d) - off
		}
		line := d[off : off+end]
		if t := bytes.TrimLeft(line, " \t"); len(t) == 0 || t[0] != '#' {
			if i := bytes.Index(line, []byte("{{")); i >= 0 {
				return off + i
			}
		}
		off += end + 1
	}
	return -1
}

func hasError(ds []iac.Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == iac.SeverityError {
			return true
		}
	}
	return false
}

// helm returns the single diagnostic for a Helm chart template whose
// first template action is at offset i.
func (p *parser) helm(d []byte, i int) []iac.Diagnostic {
	line := bytes.Count(d[:i], []byte("\n")) + 1
	col := i - (bytes.LastIndexByte(d[:i], '\n') + 1) + 1
	return []iac.Diagnostic{{File: p.file, Line: line, Column: col, Severity: iac.SeverityWarning,
		Message: "this is a Helm chart template ({{ ... }} template actions), not plain YAML, so it was not scanned; render with helm template first (helm template RELEASE CHART > rendered.yaml) and scan the output"}}
}

// chunk is one YAML document's text and the line it starts on.
type chunk struct {
	text  []byte
	line  int // 1-based line of the first byte of text
	empty bool
}

// splitDocuments splits a YAML stream at document markers ("---" and
// "..." at the start of a line), which YAML never allows inside content,
// so that a syntax error in one document does not hide the others.
// Directives (%YAML) and comments before a "---" stay with the document
// that follows.
func splitDocuments(d []byte) []chunk {
	var out []chunk
	cur := chunk{line: 1, empty: true}
	start := 0
	line := 1
	marker := false // the current chunk has a "---"
	for pos := 0; pos < len(d); {
		end := bytes.IndexByte(d[pos:], '\n')
		next := len(d)
		if end >= 0 {
			next = pos + end + 1
		}
		l := bytes.TrimRight(d[pos:next], "\r\n")
		switch {
		case isMarker(l, "---"):
			if !cur.empty || marker {
				// Close the document so far (an empty one after a
				// marker is dropped); directives and comments before
				// the first marker stay with what follows.
				if !cur.empty {
					cur.text = d[start:pos]
					out = append(out, cur)
				}
				cur = chunk{line: line, empty: true}
				start = pos
			}
			marker = true
			if rest := bytes.TrimSpace(l[3:]); len(rest) > 0 && rest[0] != '#' {
				cur.empty = false // content on the marker line
			}
		case isMarker(l, "..."):
			cur.text = d[start:next]
			out = append(out, cur)
			cur = chunk{line: line + 1, empty: true}
			start = next
			marker = false
		default:
			t := bytes.TrimSpace(l)
			if len(t) > 0 && t[0] != '#' && !(t[0] == '%' && len(l) > 0 && l[0] == '%') {
				cur.empty = false
			}
		}
		pos = next
		line++
	}
	cur.text = d[start:]
	out = append(out, cur)
	return out
}

func isMarker(l []byte, m string) bool {
	return bytes.HasPrefix(l, []byte(m)) && (len(l) == 3 || l[3] == ' ' || l[3] == '\t')
}

// unmarshal is yaml.Unmarshal, with a panic in the YAML library turned
// into an error so that no input can crash a scan.
func unmarshal(data []byte, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: the YAML parser failed on this document (%v)", r)
		}
	}()
	return yaml.Unmarshal(data, n)
}

var yamlErrLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (p *parser) parseYAML(d []byte) {
	for _, c := range splitDocuments(d) {
		if c.empty {
			continue
		}
		var doc yaml.Node
		if err := unmarshal(c.text, &doc); err != nil {
			line, msg := c.line, strings.TrimPrefix(err.Error(), "yaml: ")
			if m := yamlErrLine.FindStringSubmatch(err.Error()); m != nil {
				n, _ := strconv.Atoi(m[1])
				line, msg = c.line+n-1, m[2]
			} else if first := firstContentLine(c.text); first > 0 {
				line = c.line + first - 1
			}
			p.diag(iac.SeverityError, line, 0, "YAML syntax error: %s; this document was not scanned, fix it and scan again", msg)
			continue
		}
		if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
			continue
		}
		cv := &converter{p: p, off: c.line - 1, budget: maxExpansion(len(c.text))}
		root := doc.Content[0]
		end := c.line + lastContentLine(c.text) - 1
		p.document(cv, root, root.Line+cv.off, end)
	}
}

// firstContentLine returns the 1-based line of the first line in text that
// is not blank, a comment or a marker (0 if none).
func firstContentLine(text []byte) int {
	for i, l := range bytes.Split(text, []byte("\n")) {
		t := bytes.TrimSpace(l)
		if len(t) > 0 && t[0] != '#' && t[0] != '%' && !isMarker(bytes.TrimRight(l, "\r"), "---") {
			return i + 1
		}
	}
	return 0
}

// lastContentLine returns the 1-based line of the last line in text that
// is not blank, a comment or a document marker.
func lastContentLine(text []byte) int {
	lines := bytes.Split(text, []byte("\n"))
	for i := len(lines) - 1; i >= 0; i-- {
		l := bytes.TrimRight(lines[i], "\r")
		t := bytes.TrimSpace(l)
		if len(t) == 0 || t[0] == '#' || isMarker(l, "...") {
			continue
		}
		return i + 1
	}
	return 1
}

// maxExpansion bounds how many values alias expansion may produce from a
// document, against alias bombs.
func maxExpansion(size int) int {
	return 100*size + 100000
}

func (p *parser) parseJSON(data []byte) {
	nodes, jerr := jsonpos.ParseStream(data)
	if jerr != nil {
		p.diag(iac.SeverityError, jerr.Line, jerr.Col, "invalid JSON: %s; the rest of the file was not scanned", jerr.Msg)
	}
	for _, n := range nodes {
		cv := &converter{p: p, ends: map[*yaml.Node]int{}, budget: maxExpansion(len(data))}
		y := cv.fromJSON(n)
		p.document(cv, y, n.Line, n.EndLine)
	}
}

// document reads one top-level value spanning lines start..end.
func (p *parser) document(cv *converter, root *yaml.Node, start, end int) {
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return // an empty document (~)
	}
	if root.Kind == yaml.SequenceNode {
		// A JSON array of objects, or a YAML document that is a list.
		for _, item := range root.Content {
			if item.Kind == yaml.MappingNode {
				p.object(cv, item, item.Line+cv.off, cv.end(item)+cv.off, nil)
			}
		}
		return
	}
	if root.Kind != yaml.MappingNode {
		p.diag(iac.SeverityWarning, start, root.Column, "this document is %s, not a Kubernetes object (a mapping with apiVersion and kind); skipped", kindDesc(root))
		return
	}
	p.object(cv, root, start, end, nil)
}

func kindDesc(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a sequence"
	case yaml.ScalarNode:
		return "a scalar"
	case yaml.AliasNode:
		return "an alias"
	}
	return "a mapping"
}

// listDefaults carries apiVersion and kind from a typed list (PodList)
// to items that lack them.
type listDefaults struct{ apiVersion, kind string }

// object reads one Kubernetes object (or list) mapping.
func (p *parser) object(cv *converter, n *yaml.Node, start, end int, defaults *listDefaults) {
	if p.list(cv, n) {
		return
	}
	ranges := map[string]iac.Range{}
	v, ok := cv.value(n, "", ranges, 0)
	if !ok {
		return
	}
	attrs, isMap := v.(map[string]any)
	if !isMap {
		return
	}
	if defaults != nil {
		// Items of a typed list take apiVersion and kind from it; they
		// are located at the item.
		for key, v := range map[string]string{"apiVersion": defaults.apiVersion, "kind": defaults.kind} {
			if _, has := attrs[key]; !has {
				attrs[key] = v
				ranges[key] = iac.Range{File: p.file, StartLine: start, EndLine: start}
			}
		}
	}
	apiVersion, okA := attrs["apiVersion"].(string)
	kind, okK := attrs["kind"].(string)
	_, hasA := attrs["apiVersion"]
	_, hasK := attrs["kind"]
	switch {
	case !hasA && !hasK:
		return // not a Kubernetes object (a values file, a config fragment)
	case !okA || !okK || apiVersion == "" || kind == "":
		p.diag(iac.SeverityWarning, start, 0, "this object has no valid apiVersion and kind (both must be non-empty strings); skipped")
		return
	}
	meta, _ := attrs["metadata"].(map[string]any)
	name, _ := meta["name"].(string)
	if name == "" {
		if g, ok := meta["generateName"].(string); ok && g != "" {
			name = g
		} else {
			p.diag(iac.SeverityWarning, start, 0, "%s has no metadata.name; it is reported with an empty name", kind)
		}
	}
	ns, _ := meta["namespace"].(string)
	if ns == "" {
		ns = "default"
	}
	addr := kind + "/" + ns + "/" + name
	if first, dup := p.seen[addr]; dup {
		p.diag(iac.SeverityWarning, start, 0, "%s is declared again (first at line %d); both are reported, and the API server keeps the last one applied", addr, first)
	} else {
		p.seen[addr] = start
	}
	p.out = append(p.out, iac.Resource{
		Format:     iac.FormatKubernetes,
		Type:       apiVersion + "/" + kind,
		Address:    addr,
		Name:       name,
		Range:      iac.Range{File: p.file, StartLine: start, EndLine: end},
		AttrRanges: ranges,
		Attrs:      attrs,
	})
}

// maxListNesting bounds lists within lists.
const maxListNesting = 8

// list reads a list object (kind List, or a typed list such as PodList,
// with an items sequence) item by item; it reports whether n was one.
func (p *parser) list(cv *converter, n *yaml.Node) bool {
	kn, in := cv.child(n, "kind"), cv.child(n, "items")
	if kn == nil || in == nil || kn.Kind != yaml.ScalarNode || !strings.HasSuffix(kn.Value, "List") {
		return false
	}
	kind := kn.Value
	switch {
	case in.Kind == yaml.ScalarNode && in.ShortTag() == "!!null":
		return true // an empty list
	case in.Kind != yaml.SequenceNode:
		p.diag(iac.SeverityWarning, in.Line+cv.off, in.Column, "the items of a %s must be a sequence, not %s; skipped", kind, kindDesc(in))
		return true
	}
	if p.lists >= maxListNesting {
		p.diag(iac.SeverityWarning, n.Line+cv.off, n.Column, "lists nested deeper than %d levels; the inner ones are skipped", maxListNesting)
		return true
	}
	p.lists++
	defer func() { p.lists-- }()
	var defaults *listDefaults
	if kind != "List" {
		av := cv.child(n, "apiVersion")
		if av == nil || av.Kind != yaml.ScalarNode {
			return false
		}
		defaults = &listDefaults{apiVersion: av.Value, kind: strings.TrimSuffix(kind, "List")}
	}
	for _, item := range in.Content {
		item = cv.deref(item)
		if item.Kind != yaml.MappingNode {
			p.diag(iac.SeverityWarning, item.Line+cv.off, item.Column, "a %s item is %s, not an object; skipped", kind, kindDesc(item))
			continue
		}
		p.object(cv, item, item.Line+cv.off, cv.end(item)+cv.off, defaults)
	}
	return true
}

// converter turns yaml.v3 nodes into Attrs values and records ranges.
type converter struct {
	p      *parser
	off    int                // added to node lines (document chunks)
	ends   map[*yaml.Node]int // end lines known exactly (JSON)
	budget int                // values alias expansion may still produce
	failed bool
}

// maxPathLen bounds the attribute paths recorded in AttrRanges, so that
// deeply nested values cannot make the paths' total size quadratic.
const maxPathLen = 1024

// maxDepth bounds nesting (and alias recursion).
const maxDepth = 1000

func (cv *converter) deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < maxDepth; i++ {
		n = n.Alias
	}
	return n
}

// child returns the value node of key in mapping n.
func (cv *converter) child(n *yaml.Node, key string) *yaml.Node {
	var found *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			found = cv.deref(n.Content[i+1])
		}
	}
	return found
}

// end returns the last line of a node (relative to its document).
func (cv *converter) end(n *yaml.Node) int {
	if e, ok := cv.ends[n]; ok {
		return e
	}
	end := n.Line
	switch n.Kind {
	case yaml.ScalarNode:
		switch {
		case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
			// Content starts on the line after the indicator.
			// (Folding joins lines, so for > this is a lower bound.)
			lines := strings.Count(n.Value, "\n")
			if !strings.HasSuffix(n.Value, "\n") {
				lines++
			}
			end = n.Line + lines
		}
		// A quoted or plain scalar folded over several lines keeps its
		// start line: its value does not say how many lines it took.
	case yaml.MappingNode, yaml.SequenceNode, yaml.DocumentNode:
		if len(n.Content) > 0 {
			end = max(end, cv.end(n.Content[len(n.Content)-1]))
		}
	}
	return end
}

// value converts a node. ok is false when the document must be dropped
// (alias expansion too large).
func (cv *converter) value(n *yaml.Node, path string, rs map[string]iac.Range, depth int) (any, bool) {
	if cv.failed {
		return nil, false
	}
	cv.budget--
	if cv.budget < 0 || depth > maxDepth {
		cv.failed = true
		cv.p.diag(iac.SeverityError, n.Line+cv.off, n.Column, "the document nests or repeats values too much (a YAML alias bomb?); it was not scanned")
		return nil, false
	}
	if len(path) > maxPathLen {
		rs = nil // deeper values are not located
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, true
		}
		// The aliased values are located at the alias, not the anchor.
		return cv.value(n.Alias, path, nil, depth+1)
	case yaml.ScalarNode:
		return scalar(n), true
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for i, e := range n.Content {
			p := path + "[" + strconv.Itoa(i) + "]"
			if rs != nil {
				rs[p] = iac.Range{File: cv.p.file, StartLine: e.Line + cv.off, EndLine: cv.end(e) + cv.off}
			}
			v, ok := cv.value(e, p, rs, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, v)
		}
		return out, true
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		var merges []*yaml.Node
		keyLines := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				cv.p.helmHint = true
				cv.p.diag(iac.SeverityWarning, k.Line+cv.off, k.Column, "a mapping key is %s, which Kubernetes does not accept; the entry is skipped", kindDesc(k))
				continue
			}
			if k.ShortTag() == "!!merge" {
				merges = append(merges, v)
				continue
			}
			key := k.Value
			if first, dup := keyLines[key]; dup {
				cv.p.diag(iac.SeverityWarning, k.Line+cv.off, k.Column, "key %q is repeated (first at line %d); the last value is used", key, first)
			}
			keyLines[key] = k.Line + cv.off
			p := joinKey(path, key)
			if rs != nil {
				rs[p] = iac.Range{File: cv.p.file, StartLine: k.Line + cv.off, EndLine: cv.end(v) + cv.off}
			}
			val, ok := cv.value(v, p, rs, depth+1)
			if !ok {
				return nil, false
			}
			out[key] = val
		}
		// Merge keys: explicit keys win, then earlier merged maps.
		for _, m := range merges {
			srcs := []*yaml.Node{m}
			if d := cv.deref(m); d.Kind == yaml.SequenceNode {
				srcs = d.Content
			}
			for _, s := range srcs {
				mv, ok := cv.value(s, path, nil, depth+1)
				if !ok {
					return nil, false
				}
				mm, isMap := mv.(map[string]any)
				if !isMap {
					cv.p.diag(iac.SeverityWarning, s.Line+cv.off, s.Column, "a merge key (<<) needs a mapping or a list of mappings; ignored")
					continue
				}
				for k, x := range mm {
					if _, has := out[k]; !has {
						out[k] = x
						if rs != nil {
							rs[joinKey(path, k)] = iac.Range{File: cv.p.file, StartLine: m.Line + cv.off, EndLine: m.Line + cv.off}
						}
					}
				}
			}
		}
		return out, true
	}
	return nil, true
}

// yaml11Bools are the plain scalars YAML 1.1 (and so kubectl, through
// sigs.k8s.io/yaml) reads as booleans; yaml.v3 reads them as strings.
// YAML 1.1 also reads y and n as booleans; they are kept as strings here,
// since a lone letter is far more often a name or a value than a
// boolean (and the API server rejects a boolean where a string belongs).
var yaml11Bools = map[string]bool{
	"yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
	"true": true, "True": true, "TRUE": true,
	"no": false, "No": false, "NO": false, "off": false, "Off": false, "OFF": false,
	"false": false, "False": false, "FALSE": false,
}

// scalar converts a scalar node to a value.
func scalar(n *yaml.Node) any {
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return n.Value
	}
	tag := n.ShortTag()
	if n.Style&yaml.TaggedStyle == 0 && tag == "!!str" {
		if b, ok := yaml11Bools[n.Value]; ok {
			return b
		}
	}
	switch tag {
	case "!!null":
		return nil
	case "!!bool":
		if b, ok := yaml11Bools[n.Value]; ok {
			return b
		}
		return n.Value
	case "!!int":
		if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
			return i
		}
		if f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64); err == nil && !math.IsInf(f, 0) {
			return f
		}
		return n.Value
	case "!!float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return n.Value
		}
		if f == math.Trunc(f) && math.Abs(f) < jsonpos.MaxExactInt {
			return int64(f)
		}
		return f
	}
	return n.Value
}

// fromJSON converts a JSON value to a yaml.Node, so that JSON and YAML
// manifests are read the same way; exact end lines are kept in cv.ends.
func (cv *converter) fromJSON(j *jsonpos.Node) *yaml.Node {
	y := &yaml.Node{Line: j.Line, Column: j.Col}
	cv.ends[y] = j.EndLine
	switch j.Kind {
	case jsonpos.Null:
		y.Kind, y.Tag, y.Value = yaml.ScalarNode, "!!null", "null"
	case jsonpos.Bool:
		y.Kind, y.Tag, y.Value = yaml.ScalarNode, "!!bool", strconv.FormatBool(j.B)
	case jsonpos.Number:
		y.Kind, y.Value = yaml.ScalarNode, j.Str
		y.Tag = "!!float"
		if _, err := strconv.ParseInt(j.Str, 10, 64); err == nil {
			y.Tag = "!!int"
		}
	case jsonpos.String:
		y.Kind, y.Tag, y.Value, y.Style = yaml.ScalarNode, "!!str", j.Str, yaml.DoubleQuotedStyle
	case jsonpos.Array:
		y.Kind, y.Tag = yaml.SequenceNode, "!!seq"
		for _, e := range j.Elems {
			y.Content = append(y.Content, cv.fromJSON(e))
		}
	case jsonpos.Object:
		y.Kind, y.Tag = yaml.MappingNode, "!!map"
		for _, f := range j.Fields {
			k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: f.Key, Style: yaml.DoubleQuotedStyle, Line: f.Line, Column: f.Col}
			y.Content = append(y.Content, k, cv.fromJSON(f.Val))
		}
	}
	return y
}

// joinKey appends key to a dotted path. Keys that would make the path
// ambiguous (empty, or containing '.', '[', ']' or '"') are written as
// ["key"] with Go string quoting: metadata.labels["app.kubernetes.io/name"].
func joinKey(prefix, key string) string {
	if key == "" || strings.ContainsAny(key, `.[]"`) {
		return prefix + "[" + strconv.Quote(key) + "]"
	}
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}
