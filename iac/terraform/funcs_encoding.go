package terraform

import (
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"go.yaml.in/yaml/v3"
)

func md5Sum(b []byte) []byte    { s := md5.Sum(b); return s[:] }
func sha1Sum(b []byte) []byte   { s := sha1.Sum(b); return s[:] }
func sha256Sum(b []byte) []byte { s := sha256.Sum256(b); return s[:] }
func sha512Sum(b []byte) []byte { s := sha512.Sum512(b); return s[:] }

// hashFunc hashes a string: hex digest, or base64 when b64.
func hashFunc(sum func([]byte) []byte, b64 bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.StringVal(encodeSum(sum([]byte(args[0].AsString())), b64)), nil
		},
	})
}

func encodeSum(b []byte, b64 bool) string {
	if b64 {
		return base64.StdEncoding.EncodeToString(b)
	}
	return hex.EncodeToString(b)
}

var base64EncodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return cty.StringVal(base64.StdEncoding.EncodeToString([]byte(args[0].AsString()))), nil
	},
})

var base64DecodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		b, err := base64.StdEncoding.DecodeString(args[0].AsString())
		if err != nil {
			return cty.NilVal, fmt.Errorf("failed to decode base64 data: %s", err)
		}
		if !utf8.Valid(b) {
			return cty.NilVal, errors.New("the result of decoding the provided string is not valid UTF-8")
		}
		return cty.StringVal(string(b)), nil
	},
})

var base64GzipFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		if _, err := w.Write([]byte(args[0].AsString())); err != nil {
			return cty.NilVal, err
		}
		if err := w.Close(); err != nil {
			return cty.NilVal, err
		}
		return cty.StringVal(base64.StdEncoding.EncodeToString(buf.Bytes())), nil
	},
})

// textEncoding encodes and decodes the encodings textencodebase64 and
// textdecodebase64 accept without extra dependencies.
func textEncoding(name string) (enc func(string) ([]byte, error), dec func([]byte) (string, error), ok bool) {
	switch strings.ToUpper(strings.ReplaceAll(name, "_", "-")) {
	case "UTF-8", "UTF8":
		return func(s string) ([]byte, error) { return []byte(s), nil },
			func(b []byte) (string, error) {
				if !utf8.Valid(b) {
					return "", errors.New("the given value is not valid UTF-8")
				}
				return string(b), nil
			}, true
	case "UTF-16LE", "UTF-16BE":
		le := strings.HasSuffix(strings.ToUpper(name), "LE")
		return func(s string) ([]byte, error) {
				u := utf16.Encode([]rune(s))
				out := make([]byte, 0, 2*len(u))
				for _, c := range u {
					if le {
						out = append(out, byte(c), byte(c>>8))
					} else {
						out = append(out, byte(c>>8), byte(c))
					}
				}
				return out, nil
			}, func(b []byte) (string, error) {
				if len(b)%2 != 0 {
					return "", errors.New("odd number of bytes for UTF-16")
				}
				u := make([]uint16, len(b)/2)
				for i := range u {
					if le {
						u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
					} else {
						u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
					}
				}
				return string(utf16.Decode(u)), nil
			}, true
	case "ISO-8859-1", "LATIN1":
		return func(s string) ([]byte, error) {
				out := make([]byte, 0, len(s))
				for _, r := range s {
					if r > 0xff {
						return nil, fmt.Errorf("character %q cannot be represented in ISO-8859-1", r)
					}
					out = append(out, byte(r))
				}
				return out, nil
			}, func(b []byte) (string, error) {
				rs := make([]rune, len(b))
				for i, c := range b {
					rs[i] = rune(c)
				}
				return string(rs), nil
			}, true
	}
	return nil, nil, false
}

var errEncoding = errors.New("only UTF-8, UTF-16LE, UTF-16BE and ISO-8859-1 are supported by static analysis")

var textEncodeBase64Func = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "string", Type: cty.String}, {Name: "encoding", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		enc, _, ok := textEncoding(args[1].AsString())
		if !ok {
			return cty.UnknownVal(cty.String).Mark(reason("textencodebase64 with encoding " + args[1].AsString() + ": " + errEncoding.Error())), nil
		}
		b, err := enc(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		return cty.StringVal(base64.StdEncoding.EncodeToString(b)), nil
	},
})

var textDecodeBase64Func = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "source", Type: cty.String}, {Name: "encoding", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		_, dec, ok := textEncoding(args[1].AsString())
		if !ok {
			return cty.UnknownVal(cty.String).Mark(reason("textdecodebase64 with encoding " + args[1].AsString() + ": " + errEncoding.Error())), nil
		}
		b, err := base64.StdEncoding.DecodeString(args[0].AsString())
		if err != nil {
			return cty.NilVal, fmt.Errorf("invalid base64 data: %s", err)
		}
		s, err := dec(b)
		if err != nil {
			return cty.NilVal, err
		}
		return cty.StringVal(s), nil
	},
})

