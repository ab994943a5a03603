package asset

import "cel.dev/cel-go/common/types/ref"

// Test hooks for the external tests.
var (
	AppendValue        = appendValue
	AppendNativeObject = appendNativeObject
)

// FieldValue is one set, known, non-envelope field of an object.
type FieldValue struct {
	Name string
	Val  ref.Val
}

// KnownFields lists an object's set, known, non-envelope field values.
func KnownFields(o *Object) []FieldValue {
	var out []FieldValue
	for i, f := range o.schema.Fields {
		if o.vals[i] == nil || o.isEnvelope(f) {
			continue
		}
		if _, unknown := o.unknowns[i]; unknown {
			continue
		}
		out = append(out, FieldValue{f.Name, o.vals[i]})
	}
	return out
}
