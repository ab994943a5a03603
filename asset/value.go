package asset

import (
	"fmt"
	"reflect"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
)

// Object is the runtime value of an object schema: an asset root or a nested
// block. Fields are stored positionally as CEL values; a nil slot is absent.
// Object implements ref.Val so CEL programs can select its fields directly.
type Object struct {
	schema   *ObjectSchema
	vals     []ref.Val
	unknowns map[int]string // field index -> why the value could not be read
	asset    *Asset         // set on roots: the asset this object describes
	spans    map[int]Span   // field index -> where code writes it (IaC producers)
}

var _ ref.Val = (*Object)(nil)

// NewObject returns an empty object of schema s.
func NewObject(s *ObjectSchema) *Object {
	return &Object{schema: s, vals: make([]ref.Val, len(s.Fields))}
}

// Schema returns the object's schema.
func (o *Object) Schema() *ObjectSchema { return o.schema }

// Asset returns the asset a root object belongs to (nil for nested blocks).
func (o *Object) Asset() *Asset { return o.asset }

// Set stores a field value. It panics on an unknown field name; decoders
// check names against the schema first.
func (o *Object) Set(name string, v ref.Val) {
	f := o.schema.byName[name]
	if f == nil {
		panic("asset: " + o.schema.Name + " has no field " + name)
	}
	o.vals[f.index] = v
	delete(o.unknowns, f.index)
}

// SetUnknown marks a field as unreadable, with the reason (an API error,
// an unresolved IaC variable, …).
func (o *Object) SetUnknown(name, reason string) {
	f := o.schema.byName[name]
	if f == nil {
		panic("asset: " + o.schema.Name + " has no field " + name)
	}
	if o.unknowns == nil {
		o.unknowns = map[int]string{}
	}
	o.unknowns[f.index] = reason
	o.vals[f.index] = types.NewUnknown(0, nil)
}

// Get returns the stored value of a field and whether it is present.
// Unknown fields are present and hold a *types.Unknown.
func (o *Object) Get(name string) (ref.Val, bool) {
	f := o.schema.byName[name]
	if f == nil {
		return nil, false
	}
	if o.isEnvelope(f) {
		if f.index == envelopeTags && o.asset.Tags == nil {
			return nil, false
		}
		return o.asset.envelope(f.index), true
	}
	if o.vals[f.index] == nil {
		return nil, false
	}
	return o.vals[f.index], true
}

// envelopeTags is the index of the tags envelope field.
const envelopeTags = 6

func (o *Object) isEnvelope(f *Field) bool { return o.asset != nil && f.index < len(envelopeFields) }

// UnknownReason reports whether the named field is unknown, and why.
func (o *Object) UnknownReason(name string) (string, bool) {
	f := o.schema.byName[name]
	if f == nil {
		return "", false
	}
	r, ok := o.unknowns[f.index]
	return r, ok
}

// HasUnknowns reports whether any field, at any depth, is unknown.
func (o *Object) HasUnknowns() bool { return len(o.UnknownFields()) > 0 }

// field returns the effective value of field f: the stored value, the
// computed relation, or the zero value of an absent field.
func (o *Object) field(f *Field) ref.Val {
	if f.Relation != nil {
		if _, unk := o.unknowns[f.index]; unk {
			return o.vals[f.index] // a producer knows the relation cannot be computed
		}
		if o.asset == nil || o.asset.ctx == nil {
			return types.NewUnknown(0, nil)
		}
		return o.asset.ctx.Related(o.asset, f)
	}
	if v := o.vals[f.index]; v != nil {
		return v
	}
	if o.isEnvelope(f) {
		return o.asset.envelope(f.index)
	}
	return f.zero
}

// ConvertToNative implements ref.Val.
func (o *Object) ConvertToNative(t reflect.Type) (any, error) {
	if reflect.TypeOf(o).AssignableTo(t) {
		return o, nil
	}
	if t.Kind() == reflect.Interface {
		return o, nil
	}
	return nil, fmt.Errorf("asset: cannot convert %s to %v", o.schema.Name, t)
}