// uuidv5 (RFC 4122, SHA-1 name-based).
var uuidV5Func = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "namespace", Type: cty.String}, {Name: "name", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		var ns []byte
		switch args[0].AsString() {
		case "dns":
			ns = uuidBytes("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
		case "url":
			ns = uuidBytes("6ba7b811-9dad-11d1-80b4-00c04fd430c8")
		case "oid":
			ns = uuidBytes("6ba7b812-9dad-11d1-80b4-00c04fd430c8")
		case "x500":
			ns = uuidBytes("6ba7b814-9dad-11d1-80b4-00c04fd430c8")
		default:
			ns = uuidBytes(args[0].AsString())
			if ns == nil {
				return cty.NilVal, fmt.Errorf("uuidv5() doesn't support namespace %s", args[0].AsString())
			}
		}
		h := sha1.New()
		h.Write(ns)
		h.Write([]byte(args[1].AsString()))
		u := h.Sum(nil)[:16]
		u[6] = (u[6] & 0x0f) | 0x50
		u[8] = (u[8] & 0x3f) | 0x80
		x := hex.EncodeToString(u)
		return cty.StringVal(x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]), nil
	},
})

func uuidBytes(s string) []byte {
	s = strings.ReplaceAll(s, "-", "")
	if len(s) != 32 {
		return nil
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil
	}
	return b
}

// YAML.

var yamlDecodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "src", Type: cty.String}},
	Type: func(args []cty.Value) (cty.Type, error) {
		if !args[0].IsKnown() {
			return cty.DynamicPseudoType, nil
		}
		v, err := yamlToCty(args[0].AsString())
		if err != nil {
			return cty.NilType, err
		}
		return v.Type(), nil
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return yamlToCty(args[0].AsString())
	},
})

func yamlToCty(src string) (cty.Value, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		return cty.NilVal, fmt.Errorf("on line %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return cty.NullVal(cty.DynamicPseudoType), nil
	}
	return yamlNode(doc.Content[0], 0)
}

func yamlNode(n *yaml.Node, depth int) (cty.Value, error) {
	if depth > 200 {
		return cty.NilVal, errors.New("YAML document is nested too deeply")
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return cty.NullVal(cty.DynamicPseudoType), nil
		}
		return yamlNode(n.Content[0], depth+1)
	case yaml.AliasNode:
		if n.Alias == nil {
			return cty.NilVal, errors.New("invalid YAML alias")
		}
		return yamlNode(n.Alias, depth+1)
	case yaml.SequenceNode:
		vals := make([]cty.Value, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlNode(c, depth+1)
			if err != nil {
				return cty.NilVal, err
			}
			vals = append(vals, v)
		}
		return cty.TupleVal(vals), nil
	case yaml.MappingNode:
		attrs := make(map[string]cty.Value, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Tag == "!!merge" {
				mv, err := yamlNode(v, depth+1)
				if err != nil {
					return cty.NilVal, err
				}
				if mv.Type().IsObjectType() {
					for it := mv.ElementIterator(); it.Next(); {
						mk, me := it.Element()
						if _, exists := attrs[mk.AsString()]; !exists {
							attrs[mk.AsString()] = me
						}
					}
				}
				continue
			}
			if k.Kind != yaml.ScalarNode {
				return cty.NilVal, errors.New("only scalar YAML mapping keys are supported")
			}
			cv, err := yamlNode(v, depth+1)
			if err != nil {
				return cty.NilVal, err
			}
			attrs[k.Value] = cv
		}
		return cty.ObjectVal(attrs), nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return cty.NullVal(cty.DynamicPseudoType), nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return cty.NilVal, err
			}
			return cty.BoolVal(b), nil
		case "!!int", "!!float":
			var s string
			if n.ShortTag() == "!!int" {
				var bi big.Int
				txt := strings.ReplaceAll(n.Value, "_", "")
				if _, ok := bi.SetString(txt, 0); ok {
					return cty.NumberVal(new(big.Float).SetInt(&bi)), nil
				}
			}
			var f float64
			if err := n.Decode(&f); err != nil {
				s = n.Value
				return cty.StringVal(s), nil
			}
			return cty.NumberFloatVal(f), nil
		case "!!binary":
			return cty.StringVal(n.Value), nil
		}
		return cty.StringVal(n.Value), nil
	}
	return cty.NilVal, fmt.Errorf("unsupported YAML node kind %d", n.Kind)
}

var yamlEncodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowNull: true}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if !args[0].IsWhollyKnown() {
			return cty.UnknownVal(cty.String), nil
		}
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		enc.CompactSeqIndent()
		if err := enc.Encode(ctyToYAML(args[0])); err != nil {
			return cty.NilVal, err
		}
		if err := enc.Close(); err != nil {
			return cty.NilVal, err
		}
		return cty.StringVal(buf.String()), nil
	},
})

func ctyToYAML(v cty.Value) *yaml.Node {
	if v.IsNull() {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v.AsString(), Style: yaml.DoubleQuotedStyle}
	case ty == cty.Bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(v.True())}
	case ty == cty.Number:
		bf := v.AsBigFloat()
		tag := "!!float"
		if bf.IsInt() {
			tag = "!!int"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: bf.Text('f', -1)}
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			n.Content = append(n.Content, ctyToYAML(e))
		}
		return n
	case ty.IsMapType() || ty.IsObjectType():
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		keys := make([]string, 0, v.LengthInt())
		vals := map[string]cty.Value{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			keys = append(keys, k.AsString())
			vals[k.AsString()] = e
		}
		sort.Strings(keys)
		for _, k := range keys {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Style: yaml.DoubleQuotedStyle}, ctyToYAML(vals[k]))
		}
		return n
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
}
