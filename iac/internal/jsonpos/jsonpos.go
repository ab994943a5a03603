// Package jsonpos is a small JSON parser that keeps the line and column of
// every value, so that resources and attributes can be located in the file.
// It is used by iac/tfplan, iac/arm and iac/kubernetes. encoding/json does
// not report positions, and yaml.v3 rejects valid JSON (the \/ escape,
// UTF-16 surrogate pairs).
package jsonpos

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Kind is the kind of a JSON value.
type Kind uint8

const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Array:
		return "array"
	}
	return "object"
}

// Node is one JSON value with its position. Lines are 1-based; columns
// are 1-based byte offsets within the line.
type Node struct {
	Kind    Kind
	Line    int
	Col     int
	EndLine int
	Str     string // String: the value; Number: the literal
	B       bool
	Fields  []Field // Object, in source order (duplicates kept)
	Elems   []*Node // Array
}

// Field is one member of a JSON object.
type Field struct {
	Key  string
	Line int
	Col  int
	Val  *Node
}

// Get returns the value of the last member named key, or nil when n is
// not an object or has no such member (JSON decoders keep the last of
// duplicate names).
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	for i := len(n.Fields) - 1; i >= 0; i-- {
		if n.Fields[i].Key == key {
			return n.Fields[i].Val
		}
	}
	return nil
}

// GetFold is Get with a case-insensitive name (ARM names are
// case-insensitive); an exact match wins.
func (n *Node) GetFold(key string) *Node {
	if v := n.Get(key); v != nil {
		return v
	}
	if n == nil || n.Kind != Object {
		return nil
	}
	for i := len(n.Fields) - 1; i >= 0; i-- {
		if strings.EqualFold(n.Fields[i].Key, key) {
			return n.Fields[i].Val
		}
	}
	return nil
}

// Field returns the last member named key (with its key position).
func (n *Node) Field(key string) (Field, bool) {
	if n == nil || n.Kind != Object {
		return Field{}, false
	}
	for i := len(n.Fields) - 1; i >= 0; i-- {
		if n.Fields[i].Key == key {
			return n.Fields[i], true
		}
	}
	return Field{}, false
}

// Error is a syntax error at a position.
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg)
}

// MaxDepth bounds nesting, as encoding/json does, so that hostile
// input cannot exhaust the stack.
const MaxDepth = 10000

type parser struct {
	data      []byte
	pos       int
	line      int
	lineStart int
	comments  bool // accept // and /* */ comments (ARM templates)
	depth     int
	err       *Error

	// Allocation helpers: nodes come from slabs, members and elements
	// are gathered on shared stacks and copied out at their exact size,
	// and short member names are interned.
	slab   []Node
	fstack []Field
	estack []*Node
	keys   map[string]string
}

func (p *parser) newNode() *Node {
	if len(p.slab) == 0 {
		p.slab = make([]Node, 256)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	return n
}

// intern returns a shared copy of a short member name.
func (p *parser) intern(b []byte) string {
	if len(b) > 40 {
		return string(b)
	}
	if s, ok := p.keys[string(b)]; ok {
		return s
	}
	if p.keys == nil {
		p.keys = map[string]string{}
	}
	s := string(b)
	p.keys[s] = s
	return s
}

func newParser(data []byte, comments bool) *parser {
	p := &parser{data: data, line: 1, comments: comments}
	// A UTF-8 byte order mark is common in files saved by Windows tools.
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		p.pos = 3
		p.lineStart = 3
	}
	return p
}

// Parse parses exactly one JSON value (surrounded by optional
// whitespace, and comments when allowed).
func Parse(data []byte, comments bool) (*Node, *Error) {
	p := newParser(data, comments)
	p.skipSpace()
	if p.err != nil {
		return nil, p.err
	}
	if p.pos >= len(p.data) {
		return nil, p.errorf("the file is empty; expected a JSON value")
	}
	n := p.value()
	if p.err != nil {
		return nil, p.err
	}
	p.skipSpace()
	if p.err != nil {
		return nil, p.err
	}
	if p.pos < len(p.data) {
		return nil, p.errorf("unexpected %s after the end of the top-level value", p.describe())
	}
	return n, nil
}

