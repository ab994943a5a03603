package terraform

import (
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// terraformFunctions lists every built-in function of Terraform (1.x). The
// ones this package does not evaluate become stubs that return Unknown and
// raise one warning per Load.
var terraformFunctions = []string{
	"abs", "abspath", "alltrue", "anytrue", "base64decode", "base64encode", "base64gzip",
	"base64sha256", "base64sha512", "basename", "bcrypt", "can", "ceil", "chomp", "chunklist",
	"cidrhost", "cidrnetmask", "cidrsubnet", "cidrsubnets", "coalesce", "coalescelist", "compact",
	"concat", "contains", "csvdecode", "dirname", "distinct", "element", "endswith",
	"ephemeralasnull", "file", "filebase64", "filebase64sha256", "filebase64sha512", "fileexists",
	"filemd5", "fileset", "filesha1", "filesha256", "filesha512", "flatten", "floor", "format",
	"formatdate", "formatlist", "indent", "index", "issensitive", "join", "jsondecode", "jsonencode",
	"keys", "length", "log", "lookup", "lower", "matchkeys", "max", "md5", "merge", "min",
	"nonsensitive", "one", "parseint", "pathexpand", "plantimestamp", "pow", "range", "regex",
	"regexall", "replace", "reverse", "rsadecrypt", "sensitive", "setintersection", "setproduct",
	"setsubtract", "setunion", "sha1", "sha256", "sha512", "signum", "slice", "sort", "split",
	"startswith", "strcontains", "strrev", "substr", "sum", "templatefile", "templatestring",
	"textdecodebase64", "textencodebase64", "timeadd", "timecmp", "timestamp", "title", "tobool",
	"tolist", "tomap", "tonumber", "toset", "tostring", "transpose", "trim", "trimprefix",
	"trimspace", "trimsuffix", "try", "type", "upper", "urlencode", "uuid", "uuidv5", "values",
	"yamldecode", "yamlencode", "zipmap",
}

// baseFunctions returns the functions that do not touch the file system.
func baseFunctions() map[string]function.Function {
	return map[string]function.Function{
		"abs":              stdlib.AbsoluteFunc,
		"alltrue":          allTrueFunc,
		"anytrue":          anyTrueFunc,
		"base64decode":     base64DecodeFunc,
		"base64encode":     base64EncodeFunc,
		"base64gzip":       base64GzipFunc,
		"base64sha256":     hashFunc(sha256Sum, true),
		"base64sha512":     hashFunc(sha512Sum, true),
		"bcrypt":           afterApplyFunc("bcrypt"),
		"can":              tryfunc.CanFunc,
		"ceil":             stdlib.CeilFunc,
		"chomp":            stdlib.ChompFunc,
		"chunklist":        stdlib.ChunklistFunc,
		"cidrhost":         cidrHostFunc,
		"cidrnetmask":      cidrNetmaskFunc,
		"cidrsubnet":       cidrSubnetFunc,
		"cidrsubnets":      cidrSubnetsFunc,
		"coalesce":         coalesceFunc,
		"coalescelist":     stdlib.CoalesceListFunc,
		"compact":          stdlib.CompactFunc,
		"concat":           stdlib.ConcatFunc,
		"contains":         stdlib.ContainsFunc,
		"csvdecode":        guardDepth(stdlib.CSVDecodeFunc),
		"distinct":         stdlib.DistinctFunc,
		"element":          stdlib.ElementFunc,
		"endswith":         endsWithFunc,
		"ephemeralasnull":  identityFunc,
		"flatten":          stdlib.FlattenFunc,
		"floor":            stdlib.FloorFunc,
		"format":           stdlib.FormatFunc,
		"formatdate":       stdlib.FormatDateFunc,
		"formatlist":       stdlib.FormatListFunc,
		"indent":           stdlib.IndentFunc,
		"index":            indexFunc,
		"join":             stdlib.JoinFunc,
		"jsondecode":       guardDepth(stdlib.JSONDecodeFunc),
		"jsonencode":       stdlib.JSONEncodeFunc,
		"keys":             stdlib.KeysFunc,
		"length":           lengthFunc,
		"log":              stdlib.LogFunc,
		"lookup":           stdlib.LookupFunc,
		"lower":            stdlib.LowerFunc,
		"matchkeys":        matchKeysFunc,
		"max":              stdlib.MaxFunc,
		"md5":              hashFunc(md5Sum, false),
		"merge":            stdlib.MergeFunc,
		"min":              stdlib.MinFunc,
		"nonsensitive":     identityFunc,
		"one":              oneFunc,
		"parseint":         stdlib.ParseIntFunc,
		"plantimestamp":    afterApplyFunc("plantimestamp"),
		"pow":              stdlib.PowFunc,
		"range":            stdlib.RangeFunc,
		"regex":            stdlib.RegexFunc,
		"regexall":         stdlib.RegexAllFunc,
		"replace":          replaceFunc,
		"reverse":          stdlib.ReverseListFunc,
		"rsadecrypt":       afterApplyFunc("rsadecrypt"),
		"sensitive":        identityFunc,
		"setintersection":  stdlib.SetIntersectionFunc,
		"setproduct":       stdlib.SetProductFunc,
		"setsubtract":      stdlib.SetSubtractFunc,
		"setunion":         stdlib.SetUnionFunc,
		"sha1":             hashFunc(sha1Sum, false),
		"sha256":           hashFunc(sha256Sum, false),
		"sha512":           hashFunc(sha512Sum, false),
		"signum":           stdlib.SignumFunc,
		"slice":            stdlib.SliceFunc,
		"sort":             stdlib.SortFunc,
		"split":            stdlib.SplitFunc,
		"startswith":       startsWithFunc,
		"strcontains":      strContainsFunc,
		"strrev":           stdlib.ReverseFunc,
		"substr":           stdlib.SubstrFunc,
		"sum":              sumFunc,
		"textdecodebase64": textDecodeBase64Func,
		"textencodebase64": textEncodeBase64Func,
		"timeadd":          stdlib.TimeAddFunc,
		"timecmp":          timeCmpFunc,
		"timestamp":        afterApplyFunc("timestamp"),
		"title":            stdlib.TitleFunc,
		"tobool":           makeToFunc(cty.Bool),
		"tolist":           makeToFunc(cty.List(cty.DynamicPseudoType)),
		"tomap":            makeToFunc(cty.Map(cty.DynamicPseudoType)),
		"tonumber":         makeToFunc(cty.Number),
		"toset":            makeToFunc(cty.Set(cty.DynamicPseudoType)),
		"tostring":         makeToFunc(cty.String),
		"transpose":        transposeFunc,
		"trim":             stdlib.TrimFunc,
		"trimprefix":       stdlib.TrimPrefixFunc,
		"trimspace":        stdlib.TrimSpaceFunc,
		"trimsuffix":       stdlib.TrimSuffixFunc,
		"try":              tryfunc.TryFunc,
		"upper":            stdlib.UpperFunc,
		"urlencode":        urlEncodeFunc,
		"uuid":             afterApplyFunc("uuid"),
		"uuidv5":           uuidV5Func,
		"values":           stdlib.ValuesFunc,
		"yamldecode":       guardDepth(yamlDecodeFunc),
		"yamlencode":       yamlEncodeFunc,
		"zipmap":           stdlib.ZipmapFunc,
	}
}

// unsupportedFunc is the stub for a function this package does not
// evaluate: its result is Unknown, marked with why.
func unsupportedFunc(name string) function.Function {
	why := "function " + name + " is not supported by static analysis"
	return function.New(&function.Spec{
		VarParam: &function.Parameter{
			Name: "args", Type: cty.DynamicPseudoType,
			AllowUnknown: true, AllowNull: true, AllowMarked: true, AllowDynamicType: true,
		},
		Type: function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
			return unknownBecause(why), nil
		},
	})
}

