package terraform

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"cloudward/iac"
)

// Options are the inputs terraform plan would take besides the code.
type Options struct {
	// Vars are -var name=value settings. A value is taken as a literal
	// string when the variable's declared type is string, number or bool;
	// otherwise (complex or any type, no type, undeclared) it is parsed
	// as an HCL expression when it looks like a list, map, number or
	// bool, and taken as a string when it does not parse.
	Vars map[string]string
	// VarFiles are -var-file paths (.tfvars or .tfvars.json), applied in
	// order after the automatically loaded files. Relative paths are
	// resolved against the current directory, as terraform does.
	VarFiles []string
	// Env holds environment variables; TF_VAR_name entries set root
	// variables with the lowest precedence after defaults, as in
	// terraform. Nil means none (the process environment is not read).
	Env map[string]string
	// Workspace is terraform.workspace; "default" when empty.
	Workspace string
}

// Limits that keep hostile input from exhausting memory.
const (
	maxSourceSize = 32 << 20 // bytes in one .tf file
	maxBlocks     = 2000000  // nested blocks generated in one Load
	maxModuleTree = 10000    // module calls in the static module tree
)

// maxInstances bounds the resource and module instances of one Load (a
// variable so tests can lower it).
var maxInstances = 200000

// modNode is one module call in the static module tree: the module path
// ("net.sub" as in .terraform/modules/modules.json) and its directory.
type modNode struct {
	key      string
	dir      string
	mod      *module
	parent   *modNode
	children map[string]*modNode
	missing  map[string]string // call name → why its module is not available
}

type loader struct {
	opts      Options
	rootDir   string // root module directory, as file names are reported
	absRoot   string
	onlyFile  string // when root is a single file
	modsJSON  map[string]string
	modules   map[string]*module
	funcs     map[string]function.Function
	diags     []iac.Diagnostic
	stack     []*node
	instances int
	blocks    int
	rootVars  map[string]rawVar
	root      *modInst
	treeSize  int
	repeated  map[string]bool
	stopped   bool // an instance limit was hit
}

// Load reads the Terraform root module at root (a directory, or a single
// .tf / .tf.json file), evaluates it with opts the way terraform plan
// would, as far as values are known statically, and returns its managed
// resource instances (those of local and downloaded child modules
// included) and the problems found. It never panics; files with syntax
// errors are skipped and reported, the others are still scanned.
func Load(root string, opts Options) (resources []iac.Resource, diags []iac.Diagnostic) {
	l := &loader{opts: opts, modules: map[string]*module{}}
	defer func() {
		if r := recover(); r != nil {
			l.diags = append(l.diags, iac.Diagnostic{File: root, Severity: iac.SeverityError,
				Message: fmt.Sprintf("internal error while evaluating the configuration (please report it): %v", r)})
			resources = nil
			diags = l.finishDiags()
		}
	}()
	st, err := os.Stat(root)
	if err != nil {
		l.diag(root, 0, 0, iac.SeverityError, fmt.Sprintf("cannot read Terraform configuration: %v", err))
		return nil, l.finishDiags()
	}
	l.rootDir = filepath.Clean(root)
	if !st.IsDir() {
		l.onlyFile = l.rootDir
		l.rootDir = filepath.Dir(l.rootDir)
	}
	if abs, err := filepath.Abs(l.rootDir); err == nil {
		l.absRoot = abs
	} else {
		l.absRoot = l.rootDir
	}
	l.readModulesJSON()
	tree := l.discover()
	l.buildFunctions()
	l.rootVars = l.collectRootVars(tree.mod)
	l.root = &modInst{l: l, node: tree, mod: tree.mod}
	resources = l.evaluate()
	return resources, l.finishDiags()
}

func (l *loader) diag(file string, line, col int, sev, msg string) {
	l.diags = append(l.diags, iac.Diagnostic{File: file, Line: line, Column: col, Severity: sev, Message: msg})
}

