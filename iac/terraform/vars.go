package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"

	"cloudward/iac"
)

// collectRootVars gathers root variable values in terraform's order of
// precedence (later wins): TF_VAR_ environment variables, terraform.tfvars,
// terraform.tfvars.json, *.auto.tfvars(.json) in lexical order, -var-file
// in order, -var.
func (l *loader) collectRootVars(m *module) map[string]rawVar {
	out := map[string]rawVar{}
	for _, k := range sortedKeys(l.opts.Env) {
		name, ok := strings.CutPrefix(k, "TF_VAR_")
		if !ok || name == "" {
			continue
		}
		if d := m.vars[name]; d != nil {
			out[name] = rawVar{val: parseCLIValue(d, l.opts.Env[k], "TF_VAR_"+name, func(msg string) {
				l.diag("TF_VAR_"+name, 0, 0, iac.SeverityError, msg)
			}), src: "environment variable TF_VAR_" + name}
		}
	}
	var auto []string
	for _, n := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		p := filepath.Join(l.rootDir, n)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			auto = append(auto, p)
		}
	}
	if ents, err := os.ReadDir(l.rootDir); err == nil {
		var names []string
		for _, e := range ents {
			n := e.Name()
			if !e.IsDir() && (strings.HasSuffix(n, ".auto.tfvars") || strings.HasSuffix(n, ".auto.tfvars.json")) {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		for _, n := range names {
			auto = append(auto, filepath.Join(l.rootDir, n))
		}
	}
	for _, p := range auto {
		l.readVarFile(m, p, out)
	}
	for _, p := range l.opts.VarFiles {
		l.readVarFile(m, p, out)
	}
	for _, name := range sortedKeys(l.opts.Vars) {
		d := m.vars[name]
		if d == nil {
			l.diag("-var", 0, 0, iac.SeverityWarning, fmt.Sprintf("value for undeclared variable %q: the root module does not declare a variable of that name; it is ignored", name))
			continue
		}
		out[name] = rawVar{val: parseCLIValue(d, l.opts.Vars[name], "-var "+name, func(msg string) {
			l.diag("-var", 0, 0, iac.SeverityError, msg)
		}), src: "-var"}
	}
	return out
}

// parseCLIValue interprets a -var or TF_VAR_ value.
func parseCLIValue(d *varDecl, s, what string, report func(string)) cty.Value {
	if d.hasType && d.typ.IsPrimitiveType() {
		return cty.StringVal(s)
	}
	if !d.hasType || d.typ == cty.DynamicPseudoType || !d.typ.IsPrimitiveType() {
		t := strings.TrimSpace(s)
		looks := strings.HasPrefix(t, "[") || strings.HasPrefix(t, "{") || t == "true" || t == "false" ||
			(t != "" && strings.IndexFunc(t, func(r rune) bool { return !strings.ContainsRune("0123456789.-+eE", r) }) < 0)
		if d.hasType && !d.typ.IsPrimitiveType() && d.typ != cty.DynamicPseudoType {
			looks = true
		}
		if _, err := nestingError([]byte(s)); err != nil {
			looks = false
		}
		if looks {
			expr, diags := hclsyntax.ParseExpression([]byte(s), what, hcl.InitialPos)
			if !diags.HasErrors() {
				v, diags := expr.Value(nil)
				if !diags.HasErrors() {
					return v
				}
			}
			if d.hasType && !d.typ.IsPrimitiveType() && d.typ != cty.DynamicPseudoType {
				report(fmt.Sprintf("invalid value for %s: %s is not a valid HCL expression for type %s", what, s, d.typ.FriendlyNameForConstraint()))
				return unknownBecause("variable " + d.name + " has an invalid value")
			}
		}
	}
	return cty.StringVal(s)
}

// readVarFile reads a .tfvars or .tfvars.json file into out.
func (l *loader) readVarFile(m *module, p string, out map[string]rawVar) {
	st, err := os.Stat(p)
	if err != nil || !st.Mode().IsRegular() || st.Size() > maxSourceSize {
		msg := "cannot read variable definitions file"
		if err != nil {
			msg += ": " + err.Error()
		}
		l.diag(p, 0, 0, iac.SeverityError, msg)
		return
	}
	src, err := os.ReadFile(p)
	if err != nil {
		l.diag(p, 0, 0, iac.SeverityError, "cannot read variable definitions file: "+err.Error())
		return
	}
	if line, err := nestingError(src); err != nil {
		l.diag(p, line, 0, iac.SeverityError, err.Error()+"; the file is skipped")
		return
	}
	var f *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(p, ".json") {
		f, diags = hcljson.Parse(src, p)
	} else {
		f, diags = hclsyntax.ParseConfig(src, p, hcl.InitialPos)
	}
	if diags.HasErrors() || f == nil {
		l.hclDiags(diags, iac.SeverityError)
		return
	}
	attrs, diags := f.Body.JustAttributes()
	l.hclDiags(diags, iac.SeverityError)
	for _, a := range sortedAttrs(attrs) {
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() {
			l.hclDiags(diags, iac.SeverityError)
			l.diagAt(a.Range, iac.SeverityError, fmt.Sprintf("the value of %s must be a literal (variable definitions files cannot use references or functions)", a.Name))
			continue
		}
		if m.vars[a.Name] == nil {
			l.diagAt(a.Range, iac.SeverityWarning, fmt.Sprintf("value for undeclared variable %q: the root module does not declare a variable of that name; it is ignored", a.Name))
			continue
		}
		rng := a.Range
		out[a.Name] = rawVar{val: v, rng: &rng, src: p}
	}
}