// afterApplyFunc is a function whose result Terraform only knows at apply
// time (timestamp, uuid, bcrypt's random salt).
func afterApplyFunc(name string) function.Function {
	why := name + "() is known only after apply"
	return function.New(&function.Spec{
		VarParam: &function.Parameter{
			Name: "args", Type: cty.DynamicPseudoType,
			AllowUnknown: true, AllowNull: true, AllowMarked: true, AllowDynamicType: true,
		},
		Type: function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
			return unknownBecause(why), nil
		},
	})
}

var identityFunc = function.New(&function.Spec{
	Params: []function.Parameter{{
		Name: "value", Type: cty.DynamicPseudoType,
		AllowUnknown: true, AllowNull: true, AllowMarked: true, AllowDynamicType: true,
	}},
	Type: func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) { return args[0], nil },
})

var lengthFunc = function.New(&function.Spec{
	Params: []function.Parameter{{
		Name: "value", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true,
	}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty == cty.String || ty == cty.DynamicPseudoType || ty.IsCollectionType() ||
			ty.IsTupleType() || ty.IsObjectType():
			return cty.Number, nil
		}
		return cty.NilType, errors.New("argument must be a string, a collection type, or a structural type")
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		ty := v.Type()
		switch {
		case !v.IsKnown() || ty == cty.DynamicPseudoType:
			return cty.UnknownVal(cty.Number), nil
		case ty == cty.String:
			return stdlib.Strlen(v)
		case ty.IsObjectType():
			return cty.NumberIntVal(int64(len(ty.AttributeTypes()))), nil
		case ty.IsTupleType():
			return cty.NumberIntVal(int64(len(ty.TupleElementTypes()))), nil
		}
		return v.Length(), nil
	},
})

var coalesceFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{
		Name: "vals", Type: cty.DynamicPseudoType,
		AllowUnknown: true, AllowDynamicType: true, AllowNull: true,
	},
	Type: func(args []cty.Value) (cty.Type, error) {
		types := make([]cty.Type, len(args))
		for i, v := range args {
			types[i] = v.Type()
		}
		ty, _ := convert.UnifyUnsafe(types)
		if ty == cty.NilType {
			return cty.NilType, errors.New("all arguments must have the same type")
		}
		return ty, nil
	},
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		for _, v := range args {
			if !v.IsKnown() {
				return cty.UnknownVal(retType), nil
			}
			if v.IsNull() {
				continue
			}
			if v.Type() == cty.String && v.AsString() == "" {
				continue
			}
			return convert.Convert(v, retType)
		}
		return cty.NilVal, errors.New("no non-null, non-empty-string arguments")
	},
})

var indexFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "list", Type: cty.DynamicPseudoType},
		{Name: "value", Type: cty.DynamicPseudoType},
	},
	Type: function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		l := args[0]
		if !(l.Type().IsListType() || l.Type().IsTupleType()) {
			return cty.NilVal, errors.New("argument must be a list or tuple")
		}
		if !l.IsKnown() || !args[1].IsKnown() {
			return cty.UnknownVal(cty.Number), nil
		}
		if l.LengthInt() == 0 {
			return cty.NilVal, errors.New("cannot search an empty list")
		}
		for it := l.ElementIterator(); it.Next(); {
			i, e := it.Element()
			eq, err := stdlib.Equal(e, args[1])
			if err != nil {
				return cty.NilVal, err
			}
			if !eq.IsKnown() {
				return cty.UnknownVal(cty.Number), nil
			}
			if eq.True() {
				return i, nil
			}
		}
		return cty.NilVal, errors.New("item not found")
	},
})

var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "str", Type: cty.String},
		{Name: "substr", Type: cty.String},
		{Name: "replace", Type: cty.String},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		str, sub, rep := args[0].AsString(), args[1].AsString(), args[2].AsString()
		if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
			re, err := regexp.Compile(sub[1 : len(sub)-1])
			if err != nil {
				return cty.NilVal, err
			}
			return cty.StringVal(re.ReplaceAllString(str, rep)), nil
		}
		return cty.StringVal(strings.ReplaceAll(str, sub, rep)), nil
	},
})

