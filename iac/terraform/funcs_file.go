package terraform

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// maxFileSize bounds what file(), templatefile() and friends read.
const maxFileSize = 16 << 20

// maxFilesetEntries bounds the directory walk of fileset().
const maxFilesetEntries = 100000

// addFileFunctions adds the functions that read files. Relative paths are
// resolved the way Terraform resolves them: against the working
// directory, which is the root module directory (so "${path.module}/x"
// works from any module).
func addFileFunctions(funcs map[string]function.Function, base string) {
	resolve := func(p string) string {
		if filepath.IsAbs(p) {
			return filepath.Clean(p)
		}
		return filepath.Join(base, p)
	}
	read := func(p string) ([]byte, error) {
		full := resolve(p)
		st, err := os.Stat(full)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("no file exists at %q", p)
			}
			return nil, fmt.Errorf("cannot read %q: %v", p, err)
		}
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("%q is not a regular file", p)
		}
		if st.Size() > maxFileSize {
			return nil, fmt.Errorf("%q is larger than %d bytes", p, maxFileSize)
		}
		return os.ReadFile(full)
	}
	readText := func(p string) (string, error) {
		b, err := read(p)
		if err != nil {
			return "", err
		}
		if !utf8.Valid(b) {
			return "", fmt.Errorf("contents of %q are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents", p)
		}
		return string(b), nil
	}
	strFunc := func(f func(string) (string, error)) function.Function {
		return function.New(&function.Spec{
			Params: []function.Parameter{{Name: "path", Type: cty.String}},
			Type:   function.StaticReturnType(cty.String),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				s, err := f(args[0].AsString())
				if err != nil {
					return cty.NilVal, err
				}
				return cty.StringVal(s), nil
			},
		})
	}
	fileHash := func(sum func([]byte) []byte, b64 bool) function.Function {
		return strFunc(func(p string) (string, error) {
			b, err := read(p)
			if err != nil {
				return "", err
			}
			return encodeSum(sum(b), b64), nil
		})
	}

	funcs["file"] = strFunc(readText)
	funcs["filebase64"] = strFunc(func(p string) (string, error) {
		b, err := read(p)
		if err != nil {
			return "", err
		}
		return base64.StdEncoding.EncodeToString(b), nil
	})
	funcs["filemd5"] = fileHash(md5Sum, false)
	funcs["filesha1"] = fileHash(sha1Sum, false)
	funcs["filesha256"] = fileHash(sha256Sum, false)
	funcs["filesha512"] = fileHash(sha512Sum, false)
	funcs["filebase64sha256"] = fileHash(sha256Sum, true)
	funcs["filebase64sha512"] = fileHash(sha512Sum, true)
	funcs["fileexists"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			st, err := os.Stat(resolve(args[0].AsString()))
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return cty.False, nil
				}
				return cty.NilVal, fmt.Errorf("failed to stat %q: %v", args[0].AsString(), err)
			}
			if st.Mode().IsRegular() {
				return cty.True, nil
			}
			if st.IsDir() {
				return cty.NilVal, fmt.Errorf("%q is a directory, not a file", args[0].AsString())
			}
			return cty.NilVal, fmt.Errorf("%q is not a regular file", args[0].AsString())
		},
	})
	funcs["abspath"] = strFunc(func(p string) (string, error) {
		return filepath.ToSlash(resolve(p)), nil
	})
	funcs["basename"] = strFunc(func(p string) (string, error) { return filepath.Base(p), nil })
	funcs["dirname"] = strFunc(func(p string) (string, error) { return filepath.Dir(p), nil })
	funcs["pathexpand"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			p := args[0].AsString()
			if strings.HasPrefix(p, "~") {
				return cty.UnknownVal(cty.String).Mark(reason("pathexpand(" + p + ") depends on the home directory of the machine running Terraform")), nil
			}
			return cty.StringVal(p), nil
		},
	})
	funcs["fileset"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "pattern", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Set(cty.String)),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return fileset(resolve(args[0].AsString()), args[1].AsString())
		},
	})

	// Template functions see all other functions, but not templatefile
	// itself (Terraform forbids recursive templates too).
	tmplFuncs := make(map[string]function.Function, len(funcs))
	renderTemplate := func(src, name string, vars cty.Value) (cty.Value, error) {
		if _, err := nestingError([]byte(src)); err != nil {
			return cty.NilVal, fmt.Errorf("template %s: %v", name, err)
		}
		expr, diags := hclsyntax.ParseTemplate([]byte(src), name, hcl.InitialPos)
		if diags.HasErrors() {
			return cty.NilVal, fmt.Errorf("failed to parse template: %s", diags.Error())
		}
		if vars.IsNull() {
			return cty.NilVal, errors.New("template vars must not be null")
		}
		if !vars.Type().IsObjectType() && !vars.Type().IsMapType() {
			return cty.NilVal, errors.New("template vars must be a map or an object")
		}
		if !vars.IsKnown() {
			return cty.DynamicVal, nil
		}
		ctxVars := map[string]cty.Value{}
		for it := vars.ElementIterator(); it.Next(); {
			k, v := it.Element()
			if !hclsyntax.ValidIdentifier(k.AsString()) {
				return cty.NilVal, fmt.Errorf("invalid template variable name %q: must start with a letter, followed by zero or more letters, digits, and underscores", k.AsString())
			}
			ctxVars[k.AsString()] = v
		}
		for _, tr := range expr.Variables() {
			if _, ok := ctxVars[tr.RootName()]; !ok {
				return cty.NilVal, fmt.Errorf("vars map does not contain key %q, referenced at %s", tr.RootName(), tr.SourceRange())
			}
		}
		v, diags := expr.Value(&hcl.EvalContext{Variables: ctxVars, Functions: tmplFuncs})
		if diags.HasErrors() {
			return cty.NilVal, errors.New(diags.Error())
		}
		return v, nil
	}
	funcs["templatefile"] = function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "path", Type: cty.String},
			{Name: "vars", Type: cty.DynamicPseudoType},
		},
		Type: function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			src, err := readText(args[0].AsString())
			if err != nil {
				return cty.NilVal, err
			}
			return renderTemplate(src, args[0].AsString(), args[1])
		},
	})
	funcs["templatestring"] = function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "template", Type: cty.String},
			{Name: "vars", Type: cty.DynamicPseudoType},
		},
		Type: function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return renderTemplate(args[0].AsString(), "<templatestring argument>", args[1])
		},
	})
	for k, f := range funcs {
		if k != "templatefile" && k != "templatestring" {
			tmplFuncs[k] = f
		}
	}
}