// ConvertToType implements ref.Val.
func (o *Object) ConvertToType(t ref.Type) ref.Val {
	switch t {
	case types.TypeType:
		return o.schema.celType
	case o.schema.celType:
		return o
	}
	return types.NewErr("type conversion error from '%s' to '%s'", o.schema.Name, t.TypeName())
}

// Equal implements ref.Val: objects are equal when they have the same
// schema and equal effective field values.
func (o *Object) Equal(other ref.Val) ref.Val {
	p, ok := other.(*Object)
	if !ok || p.schema != o.schema {
		return types.False
	}
	if p == o {
		return types.True
	}
	for _, f := range o.schema.Fields {
		if f.Relation != nil {
			continue
		}
		if eq := o.field(f).Equal(p.field(f)); eq != types.True {
			return eq
		}
	}
	return types.True
}

// Type implements ref.Val.
func (o *Object) Type() ref.Type { return o.schema.celType }

// Value implements ref.Val.
func (o *Object) Value() any { return o }

// Getter returns the CEL field getter of f: the effective value (stored,
// computed relation, or zero value when absent); unknown targets pass through.
func (f *Field) Getter() ref.FieldGetter {
	return func(target any) (any, error) {
		switch o := target.(type) {
		case *Object:
			return o.field(f), nil
		case *types.Unknown:
			return o, nil
		}
		return nil, fmt.Errorf("no field %s on %T", f.Name, target)
	}
}

// Tester returns the CEL presence test of f, used by has().
func (f *Field) Tester() ref.FieldTester {
	return func(target any) bool {
		o, ok := target.(*Object)
		if !ok {
			return false
		}
		if f.Relation != nil {
			return true
		}
		if o.isEnvelope(f) {
			return f.index != envelopeTags || o.asset.Tags != nil
		}
		return o.vals[f.index] != nil
	}
}

var (
	emptyList      = types.NewRefValList(types.DefaultTypeAdapter, []ref.Val{})
	emptyStringMap = types.NewStringStringMap(types.DefaultTypeAdapter, map[string]string{})
)

func zeroValue(t *FieldType) ref.Val {
	switch t.Kind {
	case KindBool:
		return types.False
	case KindInt:
		return types.IntZero
	case KindDouble:
		return types.Double(0)
	case KindString:
		return types.String("")
	case KindTimestamp:
		return types.Timestamp{Time: time.Unix(0, 0).UTC()}
	case KindList:
		return emptyList
	case KindMap:
		return types.NewRefValMap(types.DefaultTypeAdapter, map[ref.Val]ref.Val{})
	case KindObject:
		if t.Object == nil { // relation element before sealing
			return types.NullValue
		}
		return NewObject(t.Object)
	}
	return types.NullValue
}

// UnknownField is a field whose value could not be read.
type UnknownField struct {
	Path   string // attribute path, e.g. encryption or ingress[2].cidr_ipv4
	Reason string
}

// UnknownFields lists every unknown field of o and its nested objects, in
// schema order.
func (o *Object) UnknownFields() []UnknownField {
	var out []UnknownField
	o.unknownFields("", &out)
	return out
}

func (o *Object) unknownFields(prefix string, out *[]UnknownField) {
	for i, f := range o.schema.Fields {
		if f.Relation != nil {
			continue
		}
		p := prefix + f.Name
		if r, ok := o.unknowns[i]; ok {
			*out = append(*out, UnknownField{Path: p, Reason: r})
			continue
		}
		switch v := o.vals[i].(type) {
		case *Object:
			v.unknownFields(p+".", out)
		case traits.Lister:
			n := int(v.Size().(types.Int))
			for j := 0; j < n; j++ {
				if e, ok := v.Get(types.Int(j)).(*Object); ok {
					e.unknownFields(fmt.Sprintf("%s[%d].", p, j), out)
				}
			}
		}
	}
}
