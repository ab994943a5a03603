package asset

import (
	"fmt"
	"sort"
	"strings"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// Kind is the kind of value an attribute holds.
type Kind int

// The kinds of attribute values.
const (
	KindBool Kind = iota + 1
	KindInt
	KindDouble
	KindString
	KindTimestamp
	KindList   // a list of Elem
	KindMap    // a map from string to Elem
	KindObject // a nested object described by Object
	KindDyn    // free-form JSON (policy documents and the like)
)

// FieldType describes the value of one field.
type FieldType struct {
	Kind   Kind
	Elem   *FieldType    // element type of a list, value type of a map
	Object *ObjectSchema // schema of a nested object
}

// String renders the type as the docs and error messages show it.
func (t *FieldType) String() string {
	switch t.Kind {
	case KindBool:
		return "bool"
	case KindInt:
		return "int"
	case KindDouble:
		return "double"
	case KindString:
		return "string"
	case KindTimestamp:
		return "timestamp"
	case KindList:
		return "list(" + t.Elem.String() + ")"
	case KindMap:
		return "map(string, " + t.Elem.String() + ")"
	case KindObject:
		return t.Object.Name
	case KindDyn:
		return "dyn"
	}
	return "invalid"
}

// Scope bounds the assets a Relation can reach.
type Scope int

// Relation scopes.
const (
	ScopeAccount Scope = iota + 1 // any region of the same provider account
	ScopeRegion                   // the same account and region
)

// String names the scope.
func (s Scope) String() string {
	if s == ScopeRegion {
		return "region"
	}
	return "account"
}

// Relation makes a field whose value is computed from other assets in the
// same scan: the list of assets of type Target, in the same account (and
// region, for ScopeRegion), whose attribute TargetField equals this asset's
// attribute SelfField ("id" when empty). An empty TargetField selects every
// Target asset in scope.
type Relation struct {
	Target      string
	Scope       Scope
	TargetField string
	SelfField   string
}

// Field is one named field of an object.
type Field struct {
	Name     string
	Type     *FieldType
	Doc      string
	Relation *Relation // non-nil for computed relation fields

	index int
	zero  ref.Val
}

// ObjectSchema describes an object: an asset's root or a nested block.
type ObjectSchema struct {
	Name   string // qualified CEL type name, e.g. aws.s3.bucket.versioning
	Doc    string
	Fields []*Field

	byName  map[string]*Field
	celType *types.Type
}

// Field returns the named field, or nil.
func (o *ObjectSchema) Field(name string) *Field { return o.byName[name] }

// CELType is the CEL object type of values of this schema.
func (o *ObjectSchema) CELType() *types.Type { return o.celType }

// TypeSchema is the schema of one asset type.
type TypeSchema struct {
	Name     string // aws.s3.bucket
	Provider string // aws
	Doc      string
	// Root is the object a rule sees as `resource`: the envelope fields
	// (id, name, provider, account, region, type, tags) followed by the
	// type's attributes.
	Root *ObjectSchema
	// Attributes lists only the type-specific fields (Root without the envelope).
	Attributes []*Field
}

// Envelope field names; attributes may not reuse them.
var envelopeFields = []string{"id", "name", "provider", "account", "region", "type", "tags"}

// Constructors for fields. They keep schema files short and readable.

// Bool declares a boolean field.
func Bool(name, doc string) *Field {
	return &Field{Name: name, Doc: doc, Type: &FieldType{Kind: KindBool}}
}

// Int declares an integer field.
func Int(name, doc string) *Field {
	return &Field{Name: name, Doc: doc, Type: &FieldType{Kind: KindInt}}
}

// Double declares a floating-point field.
func Double(name, doc string) *Field {
	return &Field{Name: name, Doc: doc, Type: &FieldType{Kind: KindDouble}}
}

// String declares a string field.
func String(name, doc string) *Field {
	return &Field{Name: name, Doc: doc, Type: &FieldType{Kind: KindString}}
}

// Timestamp declares an RFC 3339 timestamp field.
func Timestamp(name, doc string) *Field {
	return &Field{Name: name, Doc: doc, Type: &FieldType{Kind: KindTimestamp}}
}

// Dyn declares a free-form JSON field.
func Dyn(name, doc string) *Field {
	return &Field{Name: name, Doc: doc, Type: &FieldType{Kind: KindDyn}}
}

// StringList declares a list of strings.
func StringList(name, doc string) *Field {
	return &Field{Name: name, Doc: doc, Type: &FieldType{Kind: KindList, Elem: &FieldType{Kind: KindString}}}
}

// IntList declares a list of integers.
func IntList(name, doc string) *Field {
	return &Field{Name: name, Doc: doc, Type: &FieldType{Kind: KindList, Elem: &FieldType{Kind: KindInt}}}
}

// StringMap declares a map from string to string.
func StringMap(name, doc string) *Field {
	return &Field{Name: name, Doc: doc, Type: &FieldType{Kind: KindMap, Elem: &FieldType{Kind: KindString}}}
}

// Nested declares a nested object field.
func Nested(name, doc string, o *ObjectSchema) *Field {
	return &Field{Name: name, Doc: doc, Type: &FieldType{Kind: KindObject, Object: o}}
}

// NestedList declares a list of nested objects.
func NestedList(name, doc string, o *ObjectSchema) *Field {
	return &Field{Name: name, Doc: doc, Type: &FieldType{Kind: KindList, Elem: &FieldType{Kind: KindObject, Object: o}}}
}

// Related declares a computed field listing related assets (see Relation).
// The element schema is filled in when the registry is sealed.
func Related(name, doc string, rel Relation) *Field {
	return &Field{Name: name, Doc: doc, Relation: &rel,
		Type: &FieldType{Kind: KindList, Elem: &FieldType{Kind: KindObject}}}
}

// Block declares a nested object schema. Its CEL type name is given by the
// type that registers it (see Define), so blocks can be shared by name only
// within one asset type.
func Block(doc string, fields ...*Field) *ObjectSchema {
	return &ObjectSchema{Doc: doc, Fields: fields}
}

// Define declares an asset type.
func Define(name, doc string, attrs ...*Field) *TypeSchema {
	provider, _, _ := strings.Cut(name, ".")
	return &TypeSchema{Name: name, Provider: provider, Doc: doc, Attributes: attrs}
}

// Registry holds the asset types known to one engine.
type Registry struct {
	types  map[string]*TypeSchema
	sealed bool
}

// NewRegistry returns a registry holding the given types; it panics on a
// duplicate type, a field that reuses an envelope name, or a relation to an
// unregistered type — programming errors caught by the first test run.
func NewRegistry(schemas ...*TypeSchema) *Registry {
	r := &Registry{types: map[string]*TypeSchema{}}
	for _, s := range schemas {
		if _, dup := r.types[s.Name]; dup {
			panic("asset: duplicate type " + s.Name)
		}
		if strings.Count(s.Name, ".") < 1 {
			panic("asset: type name must be <provider>.<service>.<resource>: " + s.Name)
		}
		r.types[s.Name] = s
	}
	for _, s := range r.types {
		r.seal(s)
	}
	r.sealed = true
	return r
}

// Lookup returns the schema of the named type.
func (r *Registry) Lookup(name string) (*TypeSchema, bool) {
	s, ok := r.types[name]
	return s, ok
}

// Types returns every registered type, sorted by name.
func (r *Registry) Types() []*TypeSchema {
	out := make([]*TypeSchema, 0, len(r.types))
	for _, s := range r.types {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Objects returns every object schema (roots and nested blocks) by CEL type name.
func (r *Registry) Objects() map[string]*ObjectSchema {
	out := map[string]*ObjectSchema{}
	var walk func(o *ObjectSchema)
	walk = func(o *ObjectSchema) {
		if _, seen := out[o.Name]; seen {
			return
		}
		out[o.Name] = o
		for _, f := range o.Fields {
			if t := f.Type; t.Kind == KindObject {
				walk(t.Object)
			} else if t.Elem != nil && t.Elem.Kind == KindObject && f.Relation == nil {
				walk(t.Elem.Object)
			}
		}
	}
	for _, s := range r.Types() {
		walk(s.Root)
	}
	return out
}

func (r *Registry) seal(s *TypeSchema) {
	if s.Root != nil {
		return
	}
	root := &ObjectSchema{Name: s.Name, Doc: s.Doc}
	root.Fields = append(root.Fields,
		String("id", "Provider identifier of the resource (an ARN where the provider has one)."),
		String("name", "Human-readable name."),
		String("provider", "Cloud provider (aws, azure, gcp)."),
		String("account", "Account, subscription or project that owns the resource."),
		String("region", "Region, or \"global\" for global resources."),
		String("type", "Asset type, e.g. "+s.Name+"."),
		StringMap("tags", "Resource tags."),
	)
	for _, f := range s.Attributes {
		for _, e := range envelopeFields {
			if f.Name == e {
				panic(fmt.Sprintf("asset: %s: attribute %q reuses an envelope field name", s.Name, f.Name))
			}
		}
		root.Fields = append(root.Fields, f)
	}
	s.Root = root
	r.sealObject(root, s.Name)
}

func (r *Registry) sealObject(o *ObjectSchema, name string) {
	if o.byName != nil {
		return // shared block already sealed
	}
	o.Name = name
	o.byName = make(map[string]*Field, len(o.Fields))
	o.celType = types.NewObjectType(name)
	for i, f := range o.Fields {
		if _, dup := o.byName[f.Name]; dup {
			panic(fmt.Sprintf("asset: %s: duplicate field %q", name, f.Name))
		}
		f.index = i
		o.byName[f.Name] = f
		if f.Relation != nil {
			target, ok := r.types[f.Relation.Target]
			if !ok {
				panic(fmt.Sprintf("asset: %s.%s: relation to unregistered type %q", name, f.Name, f.Relation.Target))
			}
			r.seal(target)
			f.Type.Elem.Object = target.Root
		}
		r.sealType(f.Type, name+"."+f.Name)
		f.zero = zeroValue(f.Type)
	}
}

func (r *Registry) sealType(t *FieldType, name string) {
	switch t.Kind {
	case KindObject:
		r.sealObject(t.Object, name)
	case KindList, KindMap:
		if t.Elem.Kind == KindObject && t.Elem.Object.byName == nil {
			r.sealObject(t.Elem.Object, name)
		}
	}
}

// CELType returns the CEL type of values of t.
func (t *FieldType) CELType() *types.Type {
	switch t.Kind {
	case KindBool:
		return types.BoolType
	case KindInt:
		return types.IntType
	case KindDouble:
		return types.DoubleType
	case KindString:
		return types.StringType
	case KindTimestamp:
		return types.TimestampType
	case KindList:
		return types.NewListType(t.Elem.CELType())
	case KindMap:
		return types.NewMapType(types.StringType, t.Elem.CELType())
	case KindObject:
		return t.Object.celType
	}
	return types.DynType
}