// fileset lists the regular files under dir whose slash-separated path
// relative to dir matches the glob pattern (*, ?, [..], {a,b}, **).
func fileset(dir, pattern string) (cty.Value, error) {
	re, err := globRegexp(pattern)
	if err != nil {
		return cty.NilVal, fmt.Errorf("failed to glob pattern %q: %s", pattern, err)
	}
	var out []cty.Value
	n := 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil
		}
		n++
		if n > maxFilesetEntries {
			return errors.New("too many files")
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if re.MatchString(rel) {
			out = append(out, cty.StringVal(rel))
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return cty.NilVal, fmt.Errorf("failed to glob pattern %q: %s", pattern, err)
	}
	if len(out) == 0 {
		return cty.SetValEmpty(cty.String), nil
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AsString() < out[j].AsString() })
	return cty.SetVal(out), nil
}

func globRegexp(pattern string) (*regexp.Regexp, error) {
	pattern = strings.TrimPrefix(filepath.ToSlash(pattern), "./")
	var b strings.Builder
	b.WriteString("^")
	depth := 0
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch c {
		case '*':
			if i+1 < len(pattern) && pattern[i+1] == '*' {
				i++
				if i+1 < len(pattern) && pattern[i+1] == '/' {
					i++
					b.WriteString("(?:.*/)?")
				} else {
					b.WriteString(".*")
				}
			} else {
				b.WriteString("[^/]*")
			}
		case '?':
			b.WriteString("[^/]")
		case '[':
			j := strings.IndexByte(pattern[i:], ']')
			if j < 0 {
				return nil, errors.New("unterminated character class")
			}
			class := pattern[i+1 : i+j]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += j
		case '{':
			depth++
			b.WriteString("(?:")
		case '}':
			if depth == 0 {
				return nil, errors.New("unbalanced braces")
			}
			depth--
			b.WriteString(")")
		case ',':
			if depth > 0 {
				b.WriteString("|")
			} else {
				b.WriteString(",")
			}
		case '\\':
			if i+1 < len(pattern) {
				i++
				b.WriteString(regexp.QuoteMeta(string(pattern[i])))
			}
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	if depth != 0 {
		return nil, errors.New("unbalanced braces")
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}