// ParseStream parses a sequence of JSON values separated by optional
// whitespace (as kubectl accepts). On a syntax error it returns the values
// read so far and the error.
func ParseStream(data []byte) ([]*Node, *Error) {
	p := newParser(data, false)
	var out []*Node
	for {
		p.skipSpace()
		if p.err != nil {
			return out, p.err
		}
		if p.pos >= len(p.data) {
			return out, nil
		}
		n := p.value()
		if p.err != nil {
			return out, p.err
		}
		out = append(out, n)
	}
}

func (p *parser) col() int { return p.pos - p.lineStart + 1 }

func (p *parser) errorf(format string, args ...any) *Error {
	if p.err == nil {
		p.err = &Error{Line: p.line, Col: p.col(), Msg: fmt.Sprintf(format, args...)}
	}
	return p.err
}

// describe names the byte at the current position for error messages.
func (p *parser) describe() string {
	if p.pos >= len(p.data) {
		return "end of file"
	}
	c := p.data[p.pos]
	if c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	r, _ := utf8.DecodeRune(p.data[p.pos:])
	return fmt.Sprintf("character %U", r)
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch c := p.data[p.pos]; c {
		case ' ', '\t', '\r':
			p.pos++
		case '\n':
			p.pos++
			p.line++
			p.lineStart = p.pos
		case '/':
			if !p.comments || p.pos+1 >= len(p.data) {
				return
			}
			switch p.data[p.pos+1] {
			case '/':
				for p.pos < len(p.data) && p.data[p.pos] != '\n' {
					p.pos++
				}
			case '*':
				line, col := p.line, p.col()
				p.pos += 2
				for {
					if p.pos+1 >= len(p.data) {
						p.pos = len(p.data)
						p.err = &Error{Line: line, Col: col, Msg: "unterminated /* comment"}
						return
					}
					if p.data[p.pos] == '*' && p.data[p.pos+1] == '/' {
						p.pos += 2
						break
					}
					if p.data[p.pos] == '\n' {
						p.line++
						p.lineStart = p.pos + 1
					}
					p.pos++
				}
			default:
				return
			}
		default:
			return
		}
	}
}

func (p *parser) value() *Node {
	if p.pos >= len(p.data) {
		p.errorf("unexpected end of file; expected a value")
		return nil
	}
	n := p.newNode()
	n.Line, n.Col = p.line, p.col()
	switch c := p.data[p.pos]; {
	case c == '{':
		p.object(n)
	case c == '[':
		p.array(n)
	case c == '"':
		n.Kind = String
		n.Str = p.string(false)
	case c == '-' || (c >= '0' && c <= '9'):
		n.Kind = Number
		n.Str = p.number()
	case c == 't':
		n.Kind, n.B = Bool, true
		p.literal("true")
	case c == 'f':
		n.Kind = Bool
		p.literal("false")
	case c == 'n':
		p.literal("null")
	default:
		p.errorf("unexpected %s; expected a value (object, array, string, number, true, false or null)", p.describe())
	}
	n.EndLine = p.line
	return n
}

