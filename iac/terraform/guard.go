package terraform

import (
	"fmt"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// maxNesting bounds bracket nesting and runs of unary operators in what
// this package parses: the HCL, JSON and YAML parsers recurse once per
// level, and a deep enough input would overflow the stack, which Go
// cannot recover from.
const maxNesting = 10000

// nestingError reports input nested deeper than maxNesting, with the line
// where the limit is crossed. It counts brackets also inside strings and
// comments, which is conservative: real configurations stay far below
// the limit.
func nestingError(src []byte) (int, error) {
	depth, run, line := 0, 0, 1
	for _, c := range src {
		switch c {
		case '(', '[', '{':
			depth++
			run = 0
			if depth > maxNesting {
				return line, fmt.Errorf("brackets are nested more than %d levels deep", maxNesting)
			}
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
			run = 0
		case '!', '-':
			run++
			if run > maxNesting {
				return line, fmt.Errorf("more than %d unary operators in a row", maxNesting)
			}
		case '\n':
			line++
		case ' ', '\t', '\r':
		default:
			run = 0
		}
	}
	return 0, nil
}

// guardDepth wraps a function that parses its string arguments (jsondecode,
// yamldecode, csvdecode) with the nesting check.
func guardDepth(f function.Function) function.Function {
	check := func(args []cty.Value) error {
		for _, a := range args {
			if a.Type() == cty.String && a.IsKnown() && !a.IsNull() {
				if _, err := nestingError([]byte(a.AsString())); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      f.Params(),
		VarParam:    f.VarParam(),
		Type: func(args []cty.Value) (cty.Type, error) {
			if err := check(args); err != nil {
				return cty.NilType, err
			}
			return f.ReturnTypeForValues(args)
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return f.Call(args)
		},
	})
}
