package terraform

import (
	"math"
	"math/big"
	"sort"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"cloudward/iac"
)

// reason is the cty mark this package puts on unknown values: it says why
// the value cannot be known statically ("aws_s3_bucket.b.arn is known only
// after apply", "variable region has no value"). Marks travel with values
// through HCL operators, conditionals, templates, for expressions and
// function calls, so an Unknown in Attrs names what it depends on.
type reason string

// maxReasons bounds how many distinct reasons one Unknown lists.
const maxReasons = 3

// unknownBecause returns an unknown value of any type marked with why.
func unknownBecause(why string) cty.Value {
	return cty.DynamicVal.Mark(reason(why))
}

// reasonsOf returns the reason marks among marks, sorted.
func reasonsOf(marks cty.ValueMarks) []string {
	var out []string
	for m := range marks {
		if r, ok := m.(reason); ok {
			out = append(out, string(r))
		}
	}
	sort.Strings(out)
	return out
}

// reasonText joins reasons into one Unknown reason.
func reasonText(rs []string) string {
	switch {
	case len(rs) == 0:
		return "value cannot be determined statically"
	case len(rs) <= maxReasons:
		return strings.Join(rs, "; ")
	}
	return strings.Join(rs[:maxReasons], "; ") + "; and " + itoa(len(rs)-maxReasons) + " more"
}

func hasReason(marks cty.ValueMarks) bool {
	for m := range marks {
		if _, ok := m.(reason); ok {
			return true
		}
	}
	return false
}

// onlyReasons keeps the reason marks of marks.
func onlyReasons(marks cty.ValueMarks) cty.ValueMarks {
	var out cty.ValueMarks
	for m := range marks {
		if _, ok := m.(reason); ok {
			if out == nil {
				out = cty.ValueMarks{}
			}
			out[m] = struct{}{}
		}
	}
	return out
}

// fillReasons returns v with every unknown that carries no reason (HCL
// drops marks in a few corner cases, and errors produce bare unknowns)
// marked with fallback. Known parts are untouched.
func fillReasons(v cty.Value, fallback cty.ValueMarks) cty.Value {
	if len(fallback) == 0 || v.IsWhollyKnown() {
		return v
	}
	return fill(v, fallback, false)
}

func fill(v cty.Value, fallback cty.ValueMarks, inherited bool) cty.Value {
	uv, marks := v.Unmark()
	if hasReason(marks) {
		inherited = true
	}
	if !uv.IsKnown() {
		if inherited {
			return v
		}
		return uv.WithMarks(marks, fallback)
	}
	if uv.IsNull() || uv.IsWhollyKnown() {
		return v
	}
	ty := uv.Type()
	switch {
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		vals := make([]cty.Value, 0, uv.LengthInt())
		for it := uv.ElementIterator(); it.Next(); {
			_, e := it.Element()
			vals = append(vals, fill(e, fallback, inherited))
		}
		var out cty.Value
		switch {
		case ty.IsTupleType():
			out = cty.TupleVal(vals)
		case len(vals) == 0:
			return v
		case ty.IsListType():
			out = cty.ListVal(vals)
		default:
			out = cty.SetVal(vals)
		}
		return out.WithMarks(marks)
	case ty.IsMapType() || ty.IsObjectType():
		vals := make(map[string]cty.Value, uv.LengthInt())
		for it := uv.ElementIterator(); it.Next(); {
			k, e := it.Element()
			vals[k.AsString()] = fill(e, fallback, inherited)
		}
		if ty.IsObjectType() {
			return cty.ObjectVal(vals).WithMarks(marks)
		}
		if len(vals) == 0 {
			return v
		}
		return cty.MapVal(vals).WithMarks(marks)
	}
	return v
}

// deepReasons collects the reason marks anywhere inside v.
func deepReasons(v cty.Value, into cty.ValueMarks) {
	if !v.ContainsMarked() {
		return
	}
	_, pvm := v.UnmarkDeepWithPaths()
	for _, p := range pvm {
		for m := range p.Marks {
			if _, ok := m.(reason); ok {
				into[m] = struct{}{}
			}
		}
	}
}

// toGo converts an evaluated value to the JSON-like values of iac.Resource
// Attrs: nil, bool, int64, float64, string, []any, map[string]any and
// iac.Unknown.
func toGo(v cty.Value) any {
	return goValue(v, nil)
}

func goValue(v cty.Value, inherited []string) any {
	uv, marks := v.Unmark()
	if rs := reasonsOf(marks); len(rs) > 0 {
		inherited = rs
	}
	if !uv.IsKnown() {
		return iac.Unknown{Reason: reasonText(inherited)}
	}
	if uv.IsNull() {
		return nil
	}
	ty := uv.Type()
	switch {
	case ty == cty.String:
		return uv.AsString()
	case ty == cty.Bool:
		return uv.True()
	case ty == cty.Number:
		return goNumber(uv.AsBigFloat())
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		out := make([]any, 0, uv.LengthInt())
		for it := uv.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, goValue(e, inherited))
		}
		return out
	case ty.IsMapType() || ty.IsObjectType():
		out := make(map[string]any, uv.LengthInt())
		for it := uv.ElementIterator(); it.Next(); {
			k, e := it.Element()
			out[k.AsString()] = goValue(e, inherited)
		}
		return out
	case ty.IsCapsuleType():
		return iac.Unknown{Reason: "value of type " + ty.FriendlyName() + " has no static representation"}
	}
	return iac.Unknown{Reason: "value of type " + ty.FriendlyName() + " has no static representation"}
}

// goNumber returns int64 for integral numbers that fit, float64 otherwise.
func goNumber(f *big.Float) any {
	if f.IsInt() {
		if i, acc := f.Int64(); acc == big.Exact {
			return i
		}
	}
	x, _ := f.Float64()
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return iac.Unknown{Reason: "number " + f.Text('g', 10) + " cannot be represented"}
	}
	return x
}

func itoa(i int) string {
	return big.NewInt(int64(i)).String()
}