func (p *parser) literal(word string) {
	if len(p.data)-p.pos >= len(word) && string(p.data[p.pos:p.pos+len(word)]) == word {
		p.pos += len(word)
		if p.pos < len(p.data) && isIdentByte(p.data[p.pos]) {
			p.errorf("invalid literal; expected %s", word)
		}
		return
	}
	p.errorf("invalid literal; expected %s", word)
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (p *parser) object(n *Node) {
	n.Kind = Object
	p.depth++
	if p.depth > MaxDepth {
		p.errorf("nesting deeper than %d levels", MaxDepth)
		return
	}
	p.pos++ // {
	p.skipSpace()
	if p.err != nil {
		return
	}
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		p.depth--
		return
	}
	base := len(p.fstack)
	defer func() {
		n.Fields = append([]Field(nil), p.fstack[base:]...)
		clear(p.fstack[base:])
		p.fstack = p.fstack[:base]
	}()
	for {
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			p.errorf("unexpected %s; expected a member name in double quotes", p.describe())
			return
		}
		f := Field{Line: p.line, Col: p.col()}
		f.Key = p.string(true)
		if p.err != nil {
			return
		}
		p.skipSpace()
		if p.err != nil {
			return
		}
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			p.errorf("unexpected %s; expected ':' after member name %q", p.describe(), f.Key)
			return
		}
		p.pos++
		p.skipSpace()
		if p.err != nil {
			return
		}
		f.Val = p.value()
		if p.err != nil {
			return
		}
		p.fstack = append(p.fstack, f)
		p.skipSpace()
		if p.err != nil {
			return
		}
		if p.pos >= len(p.data) {
			p.errorf("unexpected end of file; expected ',' or '}' (the object opened at line %d is not closed)", n.Line)
			return
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
			p.skipSpace()
			if p.err != nil {
				return
			}
			if p.pos < len(p.data) && p.data[p.pos] == '}' {
				p.errorf("trailing comma before '}'; remove it")
				return
			}
		case '}':
			p.pos++
			p.depth--
			return
		default:
			p.errorf("unexpected %s; expected ',' or '}'", p.describe())
			return
		}
	}
}

func (p *parser) array(n *Node) {
	n.Kind = Array
	p.depth++
	if p.depth > MaxDepth {
		p.errorf("nesting deeper than %d levels", MaxDepth)
		return
	}
	p.pos++ // [
	p.skipSpace()
	if p.err != nil {
		return
	}
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		p.depth--
		return
	}
	base := len(p.estack)
	defer func() {
		n.Elems = append([]*Node(nil), p.estack[base:]...)
		clear(p.estack[base:])
		p.estack = p.estack[:base]
	}()
	for {
		v := p.value()
		if p.err != nil {
			return
		}
		p.estack = append(p.estack, v)
		p.skipSpace()
		if p.err != nil {
			return
		}
		if p.pos >= len(p.data) {
			p.errorf("unexpected end of file; expected ',' or ']' (the array opened at line %d is not closed)", n.Line)
			return
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
			p.skipSpace()
			if p.err != nil {
				return
			}
			if p.pos < len(p.data) && p.data[p.pos] == ']' {
				p.errorf("trailing comma before ']'; remove it")
				return
			}
		case ']':
			p.pos++
			p.depth--
			return
		default:
			p.errorf("unexpected %s; expected ',' or ']'", p.describe())
			return
		}
	}
}

// string reads a double-quoted string starting at p.pos; member names
// (key) are interned.
func (p *parser) string(key bool) string {
	p.pos++ // opening quote
	start := p.pos
	simple := true
	for {
		if p.pos >= len(p.data) {
			p.errorf("unterminated string")
			return ""
		}
		c := p.data[p.pos]
		if c == '"' {
			break
		}
		if c < 0x20 {
			if c == '\n' {
				p.errorf("unterminated string (a raw line break is not allowed inside a JSON string; write \\n)")
			} else {
				p.errorf("control character %U inside a string; escape it", rune(c))
			}
			return ""
		}
		if c == '\\' {
			simple = false
			p.pos += 2
			continue
		}
		if c >= utf8.RuneSelf {
			simple = false
		}
		p.pos++
	}
	raw := p.data[start:p.pos]
	p.pos++ // closing quote
	if simple {
		if key {
			return p.intern(raw)
		}
		return string(raw)
	}
	return p.unescape(raw, start)
}

