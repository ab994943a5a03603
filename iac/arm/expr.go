package arm

import (
	"fmt"
	"strconv"
	"strings"
)

// exprKind is the kind of a node of a template language expression.
type exprKind uint8

const (
	exString exprKind = iota // 'text'
	exInt                    // 42, -1
	exFloat                  // 1.5 (not ARM syntax, accepted)
	exBool                   // true, false (ARM writes true(); accepted bare)
	exNull                   // null (ARM writes null(); accepted bare)
	exCall                   // name(args) or namespace.name(args)
	exMember                 // target.name
	exIndex                  // target[index]
)

// expr is a parsed template language expression.
type expr struct {
	kind   exprKind
	str    string // exString value, exCall function name, exMember name
	i      int64
	f      float64
	b      bool
	args   []*expr
	target *expr
	index  *expr
	pos    int // offset in the expression text, for messages
}

// maxExprDepth bounds the nesting of calls and indexes.
const maxExprDepth = 200

// exprError is a syntax error in an expression.
type exprError struct {
	pos int
	msg string
}

func (e *exprError) Error() string { return fmt.Sprintf("%s (at character %d)", e.msg, e.pos+1) }

// isExpression reports whether a JSON string is a template expression:
// it starts with '[' and ends with ']' but does not start with "[[" (the
// escape for a literal that starts with '[').
func isExpression(s string) bool {
	return len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' && s[1] != '['
}

// literalString returns the value of a string that is not an expression:
// "[[x]" stands for "[x]".
func literalString(s string) string {
	if len(s) >= 2 && s[0] == '[' && s[1] == '[' && s[len(s)-1] == ']' {
		return s[1:]
	}
	return s
}

// parseExpr parses the text between the brackets of an expression.
func parseExpr(s string) (*expr, error) {
	p := &exprParser{s: s}
	p.space()
	if p.pos >= len(p.s) {
		return nil, &exprError{pos: 0, msg: "empty expression"}
	}
	e, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos < len(p.s) {
		return nil, p.errorf("unexpected %s after the end of the expression", p.describe())
	}
	return e, nil
}

type exprParser struct {
	s   string
	pos int
}

func (p *exprParser) errorf(format string, args ...any) *exprError {
	return &exprError{pos: p.pos, msg: fmt.Sprintf(format, args...)}
}

func (p *exprParser) describe() string {
	if p.pos >= len(p.s) {
		return "end of expression"
	}
	return strconv.QuoteRune(rune(p.s[p.pos]))
}

func (p *exprParser) space() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ' ', '\t', '\r', '\n':
			p.pos++
		default:
			return
		}
	}
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isIdentChar(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

func (p *exprParser) ident() string {
	start := p.pos
	for p.pos < len(p.s) && isIdentChar(p.s[p.pos]) {
		p.pos++
	}
	return p.s[start:p.pos]
}

// expr parses a primary expression followed by member accesses and
// indexes.
func (p *exprParser) expr(depth int) (*expr, error) {
	if depth > maxExprDepth {
		return nil, p.errorf("expression nested deeper than %d levels", maxExprDepth)
	}
	e, err := p.primary(depth)
	if err != nil {
		return nil, err
	}
	for {
		p.space()
		if p.pos >= len(p.s) {
			return e, nil
		}
		switch p.s[p.pos] {
		case '.':
			p.pos++
			p.space()
			pos := p.pos
			// Property names are identifiers; ARM also accepts names
			// with '-' or '$' after a dot in practice.
			start := p.pos
			for p.pos < len(p.s) && (isIdentChar(p.s[p.pos]) || p.s[p.pos] == '-' || p.s[p.pos] == '$' || p.s[p.pos] == '@') {
				p.pos++
			}
			if p.pos == start {
				return nil, p.errorf("expected a property name after '.'")
			}
			e = &expr{kind: exMember, str: p.s[start:p.pos], target: e, pos: pos}
		case '[':
			pos := p.pos
			p.pos++
			p.space()
			idx, err := p.expr(depth + 1)
			if err != nil {
				return nil, err
			}
			p.space()
			if p.pos >= len(p.s) || p.s[p.pos] != ']' {
				return nil, p.errorf("expected ']' to close the index opened at character %d", pos+1)
			}
			p.pos++
			e = &expr{kind: exIndex, target: e, index: idx, pos: pos}
		default:
			return e, nil
		}
	}
}

func (p *exprParser) primary(depth int) (*expr, error) {
	p.space()
	if p.pos >= len(p.s) {
		return nil, p.errorf("unexpected end of expression; expected a value")
	}
	start := p.pos
	c := p.s[p.pos]
	switch {
	case c == '\'':
		s, err := p.stringLit()
		if err != nil {
			return nil, err
		}
		return &expr{kind: exString, str: s, pos: start}, nil
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case isIdentStart(c):
		name := p.ident()
		p.space()
		// namespace.function( for user-defined functions.
		if p.pos < len(p.s) && p.s[p.pos] == '.' {
			save := p.pos
			p.pos++
			p.space()
			if p.pos < len(p.s) && isIdentStart(p.s[p.pos]) {
				member := p.ident()
				p.space()
				if p.pos < len(p.s) && p.s[p.pos] == '(' {
					name = name + "." + member
				} else {
					p.pos = save
				}
			} else {
				p.pos = save
			}
		}
		if p.pos < len(p.s) && p.s[p.pos] == '(' {
			p.pos++
			args, err := p.args(depth)
			if err != nil {
				return nil, err
			}
			return &expr{kind: exCall, str: name, args: args, pos: start}, nil
		}
		switch strings.ToLower(name) {
		case "true":
			return &expr{kind: exBool, b: true, pos: start}, nil
		case "false":
			return &expr{kind: exBool, pos: start}, nil
		case "null":
			return &expr{kind: exNull, pos: start}, nil
		}
		p.pos = start
		return nil, p.errorf("expected '(' after function name %q", name)
	}
	return nil, p.errorf("unexpected %s; expected a function call, a 'string' or a number", p.describe())
}

// args parses call arguments after '(' up to and including ')'.
func (p *exprParser) args(depth int) ([]*expr, error) {
	open := p.pos - 1
	var args []*expr
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == ')' {
		p.pos++
		return nil, nil
	}
	for {
		a, err := p.expr(depth + 1)
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		p.space()
		if p.pos >= len(p.s) {
			return nil, p.errorf("expected ')' to close the call opened at character %d", open+1)
		}
		switch p.s[p.pos] {
		case ',':
			p.pos++
		case ')':
			p.pos++
			return args, nil
		default:
			return nil, p.errorf("unexpected %s; expected ',' or ')'", p.describe())
		}
	}
}

// stringLit reads a single-quoted string, in which two quotes in a row
// stand for one.
func (p *exprParser) stringLit() (string, error) {
	start := p.pos
	p.pos++
	var b strings.Builder
	for {
		i := strings.IndexByte(p.s[p.pos:], '\'')
		if i < 0 {
			p.pos = start
			return "", p.errorf("unterminated string literal")
		}
		b.WriteString(p.s[p.pos : p.pos+i])
		p.pos += i + 1
		if p.pos < len(p.s) && p.s[p.pos] == '\'' {
			b.WriteByte('\'')
			p.pos++
			continue
		}
		return b.String(), nil
	}
}

func (p *exprParser) number() (*expr, error) {
	start := p.pos
	if p.s[p.pos] == '-' {
		p.pos++
	}
	digits := p.pos
	for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
		p.pos++
	}
	if p.pos == digits {
		return nil, p.errorf("expected a digit after '-'")
	}
	float := false
	if p.pos+1 < len(p.s) && p.s[p.pos] == '.' && p.s[p.pos+1] >= '0' && p.s[p.pos+1] <= '9' {
		float = true
		p.pos++
		for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
			p.pos++
		}
	}
	lit := p.s[start:p.pos]
	if float {
		f, err := strconv.ParseFloat(lit, 64)
		if err != nil {
			return nil, &exprError{pos: start, msg: "invalid number " + lit}
		}
		return &expr{kind: exFloat, f: f, pos: start}, nil
	}
	i, err := strconv.ParseInt(lit, 10, 64)
	if err != nil {
		return nil, &exprError{pos: start, msg: "integer " + lit + " is out of range"}
	}
	return &expr{kind: exInt, i: i, pos: start}, nil
}

// String renders an expression back to template syntax (for messages).
func (e *expr) String() string {
	var b strings.Builder
	e.write(&b)
	return b.String()
}

func (e *expr) write(b *strings.Builder) {
	switch e.kind {
	case exString:
		b.WriteByte('\'')
		b.WriteString(strings.ReplaceAll(e.str, "'", "''"))
		b.WriteByte('\'')
	case exInt:
		b.WriteString(strconv.FormatInt(e.i, 10))
	case exFloat:
		b.WriteString(strconv.FormatFloat(e.f, 'f', -1, 64))
	case exBool:
		b.WriteString(strconv.FormatBool(e.b))
	case exNull:
		b.WriteString("null")
	case exCall:
		b.WriteString(e.str)
		b.WriteByte('(')
		for i, a := range e.args {
			if i > 0 {
				b.WriteString(", ")
			}
			a.write(b)
		}
		b.WriteByte(')')
	case exMember:
		e.target.write(b)
		b.WriteByte('.')
		b.WriteString(e.str)
	case exIndex:
		e.target.write(b)
		b.WriteByte('[')
		e.index.write(b)
		b.WriteByte(']')
	}
}