// makeToFunc builds tostring, tonumber, tobool, tolist, toset and tomap.
func makeToFunc(want cty.Type) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{
			Name: "v", Type: cty.DynamicPseudoType,
			AllowNull: true, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true,
		}},
		Type: func(args []cty.Value) (cty.Type, error) {
			got := args[0].Type()
			if got.Equals(want) {
				return got, nil
			}
			conv := convert.GetConversionUnsafe(got, want)
			if conv == nil {
				return cty.NilType, fmt.Errorf("cannot convert %s to %s", got.FriendlyName(), want.FriendlyNameForConstraint())
			}
			if !want.HasDynamicTypes() {
				return want, nil
			}
			out, err := conv(cty.UnknownVal(got))
			if err != nil {
				return cty.NilType, err
			}
			return out.Type(), nil
		},
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			v, marks := args[0].UnmarkDeepWithPaths()
			out, err := convert.Convert(v, retType)
			if err != nil {
				return cty.NilVal, err
			}
			var all []cty.ValueMarks
			for _, pm := range marks {
				all = append(all, pm.Marks)
			}
			return out.WithMarks(all...), nil
		},
	})
}

var sumFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		l := args[0]
		ty := l.Type()
		if !(ty.IsListType() || ty.IsSetType() || ty.IsTupleType()) {
			return cty.NilVal, errors.New("argument must be a list, set or tuple of numbers")
		}
		if !l.IsWhollyKnown() {
			return cty.UnknownVal(cty.Number), nil
		}
		if l.LengthInt() == 0 {
			return cty.NilVal, errors.New("cannot sum an empty list")
		}
		total := cty.Zero
		for it := l.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if e.IsNull() {
				return cty.NilVal, errors.New("argument must be list, set, or tuple of number values")
			}
			n, err := convert.Convert(e, cty.Number)
			if err != nil {
				return cty.NilVal, errors.New("argument must be list, set, or tuple of number values")
			}
			total = total.Add(n)
		}
		return total, nil
	},
})

var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType, AllowDynamicType: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty == cty.DynamicPseudoType:
			return cty.DynamicPseudoType, nil
		case ty.IsListType() || ty.IsSetType():
			return ty.ElementType(), nil
		case ty.IsTupleType():
			ets := ty.TupleElementTypes()
			switch len(ets) {
			case 0:
				return cty.DynamicPseudoType, nil
			case 1:
				return ets[0], nil
			}
			return cty.NilType, errors.New("must be a list, set, or tuple value with either zero or one elements")
		}
		return cty.NilType, errors.New("must be a list, set, or tuple value with either zero or one elements")
	},
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		v := args[0]
		if !v.IsKnown() || v.Type() == cty.DynamicPseudoType {
			return cty.UnknownVal(retType), nil
		}
		if v.IsNull() {
			return cty.NilVal, errors.New("argument must not be null")
		}
		switch v.LengthInt() {
		case 0:
			return cty.NullVal(retType), nil
		case 1:
			it := v.ElementIterator()
			it.Next()
			_, e := it.Element()
			return e, nil
		}
		return cty.NilVal, errors.New("must be a list, set, or tuple value with either zero or one elements")
	},
})

func boolReduce(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			l := args[0]
			if !l.IsKnown() {
				return cty.UnknownVal(cty.Bool), nil
			}
			sawUnknown := false
			for it := l.ElementIterator(); it.Next(); {
				_, e := it.Element()
				if !e.IsKnown() {
					sawUnknown = true
					continue
				}
				if e.IsNull() {
					if all {
						return cty.False, nil
					}
					continue
				}
				if e.True() != all {
					return cty.BoolVal(!all), nil
				}
			}
			if sawUnknown {
				return cty.UnknownVal(cty.Bool), nil
			}
			return cty.BoolVal(all), nil
		},
	})
}

var (
	allTrueFunc = boolReduce(true)
	anyTrueFunc = boolReduce(false)
)

var transposeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "values", Type: cty.Map(cty.List(cty.String))}},
	Type:   function.StaticReturnType(cty.Map(cty.List(cty.String))),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		in := args[0]
		if !in.IsWhollyKnown() {
			return cty.UnknownVal(retType), nil
		}
		out := map[string][]cty.Value{}
		for it := in.ElementIterator(); it.Next(); {
			k, l := it.Element()
			if l.IsNull() {
				return cty.NilVal, errors.New("lists must not be null")
			}
			for li := l.ElementIterator(); li.Next(); {
				_, e := li.Element()
				if e.IsNull() {
					return cty.NilVal, errors.New("lists must not contain null values")
				}
				out[e.AsString()] = append(out[e.AsString()], k)
			}
		}
		if len(out) == 0 {
			return cty.MapValEmpty(cty.List(cty.String)), nil
		}
		m := make(map[string]cty.Value, len(out))
		for k, vs := range out {
			m[k] = cty.ListVal(vs)
		}
		return cty.MapVal(m), nil
	},
})

var matchKeysFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "values", Type: cty.List(cty.DynamicPseudoType)},
		{Name: "keys", Type: cty.List(cty.DynamicPseudoType)},
		{Name: "searchset", Type: cty.List(cty.DynamicPseudoType)},
	},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty, _ := convert.UnifyUnsafe([]cty.Type{args[1].Type(), args[2].Type()})
		if ty == cty.NilType {
			return cty.NilType, errors.New("keys and searchset must be of the same type")
		}
		return args[0].Type(), nil
	},
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		for _, a := range args {
			if !a.IsWhollyKnown() {
				return cty.UnknownVal(retType), nil
			}
		}
		if args[0].LengthInt() != args[1].LengthInt() {
			return cty.NilVal, errors.New("length of keys and values should be equal")
		}
		var out []cty.Value
		keys := args[1].AsValueSlice()
		vals := args[0].AsValueSlice()
		search := args[2].AsValueSlice()
		for i, k := range keys {
			for _, s := range search {
				if eq, err := stdlib.Equal(k, s); err == nil && eq.IsKnown() && eq.True() {
					out = append(out, vals[i])
					break
				}
			}
		}
		if len(out) == 0 {
			return cty.ListValEmpty(retType.ElementType()), nil
		}
		return cty.ListVal(out), nil
	},
})

func stringPredicate(f func(s, sub string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "str", Type: cty.String},
			{Name: "substr", Type: cty.String},
		},
		Type: function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

var (
	startsWithFunc  = stringPredicate(strings.HasPrefix)
	endsWithFunc    = stringPredicate(strings.HasSuffix)
	strContainsFunc = stringPredicate(strings.Contains)
)

var timeCmpFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "a", Type: cty.String},
		{Name: "b", Type: cty.String},
	},
	Type: function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		a, err := time.Parse(time.RFC3339, args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(0, err)
		}
		b, err := time.Parse(time.RFC3339, args[1].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(1, err)
		}
		return cty.NumberIntVal(int64(a.Compare(b))), nil
	},
})

var urlEncodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return cty.StringVal(url.QueryEscape(args[0].AsString())), nil
	},
})

// CIDR functions.

func parseCIDR(s string) (*net.IPNet, error) {
	_, n, err := net.ParseCIDR(s)
	if err != nil {
		return nil, fmt.Errorf("invalid CIDR expression: %s", err)
	}
	return n, nil
}

func ipToInt(ip net.IP) (*big.Int, int) {
	if v4 := ip.To4(); v4 != nil {
		return new(big.Int).SetBytes(v4), 32
	}
	return new(big.Int).SetBytes(ip.To16()), 128
}

func intToIP(n *big.Int, bits int) net.IP {
	b := n.Bytes()
	size := bits / 8
	if len(b) > size {
		b = b[len(b)-size:]
	}
	out := make(net.IP, size)
	copy(out[size-len(b):], b)
	return out
}

func numberToBig(v cty.Value) (*big.Int, error) {
	bf := v.AsBigFloat()
	if !bf.IsInt() {
		return nil, errors.New("must be a whole number")
	}
	i, _ := bf.Int(nil)
	return i, nil
}

var cidrHostFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "prefix", Type: cty.String},
		{Name: "hostnum", Type: cty.Number},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		n, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(0, err)
		}
		num, err := numberToBig(args[1])
		if err != nil {
			return cty.NilVal, function.NewArgError(1, err)
		}
		base, bits := ipToInt(n.IP)
		ones, _ := n.Mask.Size()
		size := new(big.Int).Lsh(big.NewInt(1), uint(bits-ones))
		if num.Sign() < 0 {
			num.Add(num, size)
		}
		if num.Sign() < 0 || num.Cmp(size) >= 0 {
			return cty.NilVal, fmt.Errorf("prefix of %d does not accommodate a host numbered %s", ones, args[1].AsBigFloat().Text('f', -1))
		}
		return cty.StringVal(intToIP(base.Add(base, num), bits).String()), nil
	},
})

var cidrNetmaskFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		n, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(0, err)
		}
		if n.IP.To4() == nil {
			return cty.NilVal, errors.New("IPv6 addresses cannot have a netmask")
		}
		return cty.StringVal(net.IP(n.Mask).String()), nil
	},
})

// subnet returns the newbits-longer subnet numbered num of n.
func subnet(n *net.IPNet, newbits int, num *big.Int) (string, error) {
	ones, bits := n.Mask.Size()
	newLen := ones + newbits
	if newbits < 0 || newLen > bits {
		return "", fmt.Errorf("insufficient address space to extend prefix of %d by %d", ones, newbits)
	}
	if num.Sign() < 0 || num.Cmp(new(big.Int).Lsh(big.NewInt(1), uint(newbits))) >= 0 {
		return "", fmt.Errorf("prefix extension of %d does not accommodate a subnet numbered %s", newbits, num)
	}
	base, bits := ipToInt(n.IP)
	off := new(big.Int).Lsh(num, uint(bits-newLen))
	ip := intToIP(base.Or(base, off), bits)
	return fmt.Sprintf("%s/%d", ip, newLen), nil
}

var cidrSubnetFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "prefix", Type: cty.String},
		{Name: "newbits", Type: cty.Number},
		{Name: "netnum", Type: cty.Number},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		n, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(0, err)
		}
		nb, err := numberToBig(args[1])
		if err != nil || !nb.IsInt64() || nb.Int64() > 128 {
			return cty.NilVal, function.NewArgErrorf(1, "newbits must be a whole number between 0 and 128")
		}
		num, err := numberToBig(args[2])
		if err != nil {
			return cty.NilVal, function.NewArgError(2, err)
		}
		s, err := subnet(n, int(nb.Int64()), num)
		if err != nil {
			return cty.NilVal, err
		}
		return cty.StringVal(s), nil
	},
})

var cidrSubnetsFunc = function.New(&function.Spec{
	Params:   []function.Parameter{{Name: "prefix", Type: cty.String}},
	VarParam: &function.Parameter{Name: "newbits", Type: cty.Number},
	Type:     function.StaticReturnType(cty.List(cty.String)),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		n, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(0, err)
		}
		ones, _ := n.Mask.Size()
		baseInt, bits := ipToInt(n.IP)
		baseEnd := new(big.Int).Add(baseInt, new(big.Int).Lsh(big.NewInt(1), uint(bits-ones)))
		if len(args) == 1 {
			return cty.ListValEmpty(cty.String), nil
		}
		out := make([]cty.Value, 0, len(args)-1)
		var next *big.Int // first free address
		for i, a := range args[1:] {
			nb, err := numberToBig(a)
			if err != nil || !nb.IsInt64() || nb.Int64() < 1 {
				return cty.NilVal, function.NewArgErrorf(i+1, "must extend prefix by at least one bit")
			}
			length := ones + int(nb.Int64())
			if length > bits {
				return cty.NilVal, function.NewArgErrorf(i+1, "would extend prefix to %d bits, which is too long for an IPv%d address", length, map[int]int{32: 4, 128: 6}[bits])
			}
			size := new(big.Int).Lsh(big.NewInt(1), uint(bits-length))
			start := new(big.Int).Set(baseInt)
			if next != nil {
				// Align the first free address up to this subnet's size.
				start.Add(next, new(big.Int).Sub(size, big.NewInt(1)))
				start.Div(start, size)
				start.Mul(start, size)
			}
			end := new(big.Int).Add(start, size)
			if end.Cmp(baseEnd) > 0 {
				return cty.NilVal, function.NewArgErrorf(i+1, "not enough remaining address space for a subnet with a prefix of %d bits after %s", length, out[len(out)-1].AsString())
			}
			out = append(out, cty.StringVal(fmt.Sprintf("%s/%d", intToIP(start, bits), length)))
			next = end
		}
		return cty.ListVal(out), nil
	},
})
