package asset

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"github.com/valyala/fastjson"
)

// UnknownKey marks an unreadable value in JSON: {"$unknown": "reason"}.
const UnknownKey = "$unknown"

// ErrUnknownType is returned (wrapped) for an asset whose type is not registered.
var ErrUnknownType = errors.New("unknown asset type")

// FieldError is a value that does not fit its schema.
type FieldError struct {
	Path string // e.g. attributes.versioning.enabled
	Msg  string
}

func (e *FieldError) Error() string { return e.Path + ": " + e.Msg }

// Decoded carries an asset and any non-fatal remarks about its JSON.
type Decoded struct {
	Asset *Asset
	// Ignored lists attribute paths the schema does not know; they are
	// skipped so newer inventories still load.
	Ignored []string
}

// Decode builds an asset from one parsed inventory object.
func (r *Registry) Decode(v *fastjson.Value) (Decoded, error) {
	var d Decoded
	obj, err := v.Object()
	if err != nil {
		return d, &FieldError{Path: "(line)", Msg: "expected a JSON object"}
	}
	str := func(key string) (string, error) {
		x := obj.Get(key)
		if x == nil || x.Type() == fastjson.TypeNull {
			return "", nil
		}
		b, err := x.StringBytes()
		if err != nil {
			return "", &FieldError{Path: key, Msg: "expected a string, got " + x.Type().String()}
		}
		return string(b), nil
	}
	typ, err := str("type")
	if err != nil {
		return d, err
	}
	if typ == "" {
		return d, &FieldError{Path: "type", Msg: "missing; every asset needs a type such as aws.s3.bucket"}
	}
	s, ok := r.types[typ]
	if !ok {
		return d, fmt.Errorf("%w %q", ErrUnknownType, typ)
	}
	a := &Asset{Type: typ, Provider: s.Provider}
	for _, kv := range []struct {
		key string
		dst *string
	}{{"provider", &a.Provider}, {"account", &a.Account}, {"region", &a.Region}, {"id", &a.ID}, {"name", &a.Name}} {
		val, err := str(kv.key)
		if err != nil {
			return d, err
		}
		if val != "" {
			*kv.dst = val
		}
	}
	if a.ID == "" {
		return d, &FieldError{Path: "id", Msg: "missing; every asset needs an id"}
	}
	if t := obj.Get("tags"); t != nil && t.Type() != fastjson.TypeNull {
		to, err := t.Object()
		if err != nil {
			return d, &FieldError{Path: "tags", Msg: "expected an object of strings"}
		}
		a.Tags = make(map[string]string, to.Len())
		var terr error
		to.Visit(func(k []byte, tv *fastjson.Value) {
			b, err := tv.StringBytes()
			if err != nil && terr == nil {
				terr = &FieldError{Path: "tags." + string(k), Msg: "expected a string, got " + tv.Type().String()}
			}
			a.Tags[string(k)] = string(b)
		})
		if terr != nil {
			return d, terr
		}
	}
	if rel := obj.Get("relationships"); rel != nil && rel.Type() != fastjson.TypeNull {
		if err := decodeRelationships(rel, a); err != nil {
			return d, err
		}
	}
	if src := obj.Get("source"); src != nil && src.Type() != fastjson.TypeNull {
		if err := decodeSource(src, &a.Source); err != nil {
			return d, err
		}
	}
	a.Root = NewObject(s.Root)
	a.Root.asset = a
	if attrs := obj.Get("attributes"); attrs != nil && attrs.Type() != fastjson.TypeNull {
		if err := decodeFields(a.Root, attrs, "attributes", len(envelopeFields), &d.Ignored); err != nil {
			return d, err
		}
	}
	d.Asset = a
	return d, nil
}

func decodeRelationships(v *fastjson.Value, a *Asset) error {
	arr, err := v.Array()
	if err != nil {
		return &FieldError{Path: "relationships", Msg: "expected a list of {type, target, kind}"}
	}
	a.Relationships = make([]Relationship, 0, len(arr))
	for i, e := range arr {
		path := fmt.Sprintf("relationships[%d]", i)
		if e.Type() != fastjson.TypeObject {
			return &FieldError{Path: path, Msg: "expected an object {type, target, kind}"}
		}
		var r Relationship
		for _, kv := range []struct {
			key string
			dst *string
		}{{"type", &r.Type}, {"target", &r.Target}, {"kind", &r.Kind}} {
			x := e.Get(kv.key)
			if x == nil || x.Type() == fastjson.TypeNull {
				continue
			}
			b, err := x.StringBytes()
			if err != nil {
				return &FieldError{Path: path + "." + kv.key, Msg: "expected a string, got " + jsonTypeName(x)}
			}
			*kv.dst = string(b)
		}
		if r.Type == "" || r.Target == "" {
			return &FieldError{Path: path, Msg: "type and target are required"}
		}
		a.Relationships = append(a.Relationships, r)
	}
	return nil
}

