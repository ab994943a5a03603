package cloudformation

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// document is a decoded template with what is needed to locate its parts.
type document struct {
	data  []byte
	root  *yaml.Node
	json  bool // decoded by parseJSON: scalars are single-line, ends are exact
	multi bool // YAML stream with more than one document
	// notJSON is set when the text looks like JSON but is not valid JSON
	// and was read as YAML instead.
	notJSON *syntaxError

	ends       map[*yaml.Node]int // last line of collections (memo)
	flowEnds   map[int]int        // byte offset of '[' or '{' → line of its closing bracket
	lineStarts []int              // byte offset of each line, built on demand
	// last result of offset: line, column and byte offset
	offLine, offCol, offOff int
}

// isJSONText reports whether data starts (after a BOM and white space)
// with '{', the way a JSON template does.
func isJSONText(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	data = bytes.TrimLeft(data, " \t\r\n")
	return len(data) > 0 && data[0] == '{'
}

// decode parses data as JSON (when it looks like JSON) or YAML. A file
// named *.json must be valid JSON; other files starting with '{' that are
// not valid JSON are read as YAML when they can be.
func decode(data []byte, strictJSON bool) (*document, *syntaxError) {
	d := &document{data: data, ends: map[*yaml.Node]int{}}
	if isJSONText(data) {
		root, jerr := parseJSON(data, d.ends)
		if jerr == nil {
			d.root, d.json = root, true
			return d, nil
		}
		// Not valid JSON: it may still be a YAML flow mapping (YAML allows
		// comments and unquoted keys). If YAML cannot read it either, the
		// JSON error is the more precise one.
		d.ends = map[*yaml.Node]int{}
		if root, multi, yerr := decodeYAML(data); !strictJSON && yerr == nil && root != nil {
			d.root, d.multi = root, multi
			d.notJSON = jerr
			return d, nil
		}
		jerr.msg = "JSON syntax error: " + jerr.msg
		return nil, jerr
	}
	root, multi, err := decodeYAML(data)
	if err != nil {
		return nil, yamlSyntaxError(data, err)
	}
	if root == nil {
		return nil, &syntaxError{line: 1, col: 1, msg: "the template is empty: a CloudFormation template is a mapping with a Resources section"}
	}
	d.root, d.multi = root, multi
	return d, nil
}

// decodeYAML decodes the first document of data. The YAML library can
// panic on some malformed input; that is turned into an error.
func decodeYAML(data []byte) (root *yaml.Node, multi bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			root, multi, err = nil, false, fmt.Errorf("yaml: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, false, nil
		}
		return nil, false, err
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		multi = true
	}
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return nil, multi, nil
		}
		return doc.Content[0], multi, nil
	}
	return &doc, multi, nil
}

var yamlErrRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// yamlHints tell what to do about common YAML errors.
var yamlHints = []struct{ problem, hint string }{
	{"mapping values are not allowed", "check the indentation, and quote values that contain \": \""},
	{"did not find expected key", "check the indentation of this block and of the lines that follow"},
	{"did not find expected ',' or ']'", "close the flow list with ']'"},
	{"did not find expected ',' or '}'", "close the flow mapping with '}'"},
	{"could not find expected ':'", "a mapping key must be followed by ': '"},
	{"found character that cannot start any token", "YAML does not allow tabs for indentation, and values starting with '@' or '`' must be quoted"},
	{"found unknown escape character", "in double-quoted strings write \\\\ for a backslash, or use single quotes"},
	{"found unexpected end of stream", "a quoted string or flow collection is not closed"},
	{"block sequence entries are not allowed", "check the indentation of the '-' entries"},
	{"did not find expected node content", "a value is missing"},
	{"did not find expected '-' indicator", "check the indentation of the '-' entries"},
	{"found undefined tag handle", "tags are written !Name (CloudFormation short forms like !Ref, !Sub)"},
	{"unknown anchor", "define the anchor (&name) before using the alias (*name)"},
}

// yamlSyntaxError turns a YAML library error into a positioned error. The
// library reports only a line; the column is that of the first
// character the error message points at when it can be found on the
// line, or else of the line's first non-blank character.
func yamlSyntaxError(data []byte, err error) *syntaxError {
	line, msg := splitYAMLError(err)
	d := &document{data: data}
	if n := d.lines(); line > n {
		line = n
	}
	if line < 1 {
		line = 1
	}
	if l := d.errorLine(msg); l > 0 {
		line = l
	}
	text := d.lineText(line)
	col := 0
	if strings.Contains(msg, "cannot start any token") {
		if i := strings.IndexAny(text, "\t@`"); i >= 0 {
			col = utf8.RuneCountInString(text[:i]) + 1
		}
	}
	if col == 0 {
		if i := strings.IndexFunc(text, func(r rune) bool { return r != ' ' && r != '\t' }); i >= 0 {
			col = utf8.RuneCountInString(text[:i]) + 1
		} else {
			col = 1
		}
	}
	out := "YAML syntax error: " + msg
	for _, h := range yamlHints {
		if strings.Contains(msg, h.problem) {
			out += " (" + h.hint + ")"
			break
		}
	}
	return &syntaxError{line: line, col: col, msg: out}
}

