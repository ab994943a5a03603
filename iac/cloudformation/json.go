package cloudformation

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// maxJSONDepth bounds the nesting of JSON templates; CloudFormation's own
// limits are far below it.
const maxJSONDepth = 10000

// syntaxError is a YAML or JSON syntax error at a 1-based line and column
// (column 0 when unknown).
type syntaxError struct {
	line, col int
	msg       string
}

// jsonParser turns a JSON document into the yaml.Node tree the YAML
// decoder would produce, with exact positions. It is used instead of the
// YAML decoder for JSON templates because YAML does not accept every
// valid JSON document (the escapes \/ and surrogate pairs, for example),
// and because it knows where each object and array ends.
type jsonParser struct {
	data      []byte
	pos       int
	line      int // current line, 1-based
	lineStart int // byte offset of the current line
	colPos    int // byte offset whose column is colCol (a cache: positions only grow)
	colCol    int
	depth     int
	ends      map[*yaml.Node]int
	// position of the last ',' (for trailing comma errors)
	commaLine, commaCol int
}

// parseJSON parses data as one JSON value. ends receives the last line of
// every object and array.
func parseJSON(data []byte, ends map[*yaml.Node]int) (root *yaml.Node, err *syntaxError) {
	j := &jsonParser{data: data, line: 1, colCol: 1, ends: ends}
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		j.pos, j.lineStart, j.colPos = 3, 3, 3
	}
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(*syntaxError)
			if !ok {
				panic(r)
			}
			root, err = nil, se
		}
	}()
	root = j.value()
	j.ws()
	if j.pos < len(j.data) {
		j.fail("unexpected %s after the end of the JSON document; a template is a single JSON object", j.describe())
	}
	return root, nil
}

// col returns the 1-based column (in characters) of byte offset pos on the
// current line.
func (j *jsonParser) col(pos int) int {
	if j.colPos < j.lineStart || j.colPos > pos {
		j.colPos, j.colCol = j.lineStart, 1
	}
	if pos > len(j.data) {
		pos = len(j.data)
	}
	j.colCol += utf8.RuneCount(j.data[j.colPos:pos])
	j.colPos = pos
	return j.colCol
}

func (j *jsonParser) fail(format string, args ...any) {
	panic(&syntaxError{line: j.line, col: j.col(j.pos), msg: fmt.Sprintf(format, args...)})
}

// comma records the position of a ',' at j.pos and skips it.
func (j *jsonParser) comma() {
	j.commaLine, j.commaCol = j.line, j.col(j.pos)
	j.pos++
}

func (j *jsonParser) failTrailingComma(closer byte) {
	panic(&syntaxError{line: j.commaLine, col: j.commaCol, msg: fmt.Sprintf("trailing comma before '%c': remove this ','", closer)})
}

func (j *jsonParser) describe() string {
	if j.pos >= len(j.data) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(j.data[j.pos:])
	return fmt.Sprintf("character %q", r)
}

func (j *jsonParser) ws() {
	for j.pos < len(j.data) {
		switch j.data[j.pos] {
		case ' ', '\t':
			j.pos++
		case '\r':
			j.pos++
			if j.pos < len(j.data) && j.data[j.pos] == '\n' {
				j.pos++
			}
			j.line++
			j.lineStart = j.pos
		case '\n':
			j.pos++
			j.line++
			j.lineStart = j.pos
		default:
			return
		}
	}
}

func (j *jsonParser) node(kind yaml.Kind, tag, value string, style yaml.Style, line, col int) *yaml.Node {
	return &yaml.Node{Kind: kind, Tag: tag, Value: value, Style: style, Line: line, Column: col}
}

func (j *jsonParser) value() *yaml.Node {
	j.ws()
	if j.pos >= len(j.data) {
		j.fail("unexpected end of input: the JSON document is incomplete (a value, '}' or ']' is missing)")
	}
	line, col := j.line, j.col(j.pos)
	switch c := j.data[j.pos]; {
	case c == '{':
		return j.object(line, col)
	case c == '[':
		return j.array(line, col)
	case c == '"':
		return j.node(yaml.ScalarNode, "!!str", j.str(), yaml.DoubleQuotedStyle, line, col)
	case c == '-' || (c >= '0' && c <= '9'):
		return j.number(line, col)
	case c == 't':
		j.literal("true")
		return j.node(yaml.ScalarNode, "!!bool", "true", 0, line, col)
	case c == 'f':
		j.literal("false")
		return j.node(yaml.ScalarNode, "!!bool", "false", 0, line, col)
	case c == 'n':
		j.literal("null")
		return j.node(yaml.ScalarNode, "!!null", "null", 0, line, col)
	case c == '}' || c == ']':
		j.fail("unexpected %s: a value is missing (is there a trailing comma?)", j.describe())
	case c == '\'':
		j.fail("unexpected %s: JSON strings use double quotes", j.describe())
	default:
		j.fail("unexpected %s: expected a JSON value (string, number, object, array, true, false or null)", j.describe())
	}
	return nil
}

func (j *jsonParser) enter() {
	j.depth++
	if j.depth > maxJSONDepth {
		j.fail("JSON nesting is deeper than %d levels", maxJSONDepth)
	}
}