func decodeSource(v *fastjson.Value, s *Source) error {
	if v.Type() != fastjson.TypeObject {
		return &FieldError{Path: "source", Msg: "expected an object"}
	}
	str := func(key string) (string, error) {
		x := v.Get(key)
		if x == nil || x.Type() == fastjson.TypeNull {
			return "", nil
		}
		b, err := x.StringBytes()
		if err != nil {
			return "", &FieldError{Path: "source." + key, Msg: "expected a string, got " + jsonTypeName(x)}
		}
		return string(b), nil
	}
	num := func(key string) (int, error) {
		x := v.Get(key)
		if x == nil || x.Type() == fastjson.TypeNull {
			return 0, nil
		}
		n, err := x.Int()
		if err != nil {
			return 0, &FieldError{Path: "source." + key, Msg: "expected an integer"}
		}
		return n, nil
	}
	var err error
	if s.Collector, err = str("collector"); err != nil {
		return err
	}
	if s.File, err = str("file"); err != nil {
		return err
	}
	if s.StartLine, err = num("start_line"); err != nil {
		return err
	}
	if s.EndLine, err = num("end_line"); err != nil {
		return err
	}
	if attrs := v.Get("attributes"); attrs != nil && attrs.Type() != fastjson.TypeNull {
		obj, err := attrs.Object()
		if err != nil {
			return &FieldError{Path: "source.attributes", Msg: "expected an object of attribute paths"}
		}
		spans := Spans{}
		var serr error
		obj.Visit(func(k []byte, sv *fastjson.Value) {
			if serr != nil {
				return
			}
			if sv.Type() != fastjson.TypeObject {
				serr = &FieldError{Path: "source.attributes." + string(k), Msg: "expected {file, start_line, end_line}"}
				return
			}
			sp := Span{File: string(sv.GetStringBytes("file")), StartLine: sv.GetInt("start_line"), EndLine: sv.GetInt("end_line")}
			if sp.StartLine <= 0 || sp.EndLine < sp.StartLine {
				serr = &FieldError{Path: "source.attributes." + string(k), Msg: "expected start_line ≥ 1 and end_line ≥ start_line"}
				return
			}
			spans[string(k)] = sp
		})
		if serr != nil {
			return serr
		}
		if len(spans) > 0 {
			s.Attributes = &spans
		}
	}
	at, err := str("collected_at")
	if err != nil {
		return err
	}
	if at != "" {
		t, err := time.Parse(time.RFC3339Nano, at)
		if err != nil {
			return &FieldError{Path: "source.collected_at", Msg: fmt.Sprintf("expected an RFC 3339 timestamp, got %q", at)}
		}
		s.CollectedAt = t
	}
	return nil
}

func unknownReason(v *fastjson.Value) (string, bool) {
	if v.Type() != fastjson.TypeObject {
		return "", false
	}
	u := v.Get(UnknownKey)
	if u == nil {
		return "", false
	}
	if b, err := u.StringBytes(); err == nil {
		return string(b), true
	}
	return "unknown", true
}

// decodeFields fills o's fields from JSON object v; fields before skip
// (the envelope) are not attributes and are ignored here.
func decodeFields(o *Object, v *fastjson.Value, path string, skip int, ignored *[]string) error {
	jo, err := v.Object()
	if err != nil {
		return &FieldError{Path: path, Msg: "expected an object, got " + v.Type().String()}
	}
	var ferr error
	jo.Visit(func(k []byte, fv *fastjson.Value) {
		if ferr != nil {
			return
		}
		f := o.schema.byName[string(k)] // no allocation for the lookup
		if f == nil || f.index < skip {
			*ignored = append(*ignored, path+"."+string(k))
			return
		}
		if f.Relation != nil {
			// A relation is computed, but a producer may record that it
			// cannot be (IaC that declares none of the related resources).
			if reason, ok := unknownReason(fv); ok {
				if o.unknowns == nil {
					o.unknowns = map[int]string{}
				}
				o.unknowns[f.index] = reason
				o.vals[f.index] = types.NewUnknown(0, nil)
			} else {
				*ignored = append(*ignored, path+"."+string(k))
			}
			return
		}
		if fv.Type() == fastjson.TypeNull {
			return
		}
		if reason, ok := unknownReason(fv); ok {
			if o.unknowns == nil {
				o.unknowns = map[int]string{}
			}
			o.unknowns[f.index] = reason
			o.vals[f.index] = types.NewUnknown(0, nil)
			return
		}
		val, err := decodeValue(f.Type, fv, loc{parent: path, name: f.Name, index: -1}, ignored)
		if err != nil {
			ferr = err
			return
		}
		o.vals[f.index] = val
	})
	return ferr
}

