package gen

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"cloudward/asset"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
)

// encoder writes assets exactly as asset.(*Asset).MarshalJSON does, without
// its per-value reflection: objects in schema order, object elements of
// lists and documents with their keys sorted (as encoding/json writes
// maps), strings escaped like encoding/json (HTML-safe). A test keeps the
// two byte for byte identical. It is safe for concurrent use once built.
type encoder struct {
	objs    map[*asset.ObjectSchema]*objCodec
	src     asset.Source // the usual source, and its encoding
	srcJSON []byte
}

// objCodec is what the encoder needs of one object schema.
type objCodec struct {
	fields []fieldCodec // schema order, relations left out
	sorted []fieldCodec // the same, sorted by name
}

type fieldCodec struct {
	name   string
	env    bool   // an envelope field name (skipped in roots)
	key    []byte // "name":
	has    ref.FieldTester
	get    ref.FieldGetter
	object *asset.ObjectSchema // for nested objects (schema order)
}

func newEncoder(reg *asset.Registry, src asset.Source) (*encoder, error) {
	e := &encoder{objs: map[*asset.ObjectSchema]*objCodec{}, src: src}
	var err error
	if e.srcJSON, err = json.Marshal(src); err != nil {
		return nil, err
	}
	for _, o := range reg.Objects() {
		c := &objCodec{}
		for _, f := range o.Fields {
			if f.Relation != nil {
				continue
			}
			fc := fieldCodec{name: f.Name, env: envelope[f.Name], has: f.Tester(), get: f.Getter()}
			fc.key = appendString(nil, f.Name)
			fc.key = append(fc.key, ':')
			c.fields = append(c.fields, fc)
		}
		c.sorted = slices.Clone(c.fields)
		slices.SortFunc(c.sorted, func(a, b fieldCodec) int {
			switch {
			case a.name < b.name:
				return -1
			case a.name > b.name:
				return 1
			}
			return 0
		})
		e.objs[o] = c
	}
	return e, nil
}

// envelope names the fields of a root object that are not attributes.
var envelope = map[string]bool{"id": true, "name": true, "provider": true, "account": true, "region": true, "type": true, "tags": true}

// asset appends one asset line (without the newline).
func (e *encoder) asset(b []byte, a *asset.Asset) ([]byte, error) {
	b = append(b, `{"provider":`...)
	b = appendString(b, a.Provider)
	b = append(b, `,"account":`...)
	b = appendString(b, a.Account)
	b = append(b, `,"region":`...)
	b = appendString(b, a.Region)
	b = append(b, `,"type":`...)
	b = appendString(b, a.Type)
	b = append(b, `,"id":`...)
	b = appendString(b, a.ID)
	b = append(b, `,"name":`...)
	b = appendString(b, a.Name)
	if len(a.Tags) > 0 {
		b = append(b, `,"tags":`...)
		b = appendStringMap(b, a.Tags)
	}
	b = append(b, `,"attributes":`...)
	var err error
	if b, err = e.object(b, a.Root, true); err != nil {
		return b, err
	}
	if len(a.Relationships) > 0 {
		rb, err := json.Marshal(a.Relationships)
		if err != nil {
			return b, err
		}
		b = append(b, `,"relationships":`...)
		b = append(b, rb...)
	}
	if a.Source == e.src && e.src != (asset.Source{}) {
		b = append(b, `,"source":`...)
		b = append(b, e.srcJSON...)
	} else if a.Source != (asset.Source{}) {
		sb, err := json.Marshal(a.Source)
		if err != nil {
			return b, err
		}
		b = append(b, `,"source":`...)
		b = append(b, sb...)
	}
	return append(b, '}'), nil
}

// object appends o with its fields in schema order (root skips the envelope).
func (e *encoder) object(b []byte, o *asset.Object, root bool) ([]byte, error) {
	c := e.objs[o.Schema()]
	if c == nil {
		return b, fmt.Errorf("gen: no codec for %s", o.Schema().Name)
	}
	b = append(b, '{')
	first := true
	for i := range c.fields {
		f := &c.fields[i]
		if root && f.env || !f.has(o) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, f.key...)
		v, _ := f.get(o)
		var err error
		switch x := v.(type) {
		case *types.Unknown:
			b = e.unknown(b, o, f.name)
		case *asset.Object:
			b, err = e.object(b, x, false)
		default:
			b, err = e.value(b, x.(ref.Val))
		}
		if err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

func (e *encoder) unknown(b []byte, o *asset.Object, name string) []byte {
	r, _ := o.UnknownReason(name)
	b = append(b, `{"`+asset.UnknownKey+`":`...)
	b = appendString(b, r)
	return append(b, '}')
}

// value appends v as json.Marshal(asset.Native(v)) would.
func (e *encoder) value(b []byte, v ref.Val) ([]byte, error) {
	switch x := v.(type) {
	case nil, types.Null:
		return append(b, "null"...), nil
	case types.String:
		return appendString(b, string(x)), nil
	case types.Bool:
		return strconv.AppendBool(b, bool(x)), nil
	case types.Int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case types.Double:
		return appendFloat(b, float64(x))
	case types.Timestamp:
		b = append(b, '"')
		b = x.Time.UTC().AppendFormat(b, time.RFC3339)
		return append(b, '"'), nil
	case *types.Unknown:
		return append(b, `"<unknown>"`...), nil
	case *asset.Object:
		return e.sortedObject(b, x)
	}
	if l, ok := v.(traits.Lister); ok {
		if ss, ok := l.Value().([]string); ok {
			b = append(b, '[')
			for i, s := range ss {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendString(b, s)
			}
			return append(b, ']'), nil
		}
	}
	// Lists of other values, maps, anything else: the asset package's
	// encoder, held to encoding/json's output.
	return asset.AppendJSON(b, v)
}

// sortedObject appends an object the way encoding/json writes the map
// asset.Native makes of it: keys sorted, unknowns as {"$unknown": reason}.
func (e *encoder) sortedObject(b []byte, o *asset.Object) ([]byte, error) {
	c := e.objs[o.Schema()]
	if c == nil {
		return b, fmt.Errorf("gen: no codec for %s", o.Schema().Name)
	}
	b = append(b, '{')
	first := true
	for i := range c.sorted {
		f := &c.sorted[i]
		if !f.has(o) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, f.key...)
		v, _ := f.get(o)
		if _, ok := v.(*types.Unknown); ok {
			b = e.unknown(b, o, f.name)
			continue
		}
		var err error
		if b, err = e.value(b, v.(ref.Val)); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

// appendStringMap appends a map of strings with sorted keys.
func appendStringMap(b []byte, m map[string]string) []byte {
	var buf [8]string
	keys := buf[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = appendString(b, m[k])
	}
	return append(b, '}')
}

// appendString appends s as a JSON string escaped like encoding/json.
func appendString(b []byte, s string) []byte { return asset.AppendJSONString(b, s) }

// appendFloat appends f as encoding/json writes a float64.
func appendFloat(b []byte, f float64) ([]byte, error) { return asset.AppendJSONFloat(b, f) }