// splitYAMLError returns the line and message of a YAML library error.
func splitYAMLError(err error) (int, string) {
	msg := err.Error()
	line := 1
	if m := yamlErrRE.FindStringSubmatch(msg); m != nil {
		if m[1] != "" {
			line, _ = strconv.Atoi(m[1])
		}
		msg = m[2]
	}
	return line, msg
}

// maxBisect is the largest document whose syntax errors are located by
// bisection.
const maxBisect = 1 << 20

// errorLine finds the line of a YAML syntax error with message msg. The
// library often reports the line where the enclosing block starts rather
// than the offending line, so this looks for the shortest prefix of
// whole lines that fails with the same message; it returns 0 when there
// is none.
func (d *document) errorLine(msg string) int {
	n := d.lines()
	if len(d.data) > maxBisect || n < 2 {
		return 0
	}
	fails := func(l int) bool {
		end := len(d.data)
		if l < n {
			end = d.lineStarts[l]
		}
		_, _, err := decodeYAML(d.data[:end])
		if err == nil {
			return false
		}
		_, m := splitYAMLError(err)
		return m == msg
	}
	l := sort.Search(n, func(i int) bool { return fails(i + 1) }) + 1
	if l > n || !fails(l) {
		return 0
	}
	return l
}

// lines returns the number of lines of the document.
func (d *document) lines() int {
	d.index()
	return len(d.lineStarts)
}

// index records where lines start. Line breaks are those of the YAML
// library: LF, CR LF, CR, NEL, LS and PS.
func (d *document) index() {
	if d.lineStarts != nil {
		return
	}
	data := d.data
	d.lineStarts = append(make([]int, 0, bytes.Count(data, []byte{'\n'})+1), 0)
	for i := 0; i < len(data); i++ {
		if n := breakLen(data, i); n > 0 {
			i += n - 1
			if i+1 < len(data) {
				d.lineStarts = append(d.lineStarts, i+1)
			}
		}
	}
}

// breakLen returns the length of the line break at data[i], or 0.
func breakLen(data []byte, i int) int {
	switch c := data[i]; {
	case c == '\n':
		return 1
	case c == '\r':
		if i+1 < len(data) && data[i+1] == '\n' {
			return 2
		}
		return 1
	case c == 0xC2 && i+1 < len(data) && data[i+1] == 0x85:
		return 2
	case c == 0xE2 && i+2 < len(data) && data[i+1] == 0x80 && (data[i+2] == 0xA8 || data[i+2] == 0xA9):
		return 3
	}
	return 0
}

// lineText returns line l (1-based) without its line break.
func (d *document) lineText(l int) string {
	d.index()
	if l < 1 || l > len(d.lineStarts) {
		return ""
	}
	start := d.lineStarts[l-1]
	end := len(d.data)
	if l < len(d.lineStarts) {
		end = d.lineStarts[l]
	}
	for i := start; i < end; i++ {
		if breakLen(d.data, i) > 0 {
			return string(d.data[start:i])
		}
	}
	return string(d.data[start:end])
}

// offset returns the byte offset of 1-based line l, 1-based column col
// (counted in characters, as the YAML library counts them). Successive
// calls on one line continue from the previous position, so that long
// lines (single-line flow YAML) are not walked again for every node.
func (d *document) offset(l, col int) int {
	d.index()
	if l < 1 || l > len(d.lineStarts) {
		return -1
	}
	off, c := d.lineStarts[l-1], 1
	if d.offLine == l && d.offCol <= col {
		off, c = d.offOff, d.offCol
	}
	for ; c < col && off < len(d.data) && breakLen(d.data, off) == 0; c++ {
		if d.data[off] < utf8.RuneSelf {
			off++
			continue
		}
		_, size := utf8.DecodeRune(d.data[off:])
		off += size
	}
	d.offLine, d.offCol, d.offOff = l, c, off
	return off
}

// lineOf returns the 1-based line of byte offset off.
func (d *document) lineOf(off int) int {
	d.index()
	return sort.Search(len(d.lineStarts), func(i int) bool { return d.lineStarts[i] > off })
}

// indent returns the number of leading spaces of s and whether s is blank.
func indent(s string) (int, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '\t' {
			return i, false
		}
	}
	return len(s), true
}

// end returns the last line of node n. ownerCol is the 1-based column of
// the mapping key or sequence entry n is the value of (its content lines
// are indented further), ownerLine that key's line, inFlow whether n is
// inside a flow collection.
func (d *document) end(n *yaml.Node, ownerCol, ownerLine int, inFlow bool) int {
	e := d.end1(n, ownerCol, ownerLine, inFlow, 0)
	if e < ownerLine {
		e = ownerLine
	}
	return e
}