func typeErr(path string, want *FieldType, v *fastjson.Value) error {
	return &FieldError{Path: path, Msg: fmt.Sprintf("expected %s, got %s", want, jsonTypeName(v))}
}

func jsonTypeName(v *fastjson.Value) string {
	switch v.Type() {
	case fastjson.TypeTrue, fastjson.TypeFalse:
		return "bool"
	}
	return v.Type().String()
}

// loc is the path of a value being decoded, built into a string only when
// it is needed (an error, or descending into an object), so the common
// path allocates nothing for it.
type loc struct {
	parent string
	name   string
	index  int // >= 0 for a list element
}

func (l loc) String() string {
	if l.index >= 0 {
		return l.parent + "[" + strconv.Itoa(l.index) + "]"
	}
	return l.parent + "." + l.name
}

func decodeValue(t *FieldType, v *fastjson.Value, at loc, ignored *[]string) (ref.Val, error) {
	switch t.Kind {
	case KindBool:
		b, err := v.Bool()
		if err != nil {
			return nil, typeErr(at.String(), t, v)
		}
		return types.Bool(b), nil
	case KindInt:
		if v.Type() != fastjson.TypeNumber {
			return nil, typeErr(at.String(), t, v)
		}
		i, err := v.Int64()
		if err != nil {
			return nil, &FieldError{Path: at.String(), Msg: "expected an integer, got " + v.String()}
		}
		return types.Int(i), nil
	case KindDouble:
		f, err := v.Float64()
		if err != nil {
			return nil, typeErr(at.String(), t, v)
		}
		return types.Double(f), nil
	case KindString:
		b, err := v.StringBytes()
		if err != nil {
			return nil, typeErr(at.String(), t, v)
		}
		return types.String(b), nil
	case KindTimestamp:
		b, err := v.StringBytes()
		if err != nil {
			return nil, typeErr(at.String(), t, v)
		}
		ts, err := time.Parse(time.RFC3339Nano, string(b))
		if err != nil {
			return nil, &FieldError{Path: at.String(), Msg: fmt.Sprintf("expected an RFC 3339 timestamp, got %q", b)}
		}
		return types.Timestamp{Time: ts}, nil
	case KindList:
		arr, err := v.Array()
		if err != nil {
			return nil, typeErr(at.String(), t, v)
		}
		elems := make([]ref.Val, len(arr))
		path := at.String()
		for i, ev := range arr {
			if _, unk := unknownReason(ev); unk {
				return nil, &FieldError{Path: fmt.Sprintf("%s[%d]", path, i), Msg: "a list element cannot be unknown; mark the whole list unknown instead"}
			}
			e, err := decodeValue(t.Elem, ev, loc{parent: path, index: i}, ignored)
			if err != nil {
				return nil, err
			}
			elems[i] = e
		}
		return types.NewRefValList(types.DefaultTypeAdapter, elems), nil
	case KindMap:
		mo, err := v.Object()
		if err != nil {
			return nil, typeErr(at.String(), t, v)
		}
		path := at.String()
		if t.Elem.Kind == KindString {
			m := make(map[string]string, mo.Len())
			var merr error
			mo.Visit(func(k []byte, ev *fastjson.Value) {
				b, err := ev.StringBytes()
				if err != nil && merr == nil {
					merr = typeErr(path+"."+string(k), t.Elem, ev)
				}
				m[string(k)] = string(b)
			})
			if merr != nil {
				return nil, merr
			}
			return types.NewStringStringMap(types.DefaultTypeAdapter, m), nil
		}
		m := make(map[ref.Val]ref.Val, mo.Len())
		var merr error
		mo.Visit(func(k []byte, ev *fastjson.Value) {
			if merr != nil {
				return
			}
			e, err := decodeValue(t.Elem, ev, loc{parent: path, name: string(k), index: -1}, ignored)
			if err != nil {
				merr = err
				return
			}
			m[types.String(k)] = e
		})
		if merr != nil {
			return nil, merr
		}
		return types.NewRefValMap(types.DefaultTypeAdapter, m), nil
	case KindObject:
		o := NewObject(t.Object)
		if err := decodeFields(o, v, at.String(), 0, ignored); err != nil {
			return nil, err
		}
		return o, nil
	case KindDyn:
		return dynValue(v), nil
	}
	return nil, &FieldError{Path: at.String(), Msg: "unsupported schema kind"}
}