func (j *jsonParser) object(line, col int) *yaml.Node {
	j.enter()
	n := j.node(yaml.MappingNode, "!!map", "", yaml.FlowStyle, line, col)
	j.pos++ // {
	j.ws()
	if j.pos < len(j.data) && j.data[j.pos] == '}' {
		j.pos++
		j.ends[n] = j.line
		j.depth--
		return n
	}
	for {
		j.ws()
		if j.pos >= len(j.data) {
			j.fail("unexpected end of input: an object is not closed with '}'")
		}
		if j.data[j.pos] != '"' {
			if j.data[j.pos] == '}' {
				j.failTrailingComma('}')
			}
			j.fail("unexpected %s: expected a double-quoted object key", j.describe())
		}
		kl, kc := j.line, j.col(j.pos)
		key := j.node(yaml.ScalarNode, "!!str", j.str(), yaml.DoubleQuotedStyle, kl, kc)
		j.ws()
		if j.pos >= len(j.data) || j.data[j.pos] != ':' {
			j.fail("unexpected %s: expected ':' after object key %q", j.describe(), key.Value)
		}
		j.pos++
		val := j.value()
		n.Content = append(n.Content, key, val)
		j.ws()
		if j.pos >= len(j.data) {
			j.fail("unexpected end of input: an object is not closed with '}'")
		}
		switch j.data[j.pos] {
		case ',':
			j.comma()
		case '}':
			j.pos++
			j.ends[n] = j.line
			j.depth--
			return n
		default:
			j.fail("unexpected %s: expected ',' or '}' after an object member (is a comma missing?)", j.describe())
		}
	}
}

func (j *jsonParser) array(line, col int) *yaml.Node {
	j.enter()
	n := j.node(yaml.SequenceNode, "!!seq", "", yaml.FlowStyle, line, col)
	j.pos++ // [
	j.ws()
	if j.pos < len(j.data) && j.data[j.pos] == ']' {
		j.pos++
		j.ends[n] = j.line
		j.depth--
		return n
	}
	for {
		j.ws()
		if j.pos < len(j.data) && j.data[j.pos] == ']' {
			j.failTrailingComma(']')
		}
		n.Content = append(n.Content, j.value())
		j.ws()
		if j.pos >= len(j.data) {
			j.fail("unexpected end of input: an array is not closed with ']'")
		}
		switch j.data[j.pos] {
		case ',':
			j.comma()
		case ']':
			j.pos++
			j.ends[n] = j.line
			j.depth--
			return n
		default:
			j.fail("unexpected %s: expected ',' or ']' after an array element (is a comma missing?)", j.describe())
		}
	}
}

// str reads a double-quoted string at j.pos.
func (j *jsonParser) str() string {
	start := j.pos
	escaped := false
	for i := start + 1; i < len(j.data); i++ {
		switch c := j.data[i]; {
		case c == '"':
			j.pos = i + 1
			if !escaped {
				return string(j.data[start+1 : i])
			}
			var s string
			if err := json.Unmarshal(j.data[start:i+1], &s); err != nil {
				j.pos = start
				j.fail("invalid escape sequence in string: %v", err)
			}
			return s
		case c == '\\':
			escaped = true
			i++
		case c < 0x20:
			j.pos = i
			if c == '\n' {
				j.fail("unterminated string: a string cannot span lines (close it with '\"' or write \\n)")
			}
			j.fail("control character %q in string: escape it", c)
		}
	}
	j.fail("unterminated string: close it with '\"'")
	return ""
}

func (j *jsonParser) number(line, col int) *yaml.Node {
	start := j.pos
	d := j.data
	i := j.pos
	digits := func() int {
		n := 0
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if d[i] == '-' {
		i++
	}
	if i < len(d) && d[i] == '0' {
		i++
	} else if digits() == 0 {
		j.pos = i
		j.fail("invalid number: a digit must follow '-'")
	}
	tag := "!!int"
	if i < len(d) && d[i] == '.' {
		i++
		tag = "!!float"
		if digits() == 0 {
			j.pos = i
			j.fail("invalid number: a digit must follow '.'")
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		tag = "!!float"
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if digits() == 0 {
			j.pos = i
			j.fail("invalid number: a digit must follow the exponent")
		}
	}
	if i < len(d) && (d[i] >= '0' && d[i] <= '9' || d[i] >= 'a' && d[i] <= 'z' || d[i] >= 'A' && d[i] <= 'Z') {
		j.pos = i
		j.fail("invalid number (leading zeros and letters are not allowed; quote the value to make it a string)")
	}
	j.pos = i
	return j.node(yaml.ScalarNode, tag, string(d[start:i]), 0, line, col)
}

func (j *jsonParser) literal(word string) {
	if len(j.data)-j.pos >= len(word) && string(j.data[j.pos:j.pos+len(word)]) == word {
		end := j.pos + len(word)
		if end == len(j.data) || !isIdentByte(j.data[end]) {
			j.pos = end
			return
		}
	}
	j.fail("unexpected %s: expected a JSON value (strings need double quotes)", j.describe())
}

func isIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}
