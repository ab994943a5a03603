package asset

import (
	"cel.dev/cel-go/common/types/traits"
	"fmt"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/valyala/fastjson"
)

// Typed setters for producers (collectors, IaC adapters, the generator).
// They panic on a field name the schema does not have — a programming error
// the producer's tests catch.

// SetBool sets a bool field.
func (o *Object) SetBool(name string, v bool) *Object { o.Set(name, types.Bool(v)); return o }

// SetInt sets an int field.
func (o *Object) SetInt(name string, v int64) *Object { o.Set(name, types.Int(v)); return o }

// SetString sets a string field.
func (o *Object) SetString(name, v string) *Object { o.Set(name, types.String(v)); return o }

// SetTime sets a timestamp field; a zero time leaves the field absent.
func (o *Object) SetTime(name string, t time.Time) *Object {
	if !t.IsZero() {
		o.Set(name, types.Timestamp{Time: t.UTC()})
	}
	return o
}

// SetStrings sets a list-of-strings field.
func (o *Object) SetStrings(name string, v []string) *Object {
	elems := make([]ref.Val, len(v))
	for i, s := range v {
		elems[i] = types.String(s)
	}
	o.Set(name, types.NewRefValList(types.DefaultTypeAdapter, elems))
	return o
}

// SetObjects sets a list-of-objects field.
func (o *Object) SetObjects(name string, v []*Object) *Object {
	elems := make([]ref.Val, len(v))
	for i, x := range v {
		elems[i] = x
	}
	o.Set(name, types.NewRefValList(types.DefaultTypeAdapter, elems))
	return o
}

// Nested returns a new, empty object of the schema of field name (a nested
// object, or the element of a list of objects), for the caller to fill and
// then Set or SetObjects.
func (o *Object) Nested(name string) *Object {
	f := o.schema.byName[name]
	if f == nil {
		panic("asset: " + o.schema.Name + " has no field " + name)
	}
	switch {
	case f.Type.Kind == KindObject:
		return NewObject(f.Type.Object)
	case f.Type.Kind == KindList && f.Type.Elem.Kind == KindObject && f.Relation == nil:
		return NewObject(f.Type.Elem.Object)
	}
	panic("asset: " + o.schema.Name + "." + name + " is not an object field")
}

// SetNested fills field name with a new nested object and returns it.
func (o *Object) SetNested(name string) *Object {
	n := o.Nested(name)
	o.Set(name, n)
	return n
}

// SetJSON parses a JSON document (a policy, typically) into a dyn field.
func (o *Object) SetJSON(name, doc string) error {
	v, err := fastjson.Parse(doc)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	o.Set(name, dynValue(v))
	return nil
}

// SetSpan records where in code a field is written (IaC producers); see
// Asset.CollectSpans.
func (o *Object) SetSpan(name string, sp Span) {
	f := o.schema.byName[name]
	if f == nil || sp.StartLine <= 0 {
		return
	}
	if o.spans == nil {
		o.spans = map[int]Span{}
	}
	o.spans[f.index] = sp
}

// CollectSpans gathers the spans recorded on the asset's objects into
// Source.Attributes, by attribute path ("versioning.status",
// "ingress[1].cidr_ipv4").
func (a *Asset) CollectSpans() {
	spans := Spans{}
	var walk func(o *Object, prefix string)
	walk = func(o *Object, prefix string) {
		for i, f := range o.schema.Fields {
			path := prefix + f.Name
			if sp, ok := o.spans[i]; ok {
				spans[path] = sp
			}
			switch v := o.vals[i].(type) {
			case *Object:
				walk(v, path+".")
			case traits.Lister:
				n, ok := v.Size().(types.Int)
				if !ok {
					continue
				}
				for j := types.Int(0); j < n; j++ {
					if e, ok := v.Get(j).(*Object); ok {
						walk(e, fmt.Sprintf("%s[%d].", path, j))
					}
				}
			}
		}
	}
	walk(a.Root, "")
	if len(spans) > 0 {
		a.Source.Attributes = &spans
	}
}
