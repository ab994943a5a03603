package asset

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
)

// The writers below produce exactly what encoding/json writes for the
// values Native returns — the same escaping, number formatting and sorted
// map keys — without reflection or an allocation per value. Exactness
// matters: the history store addresses asset contents by their hash, so a
// byte changed here would report every stored asset as changed. A test
// holds them to encoding/json's output.

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as encoding/json does (HTML-escaped).
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendJSONFloat appends f as encoding/json does (ES6 number formatting).
func appendJSONFloat(dst []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return dst, fmt.Errorf("json: unsupported value: %s", strconv.FormatFloat(f, 'g', -1, 64))
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst, nil
}

// AppendJSON appends the JSON of json.Marshal(Native(v)), without
// reflection (other encoders of assets, such as the generator's, share it).
func AppendJSON(dst []byte, v ref.Val) ([]byte, error) { return appendValue(dst, v) }

// AppendJSONString appends s as encoding/json would.
func AppendJSONString(dst []byte, s string) []byte { return appendJSONString(dst, s) }

// AppendJSONFloat appends f as encoding/json would; NaN and infinities are
// an error, as there.
func AppendJSONFloat(dst []byte, f float64) ([]byte, error) { return appendJSONFloat(dst, f) }

// appendValue appends the JSON of json.Marshal(Native(v)).
func appendValue(dst []byte, v ref.Val) ([]byte, error) {
	switch x := v.(type) {
	case nil, types.Null:
		return append(dst, "null"...), nil
	case *Object:
		return appendNativeObject(dst, x)
	case *types.Unknown:
		return appendJSONString(dst, "<unknown>"), nil
	case types.Bool:
		return strconv.AppendBool(dst, bool(x)), nil
	case types.Int:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case types.Double:
		return appendJSONFloat(dst, float64(x))
	case types.String:
		return appendJSONString(dst, string(x)), nil
	case types.Timestamp:
		return appendJSONString(dst, x.Time.UTC().Format(time.RFC3339)), nil
	}
	if l, ok := v.(traits.Lister); ok {
		n := int(l.Size().(types.Int))
		dst = append(dst, '[')
		for i := 0; i < n; i++ {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = appendValue(dst, l.Get(types.Int(i))); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	}
	if m, ok := v.(traits.Mapper); ok {
		type entry struct {
			key string
			val ref.Val
		}
		var es []entry
		for it := m.Iterator(); it.HasNext() == types.True; {
			k := it.Next()
			es = append(es, entry{fmt.Sprint(k.Value()), m.Get(k)})
		}
		// encoding/json sorts map keys; a later duplicate key wins in Native.
		slices.SortStableFunc(es, func(a, b entry) int {
			switch {
			case a.key < b.key:
				return -1
			case a.key > b.key:
				return 1
			}
			return 0
		})
		dst = append(dst, '{')
		first := true
		for i, e := range es {
			if i+1 < len(es) && es[i+1].key == e.key {
				continue
			}
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = appendJSONString(dst, e.key)
			dst = append(dst, ':')
			var err error
			if dst, err = appendValue(dst, e.val); err != nil {
				return dst, err
			}
		}
		return append(dst, '}'), nil
	}
	return appendJSONString(dst, fmt.Sprint(v.Value())), nil
}

// appendNativeObject writes an object as Native renders it inside a value:
// fields sorted by name, relations left out, unknowns as {"$unknown": r}.
func appendNativeObject(dst []byte, o *Object) ([]byte, error) {
	idx := make([]int, 0, len(o.schema.Fields))
	for i, f := range o.schema.Fields {
		if o.vals[i] == nil {
			continue
		}
		if _, unknown := o.unknowns[i]; !unknown && f.Relation != nil {
			continue
		}
		idx = append(idx, i)
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch x, y := o.schema.Fields[a].Name, o.schema.Fields[b].Name; {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	dst = append(dst, '{')
	for n, i := range idx {
		if n > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, o.schema.Fields[i].Name)
		dst = append(dst, ':')
		if r, ok := o.unknowns[i]; ok {
			dst = append(dst, `{"`+UnknownKey+`":`...)
			dst = appendJSONString(dst, r)
			dst = append(dst, '}')
			continue
		}
		var err error
		if dst, err = appendValue(dst, o.vals[i]); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// writeJSONValue writes a field value: an object in schema order (as the
// inventory writes it), anything else as Native and encoding/json would.
func writeJSONValue(b *bytes.Buffer, v ref.Val) error {
	if o, ok := v.(*Object); ok {
		return writeObject(b, o, 0)
	}
	buf, err := appendValue(b.AvailableBuffer(), v)
	if err != nil {
		return err
	}
	b.Write(buf)
	return nil
}