func (d *document) end1(n *yaml.Node, ownerCol, ownerLine int, inFlow bool, depth int) int {
	if n == nil {
		return ownerLine
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return d.scalarEnd(n, ownerCol, ownerLine, inFlow)
	case yaml.MappingNode, yaml.SequenceNode:
		if e, ok := d.ends[n]; ok {
			return e
		}
		var e int
		switch {
		case n.Style&yaml.FlowStyle != 0 || inFlow:
			e = d.flowEnd(n)
		case len(n.Content) == 0 || depth > 10000:
			e = n.Line
		case n.Kind == yaml.MappingNode:
			if len(n.Content) < 2 {
				e = n.Line
				break
			}
			k, v := n.Content[len(n.Content)-2], n.Content[len(n.Content)-1]
			e = max(k.Line, d.end1(v, k.Column, k.Line, false, depth+1))
		default:
			last := n.Content[len(n.Content)-1]
			col := n.Column
			if n.Style&yaml.TaggedStyle != 0 {
				// The node starts at its tag; the entries' dashes are
				// just before the entries.
				col = max(1, last.Column-1)
			}
			e = max(last.Line, d.end1(last, col, last.Line, false, depth+1))
		}
		d.ends[n] = e
		return e
	}
	return n.Line
}

func (d *document) scalarEnd(n *yaml.Node, ownerCol, ownerLine int, inFlow bool) int {
	switch {
	case d.json:
		return n.Line
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return d.blockEnd(n.Line, ownerCol, false)
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		return d.quotedEnd(n)
	case n.Value == "" && n.Tag == "!!null":
		return ownerLine
	case inFlow || !strings.ContainsAny(n.Value, " \n"):
		return n.Line
	}
	return d.blockEnd(n.Line, ownerCol, true)
}

// blockEnd returns the last line of a block scalar or multi-line plain
// scalar starting on line start: following lines belong to it while they
// are blank or indented at least ownerCol spaces (a plain scalar also
// ends at a comment line).
func (d *document) blockEnd(start, ownerCol int, plain bool) int {
	last := start
	n := d.lines()
	for l := start + 1; l <= n; l++ {
		s := d.lineText(l)
		ind, blank := indent(s)
		if blank {
			continue
		}
		if ind < ownerCol || (plain && s[ind] == '#') {
			break
		}
		last = l
	}
	return last
}

// quotedEnd returns the line of the closing quote of a quoted scalar.
func (d *document) quotedEnd(n *yaml.Node) int {
	off := d.offset(n.Line, n.Column)
	if off < 0 {
		return n.Line
	}
	data := d.data
	i := off
	for i < len(data) && data[i] != '"' && data[i] != '\'' && breakLen(data, i) == 0 {
		i++
	}
	if i >= len(data) || breakLen(data, i) > 0 {
		return n.Line
	}
	q := data[i]
	for i++; i < len(data); i++ {
		switch c := data[i]; {
		case q == '"' && c == '\\':
			i++
		case c == q:
			if q == '\'' && i+1 < len(data) && data[i+1] == '\'' {
				i++
				continue
			}
			return max(n.Line, d.lineOf(i))
		}
	}
	return n.Line
}

// flowEnd returns the line of the bracket closing the flow collection n.
// One scan records the ends of all collections nested in it.
func (d *document) flowEnd(n *yaml.Node) int {
	off := d.offset(n.Line, n.Column)
	if off < 0 {
		return n.Line
	}
	for off < len(d.data) && d.data[off] != '[' && d.data[off] != '{' {
		if breakLen(d.data, off) > 0 {
			return n.Line
		}
		off++
	}
	if off >= len(d.data) {
		return n.Line
	}
	if d.flowEnds == nil {
		d.flowEnds = map[int]int{}
	}
	if e, ok := d.flowEnds[off]; ok {
		return e
	}
	data := d.data
	var stack []int
	var quote byte
	prev := byte(' ')
	for i := off; i < len(data); i++ {
		c := data[i]
		if quote != 0 {
			switch {
			case quote == '"' && c == '\\':
				i++
			case c == quote:
				if quote == '\'' && i+1 < len(data) && data[i+1] == '\'' {
					i++
					continue
				}
				quote = 0
			}
			prev = c
			continue
		}
		switch c {
		case '#':
			if prev == ' ' || prev == '\t' || prev == '\n' || prev == '\r' {
				for i+1 < len(data) && data[i+1] != '\n' && data[i+1] != '\r' {
					i++
				}
			}
		case '"', '\'':
			if strings.IndexByte(" \t\r\n[{,:", prev) >= 0 {
				quote = c
			}
		case '[', '{':
			stack = append(stack, i)
		case ']', '}':
			if len(stack) > 0 {
				o := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				line := max(n.Line, d.lineOf(i))
				d.flowEnds[o] = line
				if len(stack) == 0 {
					return line
				}
			}
		}
		prev = c
	}
	d.flowEnds[off] = d.lines()
	return d.lines()
}
