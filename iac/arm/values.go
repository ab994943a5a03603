package arm

import (
	"bytes"
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	"cloudward/iac"
	"cloudward/iac/internal/jsonpos"
)

// typeName names the type of a value for messages.
func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case int64:
		return "an integer"
	case float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	case iac.Unknown:
		return "an unknown value"
	}
	return "an unsupported value"
}

// hasUnknown reports whether v is or contains an Unknown.
func hasUnknown(v any) bool {
	switch t := v.(type) {
	case iac.Unknown:
		return true
	case []any:
		for _, e := range t {
			if hasUnknown(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range t {
			if hasUnknown(e) {
				return true
			}
		}
	}
	return false
}

// firstUnknown returns the first Unknown found in v (depth-first, object
// members in name order).
func firstUnknown(v any) (iac.Unknown, bool) {
	switch t := v.(type) {
	case iac.Unknown:
		return t, true
	case []any:
		for _, e := range t {
			if u, ok := firstUnknown(e); ok {
				return u, true
			}
		}
	case map[string]any:
		for _, k := range sortedKeys(t) {
			if u, ok := firstUnknown(t[k]); ok {
				return u, true
			}
		}
	}
	return iac.Unknown{}, false
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// toInt returns v as an integer when it is one (an integral float
// counts).
func toInt(v any) (int64, bool) {
	switch t := v.(type) {
	case int64:
		return t, true
	case float64:
		if t == math.Trunc(t) && math.Abs(t) < jsonpos.MaxExactInt {
			return int64(t), true
		}
	}
	return 0, false
}

// equal compares two values as ARM's equals() does: strings
// case-sensitively, numbers by value, arrays element by element, objects
// member by member. known is false when the answer depends on an unknown
// value.
func equal(a, b any) (eq, known bool) {
	if _, ok := a.(iac.Unknown); ok {
		return false, false
	}
	if _, ok := b.(iac.Unknown); ok {
		return false, false
	}
	switch x := a.(type) {
	case nil:
		return b == nil, true
	case bool:
		y, ok := b.(bool)
		return ok && x == y, true
	case string:
		y, ok := b.(string)
		return ok && x == y, true
	case int64, float64:
		switch y := b.(type) {
		case int64, float64:
			return toFloat(x) == toFloat(y), true
		}
		return false, true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false, true
		}
		known = true
		for i := range x {
			e, k := equal(x[i], y[i])
			if k && !e {
				return false, true
			}
			known = known && k
		}
		return known, known
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false, true
		}
		for k := range x {
			if _, ok := y[k]; !ok {
				return false, true
			}
		}
		known = true
		for k := range x {
			e, kn := equal(x[k], y[k])
			if kn && !e {
				return false, true
			}
			known = known && kn
		}
		return known, known
	}
	return false, true
}

func toFloat(v any) float64 {
	switch t := v.(type) {
	case int64:
		return float64(t)
	case float64:
		return t
	}
	return math.NaN()
}

// text converts a scalar to the string ARM would produce in concat(),
// format() and string(): integers in decimal, booleans as True/False,
// null as the empty string, arrays and objects as compact JSON. ok is
// false when v holds an unknown value.
func text(v any) (s string, ok bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case int64:
		return strconv.FormatInt(t, 10), true
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), true
	case bool:
		if t {
			return "True", true
		}
		return "False", true
	case nil:
		return "", true
	case iac.Unknown:
		return "", false
	}
	return compactJSON(v)
}

// compactJSON writes v as JSON without spaces; object members are in
// name order (ARM keeps declaration order, which Go maps do not record).
func compactJSON(v any) (string, bool) {
	if hasUnknown(v) {
		return "", false
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", false
	}
	return strings.TrimSuffix(b.String(), "\n"), true
}

// utf16Len is the length of s in UTF-16 code units, as .NET counts.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func toUTF16(s string) []uint16 { return utf16.Encode([]rune(s)) }

func fromUTF16(u []uint16) string { return string(utf16.Decode(u)) }

// normalize converts caller-supplied values (Options.Params) to the value
// types of iac.Resource.Attrs.
func normalize(v any) any {
	switch t := v.(type) {
	case nil, bool, int64, string, iac.Unknown:
		return t
	case int:
		return int64(t)
	case int32:
		return int64(t)
	case float32:
		return normalize(float64(t))
	case float64:
		if i, ok := toInt(t); ok {
			return i
		}
		return t
	case json.Number:
		return jsonpos.NumberValue(t.String())
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = normalize(e)
		}
		return out
	case []string:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = e
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = normalize(e)
		}
		return out
	}
	return iac.Unknown{Reason: "parameter value of an unsupported Go type"}
}

// valueSize counts the elements of arrays and objects in v.
func valueSize(v any) int {
	switch t := v.(type) {
	case []any:
		n := len(t)
		for _, e := range t {
			n += valueSize(e)
		}
		return n
	case map[string]any:
		n := len(t)
		for _, e := range t {
			n += valueSize(e)
		}
		return n
	}
	return 0
}

// copyValue returns a deep copy of arrays and objects, so that values
// shared between resources (a variable used twice) are never aliased.
func copyValue(v any) any {
	switch t := v.(type) {
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = copyValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = copyValue(e)
		}
		return out
	}
	return v
}