// unescape decodes the body of a string that has escapes or non-ASCII
// bytes. Invalid UTF-8 and unpaired surrogates become U+FFFD, as in
// encoding/json.
func (p *parser) unescape(raw []byte, start int) string {
	var b strings.Builder
	b.Grow(len(raw))
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			if c < utf8.RuneSelf {
				b.WriteByte(c)
				i++
				continue
			}
			r, size := utf8.DecodeRune(raw[i:])
			b.WriteRune(r)
			i += size
			continue
		}
		if i+1 >= len(raw) {
			p.pos = start + i
			p.errorf("invalid escape at the end of a string")
			return ""
		}
		switch raw[i+1] {
		case '"', '\\', '/':
			b.WriteByte(raw[i+1])
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := hex4(raw[i+2:])
			if !ok {
				p.pos = start + i
				p.errorf("invalid \\u escape; expected four hexadecimal digits")
				return ""
			}
			i += 6
			if utf16.IsSurrogate(r) {
				if i+1 < len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
					if r2, ok := hex4(raw[i+2:]); ok {
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							b.WriteRune(dec)
							i += 6
							continue
						}
					}
				}
				r = utf8.RuneError
			}
			b.WriteRune(r)
			continue
		default:
			p.pos = start + i
			p.errorf("invalid escape \\%c in string", raw[i+1])
			return ""
		}
		i += 2
	}
	return b.String()
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r*16 + rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r*16 + rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r*16 + rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// number reads a JSON number (RFC 8259 grammar) and returns its literal.
func (p *parser) number() string {
	start := p.pos
	d := p.data
	if d[p.pos] == '-' {
		p.pos++
	}
	switch {
	case p.pos < len(d) && d[p.pos] == '0':
		p.pos++
	case p.pos < len(d) && d[p.pos] >= '1' && d[p.pos] <= '9':
		for p.pos < len(d) && d[p.pos] >= '0' && d[p.pos] <= '9' {
			p.pos++
		}
	default:
		p.errorf("invalid number; expected a digit")
		return ""
	}
	if p.pos < len(d) && d[p.pos] == '.' {
		p.pos++
		if p.pos >= len(d) || d[p.pos] < '0' || d[p.pos] > '9' {
			p.errorf("invalid number; expected a digit after '.'")
			return ""
		}
		for p.pos < len(d) && d[p.pos] >= '0' && d[p.pos] <= '9' {
			p.pos++
		}
	}
	if p.pos < len(d) && (d[p.pos] == 'e' || d[p.pos] == 'E') {
		p.pos++
		if p.pos < len(d) && (d[p.pos] == '+' || d[p.pos] == '-') {
			p.pos++
		}
		if p.pos >= len(d) || d[p.pos] < '0' || d[p.pos] > '9' {
			p.errorf("invalid number; expected a digit in the exponent")
			return ""
		}
		for p.pos < len(d) && d[p.pos] >= '0' && d[p.pos] <= '9' {
			p.pos++
		}
	}
	if p.pos < len(d) && (isIdentByte(d[p.pos]) || d[p.pos] == '.') {
		p.errorf("invalid number")
		return ""
	}
	return string(d[start:p.pos])
}

// MaxExactInt is the largest magnitude below which every integer is
// exactly representable as a float64.
const MaxExactInt = 1 << 53

// NumberValue converts a JSON number literal: integral values become
// int64, others float64. A literal that is not a valid number yields nil.
func NumberValue(lit string) any {
	if i, err := strconv.ParseInt(lit, 10, 64); err == nil {
		return i
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil && !isRangeErr(err) {
		return nil
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		// Out of float64 range: keep the literal rather than an
		// infinity that cannot be encoded back to JSON.
		return lit
	}
	if f == math.Trunc(f) && math.Abs(f) < MaxExactInt {
		return int64(f)
	}
	return f
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// Plain converts n to the plain Go values of iac.Resource.Attrs (nil,
// bool, int64, float64, string, []any, map[string]any).
func (n *Node) Plain() any {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case Bool:
		return n.B
	case Number:
		return NumberValue(n.Str)
	case String:
		return n.Str
	case Array:
		out := make([]any, len(n.Elems))
		for i, e := range n.Elems {
			out[i] = e.Plain()
		}
		return out
	case Object:
		out := make(map[string]any, len(n.Fields))
		for _, f := range n.Fields {
			out[f.Key] = f.Val.Plain()
		}
		return out
	}
	return nil
}