// diagAt reports a problem at an HCL range.
func (l *loader) diagAt(rng hcl.Range, sev, msg string) {
	l.diag(rng.Filename, rng.Start.Line, rng.Start.Column, sev, msg)
}

// hclDiags converts HCL diagnostics; errors get severity sev.
func (l *loader) hclDiags(ds hcl.Diagnostics, sev string) {
	for _, d := range ds {
		s := sev
		if d.Severity == hcl.DiagWarning {
			s = iac.SeverityWarning
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		if d.Subject != nil {
			l.diagAt(*d.Subject, s, msg)
		} else {
			l.diag(l.rootDir, 0, 0, s, msg)
		}
	}
}

// finishDiags sorts and de-duplicates diagnostics (an expression in a
// resource with count 50 reports its problem once).
func (l *loader) finishDiags() []iac.Diagnostic {
	ds := l.diags
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Message < b.Message
	})
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d == ds[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// readModulesJSON reads the manifest terraform init writes for downloaded
// modules.
func (l *loader) readModulesJSON() {
	p := filepath.Join(l.rootDir, ".terraform", "modules", "modules.json")
	b, err := os.ReadFile(p)
	if err != nil {
		return
	}
	var m struct {
		Modules []struct {
			Key string `json:"Key"`
			Dir string `json:"Dir"`
		} `json:"Modules"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		l.diag(p, 0, 0, iac.SeverityWarning, "cannot read the module manifest ("+err.Error()+"); downloaded modules are not scanned; run terraform init again")
		return
	}
	l.modsJSON = map[string]string{}
	for _, e := range m.Modules {
		if e.Key == "" || e.Dir == "" {
			continue
		}
		dir := filepath.FromSlash(e.Dir)
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(l.rootDir, dir)
		}
		l.modsJSON[e.Key] = dir
	}
}

func isLocalSource(s string) bool {
	return strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") ||
		strings.HasPrefix(s, ".\\") || strings.HasPrefix(s, "..\\") || s == "." || s == ".."
}

// discover parses the root module and, level by level, every module it
// calls; the files of a level parse in parallel.
func (l *loader) discover() *modNode {
	root := &modNode{dir: l.rootDir}
	pending := []*modNode{root}
	for len(pending) > 0 {
		var dirs []string
		seen := map[string]bool{}
		for _, n := range pending {
			if _, ok := l.modules[n.dir]; !ok && !seen[n.dir] {
				seen[n.dir] = true
				dirs = append(dirs, n.dir)
			}
		}
		l.parseDirs(dirs)
		var next []*modNode
		for _, n := range pending {
			n.mod = l.modules[n.dir]
			n.children = map[string]*modNode{}
			n.missing = map[string]string{}
			for _, c := range n.mod.calls {
				child, why := l.resolveCall(n, c)
				if child == nil {
					n.missing[c.name] = why
					continue
				}
				n.children[c.name] = child
				next = append(next, child)
			}
		}
		pending = next
	}
	return root
}

func (l *loader) resolveCall(parent *modNode, c *callDecl) (*modNode, string) {
	key := c.name
	if parent.key != "" {
		key = parent.key + "." + c.name
	}
	var dir string
	if isLocalSource(c.source) {
		dir = filepath.Join(parent.dir, filepath.FromSlash(strings.ReplaceAll(c.source, "\\", "/")))
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			msg := fmt.Sprintf("module %q: source directory %s does not exist; its resources are not scanned", c.name, dir)
			l.diagAt(c.sourceRng, iac.SeverityError, msg)
			return nil, msg
		}
	} else {
		d, ok := l.modsJSON[key]
		if ok {
			if st, err := os.Stat(d); err != nil || !st.IsDir() {
				ok = false
			}
		}
		if !ok {
			msg := fmt.Sprintf("module %q: source %q has not been downloaded (no entry %q in .terraform/modules/modules.json); run terraform init to scan its resources, they are skipped", c.name, c.source, key)
			l.diagAt(c.sourceRng, iac.SeverityWarning, msg)
			return nil, fmt.Sprintf("module.%s (%s) has not been downloaded", c.name, c.source)
		}
		dir = d
	}
	for p := parent; p != nil; p = p.parent {
		if filepath.Clean(p.dir) == filepath.Clean(dir) {
			msg := fmt.Sprintf("module %q calls the module in %s, which is already being loaded (recursive module); it is skipped", c.name, dir)
			l.diagAt(c.sourceRng, iac.SeverityError, msg)
			return nil, msg
		}
	}
	l.treeSize++
	if l.treeSize > maxModuleTree {
		msg := fmt.Sprintf("module %q: more than %d module calls in the module tree; it is skipped", c.name, maxModuleTree)
		l.diagAt(c.sourceRng, iac.SeverityError, msg)
		return nil, msg
	}
	return &modNode{key: key, dir: dir, parent: parent}, ""
}

// configFiles lists the configuration files of a module directory in
// lexical order, skipping what terraform ignores (hidden, editor backups).
func configFiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "#") || strings.HasSuffix(n, "~") {
			continue
		}
		if strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json") {
			out = append(out, filepath.Join(dir, n))
		}
	}
	sort.Strings(out)
	return out, nil
}

func isOverride(path string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(path), ".json"), ".tf")
	return base == "override" || strings.HasSuffix(base, "_override")
}

// parseDirs parses the files of dirs with one worker per CPU.
func (l *loader) parseDirs(dirs []string) {
	type job struct {
		dir string
		f   *parsedFile
	}
	var jobs []job
	for _, dir := range dirs {
		var files []string
		if dir == l.rootDir && l.onlyFile != "" {
			files = []string{l.onlyFile}
		} else {
			var err error
			files, err = configFiles(dir)
			if err != nil {
				l.diag(dir, 0, 0, iac.SeverityError, fmt.Sprintf("cannot read module directory: %v", err))
			}
		}
		if len(files) == 0 {
			l.diag(dir, 0, 0, iac.SeverityWarning, "no Terraform configuration files (*.tf, *.tf.json) in this directory")
		}
		for _, p := range files {
			jobs = append(jobs, job{dir, &parsedFile{path: p, json: strings.HasSuffix(p, ".json"), override: isOverride(p)}})
		}
	}
	var wg sync.WaitGroup
	ch := make(chan *parsedFile)
	diagsCh := make([][]iac.Diagnostic, len(jobs))
	idx := map[*parsedFile]int{}
	for i, j := range jobs {
		idx[j.f] = i
	}
	workers := min(runtime.GOMAXPROCS(0), max(len(jobs), 1))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range ch {
				diagsCh[idx[f]] = parseFile(f)
			}
		}()
	}
	for _, j := range jobs {
		ch <- j.f
	}
	close(ch)
	wg.Wait()
	for _, ds := range diagsCh {
		l.diags = append(l.diags, ds...)
	}
	byDir := map[string][]*parsedFile{}
	for _, j := range jobs {
		if j.f.body != nil {
			byDir[j.dir] = append(byDir[j.dir], j.f)
		}
	}
	for _, dir := range dirs {
		l.modules[dir] = l.buildModule(dir, byDir[dir])
	}
}

// parseFile reads, parses and decodes one file. It runs concurrently with
// other files and touches nothing shared.
func parseFile(f *parsedFile) (out []iac.Diagnostic) {
	defer func() {
		if r := recover(); r != nil {
			f.body = nil
			out = append(out, iac.Diagnostic{File: f.path, Severity: iac.SeverityError,
				Message: fmt.Sprintf("internal error while parsing (please report it): %v; the file is skipped", r)})
		}
	}()
	st, err := os.Stat(f.path)
	if err != nil {
		return []iac.Diagnostic{{File: f.path, Severity: iac.SeverityError, Message: fmt.Sprintf("cannot read file: %v", err)}}
	}
	if st.Size() > maxSourceSize {
		return []iac.Diagnostic{{File: f.path, Severity: iac.SeverityError,
			Message: fmt.Sprintf("file is larger than %d bytes; it is skipped", maxSourceSize)}}
	}
	src, err := os.ReadFile(f.path)
	if err != nil {
		return []iac.Diagnostic{{File: f.path, Severity: iac.SeverityError, Message: fmt.Sprintf("cannot read file: %v", err)}}
	}
	if line, err := nestingError(src); err != nil {
		return []iac.Diagnostic{{File: f.path, Line: line, Severity: iac.SeverityError,
			Message: err.Error() + "; the file is skipped"}}
	}
	var file *hcl.File
	var diags hcl.Diagnostics
	if f.json {
		file, diags = hcljson.Parse(src, f.path)
	} else {
		file, diags = hclsyntax.ParseConfig(src, f.path, hcl.InitialPos)
	}
	if diags.HasErrors() || file == nil {
		for _, d := range diags {
			if d.Severity != hcl.DiagError {
				continue
			}
			msg := d.Summary
			if d.Detail != "" {
				msg += ": " + d.Detail
			}
			dg := iac.Diagnostic{File: f.path, Severity: iac.SeverityError, Message: msg + " (the file is skipped; fix the syntax error)"}
			if d.Subject != nil {
				dg.Line, dg.Column = d.Subject.Start.Line, d.Subject.Start.Column
			}
			out = append(out, dg)
		}
		if len(out) == 0 {
			out = append(out, iac.Diagnostic{File: f.path, Severity: iac.SeverityError, Message: "cannot parse file; it is skipped"})
		}
		return out
	}
	f.body = file.Body
	if sb, ok := file.Body.(*hclsyntax.Body); ok {
		scanSyntax(f, sb)
	}
	decodeFile(f)
	if f.json {
		scanJSON(f)
	}
	for _, d := range f.decls.diags {
		dg := iac.Diagnostic{File: f.path, Severity: iac.SeverityError, Message: d.Summary}
		if d.Severity == hcl.DiagWarning {
			dg.Severity = iac.SeverityWarning
		}
		if d.Detail != "" {
			dg.Message += ": " + d.Detail
		}
		if d.Subject != nil {
			dg.File, dg.Line, dg.Column = d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column
		}
		out = append(out, dg)
	}
	return out
}

// scanJSON collects from a JSON file what scanSyntax collects from native
// syntax: the attribute names accessed on resources.
func scanJSON(f *parsedFile) {
	f.resNames = map[string]map[string]struct{}{}
	f.relNames = map[string]struct{}{}
	add := func(e hcl.Expression) {
		if e == nil {
			return
		}
		for _, t := range e.Variables() {
			addTraversalNames(f.resNames, t)
		}
	}
	d := &f.decls
	for _, x := range d.locals {
		add(x.expr)
	}
	for _, x := range d.outputs {
		add(x.expr)
	}
	for _, c := range d.calls {
		for _, a := range c.args {
			add(a.Expr)
		}
		add(c.count)
		add(c.forEach)
	}
	for _, r := range d.resources {
		if attrs, diags := r.body.JustAttributes(); !diags.HasErrors() {
			for _, a := range attrs {
				add(a.Expr)
			}
		}
	}
}

// buildModule merges the declarations of a directory's files.
func (l *loader) buildModule(dir string, files []*parsedFile) *module {
	m := &module{
		dir: dir, files: files,
		vars: map[string]*varDecl{}, locals: map[string]*localDecl{}, outputs: map[string]*outputDecl{},
		resByAddr: map[string]*resDecl{}, data: map[string]*resDecl{}, callByNm: map[string]*callDecl{},
		providers: map[string]*providerDecl{},
		resNames:  map[string]map[string]struct{}{}, relNames: map[string]struct{}{},
	}
	dup := func(kind, name string, rng, prev hcl.Range) {
		l.diagAt(rng, iac.SeverityError, fmt.Sprintf("duplicate %s %q: it is already declared at %s; this one is ignored", kind, name, prev))
	}
	var overrides []*parsedFile
	for _, f := range files {
		if f.override {
			overrides = append(overrides, f)
			continue
		}
		d := &f.decls
		for _, v := range d.vars {
			if p := m.vars[v.name]; p != nil {
				dup("variable", v.name, v.rng, p.rng)
				continue
			}
			m.vars[v.name] = v
		}
		for _, v := range d.locals {
			if p := m.locals[v.name]; p != nil {
				dup("local value", v.name, v.rng, p.rng)
				continue
			}
			m.locals[v.name] = v
		}
		for _, v := range d.outputs {
			if p := m.outputs[v.name]; p != nil {
				dup("output", v.name, v.rng, p.rng)
				continue
			}
			m.outputs[v.name] = v
		}
		for _, r := range d.resources {
			k := r.typ + "." + r.name
			if p := m.resByAddr[k]; p != nil {
				dup("resource", k, r.defRng, p.defRng)
				continue
			}
			m.resByAddr[k] = r
			m.resources = append(m.resources, r)
		}
		for _, r := range d.data {
			k := r.mode + "." + r.typ + "." + r.name
			if p := m.data[k]; p != nil {
				dup(r.mode, k, r.defRng, p.defRng)
				continue
			}
			m.data[k] = r
		}
		for _, c := range d.calls {
			if p := m.callByNm[c.name]; p != nil {
				dup("module call", c.name, c.rng, p.rng)
				continue
			}
			m.callByNm[c.name] = c
			m.calls = append(m.calls, c)
		}
		for _, p := range d.providers {
			if _, ok := m.providers[p.name]; !ok {
				m.providers[p.name] = p
			}
		}
	}
	for _, f := range overrides {
		l.applyOverride(m, f)
	}
	for _, f := range files {
		for t, names := range f.resNames {
			mm := m.resNames[t]
			if mm == nil {
				mm = map[string]struct{}{}
				m.resNames[t] = mm
			}
			for n := range names {
				mm[n] = struct{}{}
			}
		}
		for n := range f.relNames {
			m.relNames[n] = struct{}{}
		}
	}
	return m
}

// buildFunctions assembles the function table: Terraform's functions this
// package evaluates, and stubs (Unknown, one warning each) for functions
// it does not know that the configuration calls.
func (l *loader) buildFunctions() {
	l.funcs = baseFunctions()
	addFileFunctions(l.funcs, l.rootDir)
	uses := map[string]hcl.Range{}
	for _, m := range l.modules {
		for _, f := range m.files {
			for name, rng := range f.funcUses {
				if p, ok := uses[name]; !ok || rangeLess(rng, p) {
					uses[name] = rng
				}
			}
		}
	}
	for _, name := range sortedKeys(uses) {
		if _, ok := l.funcs[name]; ok {
			continue
		}
		l.funcs[name] = unsupportedFunc(name)
		l.diagAt(uses[name], iac.SeverityWarning, fmt.Sprintf("function %s is not supported by static analysis; values computed with it are unknown", name))
	}
	for _, name := range terraformFunctions {
		if _, ok := l.funcs[name]; !ok {
			l.funcs[name] = unsupportedFunc(name)
		}
	}
}

func rangeLess(a, b hcl.Range) bool {
	if a.Filename != b.Filename {
		return a.Filename < b.Filename
	}
	return a.Start.Byte < b.Start.Byte
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// rawVar is a root variable value set outside the configuration.
type rawVar struct {
	val cty.Value
	rng *hcl.Range // where it was set, when in a file
	src string     // "-var", "TF_VAR_x", a file name
}