func dynValue(v *fastjson.Value) ref.Val {
	switch v.Type() {
	case fastjson.TypeNull:
		return types.NullValue
	case fastjson.TypeTrue:
		return types.True
	case fastjson.TypeFalse:
		return types.False
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		return types.String(b)
	case fastjson.TypeNumber:
		f, _ := v.Float64()
		if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return types.Int(int64(f))
		}
		return types.Double(f)
	case fastjson.TypeArray:
		arr, _ := v.Array()
		elems := make([]ref.Val, len(arr))
		for i, e := range arr {
			elems[i] = dynValue(e)
		}
		return types.NewRefValList(types.DefaultTypeAdapter, elems)
	case fastjson.TypeObject:
		o, _ := v.Object()
		m := make(map[ref.Val]ref.Val, o.Len())
		o.Visit(func(k []byte, e *fastjson.Value) { m[types.String(k)] = dynValue(e) })
		return types.NewRefValMap(types.DefaultTypeAdapter, m)
	}
	return types.NullValue
}

// MarshalJSON writes the asset in inventory form (one JSON object, keys in
// a stable order, unknowns as {"$unknown": reason}).
func (a *Asset) MarshalJSON() ([]byte, error) { return a.marshal(true) }

// ContentJSON is MarshalJSON without the source (collector, collection
// time, file and lines): the same asset collected twice, or moved within
// its file, has the same content.
func (a *Asset) ContentJSON() ([]byte, error) { return a.marshal(false) }

func (a *Asset) marshal(withSource bool) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"provider":`)
	writeJSONString(&b, a.Provider)
	for _, kv := range [][2]string{{"account", a.Account}, {"region", a.Region}, {"type", a.Type}, {"id", a.ID}, {"name", a.Name}} {
		b.WriteString(`,"` + kv[0] + `":`)
		writeJSONString(&b, kv[1])
	}
	if len(a.Tags) > 0 {
		tb, _ := json.Marshal(a.Tags)
		b.WriteString(`,"tags":`)
		b.Write(tb)
	}
	b.WriteString(`,"attributes":`)
	if err := writeObject(&b, a.Root, len(envelopeFields)); err != nil {
		return nil, err
	}
	if len(a.Relationships) > 0 {
		rb, _ := json.Marshal(a.Relationships)
		b.WriteString(`,"relationships":`)
		b.Write(rb)
	}
	if withSource && a.Source != (Source{}) {
		sb, _ := json.Marshal(a.Source)
		b.WriteString(`,"source":`)
		b.Write(sb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func writeJSONString(b *bytes.Buffer, s string) {
	b.Write(appendJSONString(b.AvailableBuffer(), s))
}

func writeObject(b *bytes.Buffer, o *Object, skip int) error {
	b.WriteByte('{')
	first := true
	for i := skip; i < len(o.vals); i++ {
		v := o.vals[i]
		if v == nil {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		writeJSONString(b, o.schema.Fields[i].Name)
		b.WriteByte(':')
		if reason, ok := o.unknowns[i]; ok {
			b.WriteString(`{"` + UnknownKey + `":`)
			writeJSONString(b, reason)
			b.WriteByte('}')
			continue
		}
		if err := writeValue(b, v); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

func writeValue(b *bytes.Buffer, v ref.Val) error { return writeJSONValue(b, v) }

// Native converts a CEL value from an asset into plain Go values (bool,
// int64, float64, string, time.Time, []any, map[string]any) for reports.
// Unknown values become the string "<unknown>".
func Native(v ref.Val) any {
	switch x := v.(type) {
	case nil:
		return nil
	case *Object:
		m := map[string]any{}
		for i, f := range x.schema.Fields {
			if x.vals[i] == nil {
				continue
			}
			if r, ok := x.unknowns[i]; ok {
				m[f.Name] = map[string]any{UnknownKey: r}
				continue
			}
			if f.Relation != nil {
				continue
			}
			m[f.Name] = Native(x.vals[i])
		}
		return m
	case *types.Unknown:
		return "<unknown>"
	case types.Bool:
		return bool(x)
	case types.Int:
		return int64(x)
	case types.Double:
		return float64(x)
	case types.String:
		return string(x)
	case types.Timestamp:
		return x.Time.UTC().Format(time.RFC3339)
	case types.Null:
		return nil
	}
	if l, ok := v.(traits.Lister); ok {
		n := int(l.Size().(types.Int))
		out := make([]any, n)
		for i := 0; i < n; i++ {
			out[i] = Native(l.Get(types.Int(i)))
		}
		return out
	}
	if m, ok := v.(traits.Mapper); ok {
		out := map[string]any{}
		for it := m.Iterator(); it.HasNext() == types.True; {
			k := it.Next()
			out[fmt.Sprint(k.Value())] = Native(m.Get(k))
		}
		return out
	}
	return fmt.Sprint(v.Value())
}
