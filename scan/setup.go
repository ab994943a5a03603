package scan

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"cloudward/asset"
	"cloudward/asset/aws"
	"cloudward/asset/azure"
	"cloudward/asset/kubernetes"
	"cloudward/compliance"
	"cloudward/engine"
	"cloudward/frameworks"
	"cloudward/rule"
	"cloudward/rules"
)

var (
	regOnce sync.Once
	reg     *asset.Registry
)

// Registry returns the registry of every asset type cloudward knows.
func Registry() *asset.Registry {
	regOnce.Do(func() { reg = asset.NewRegistry(slices.Concat(aws.Types(), kubernetes.Types(), azure.Types())...) })
	return reg
}

// AccountTypes maps each provider to the asset type bound to `account`.
var AccountTypes = map[string]string{"aws": aws.AccountType}

// LoadRules loads the built-in library (unless noBuiltin) and every rule
// folder below the given directories.
func LoadRules(dirs []string, noBuiltin bool) ([]*rule.Rule, []error) {
	var all []*rule.Rule
	var errs []error
	if !noBuiltin {
		all, errs = rules.Builtin()
	}
	for _, d := range dirs {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			if err == nil {
				err = &os.PathError{Op: "open", Path: d, Err: os.ErrInvalid}
			}
			errs = append(errs, &rule.Error{File: d, Msg: "rules directory: " + err.Error()})
			continue
		}
		rs, es := rule.Load(os.DirFS(d), ".", d, func(p string) string { return filepath.Join(d, p) })
		all = append(all, rs...)
		errs = append(errs, es...)
	}
	return all, errs
}

// NewEngine compiles rules against the default registry.
func NewEngine(rs []*rule.Rule, now time.Time) (*engine.Engine, []error) {
	return engine.New(Registry(), rs, engine.Options{Now: now, AccountTypes: AccountTypes})
}

// LoadFrameworks loads the built-in compliance frameworks and every
// framework file (*.yaml) directly in the given directories.
func LoadFrameworks(dirs []string) ([]*compliance.Framework, []error) {
	all, errs := compliance.Load(frameworks.FS(), ".", func(p string) string { return "frameworks/" + p })
	for _, d := range dirs {
		fs, es := compliance.Load(os.DirFS(d), ".", func(p string) string { return filepath.Join(d, p) })
		errs = append(errs, es...)
		for _, f := range fs {
			// A user's framework with a built-in id replaces the built-in one.
			all = slices.DeleteFunc(all, func(b *compliance.Framework) bool { return b.ID == f.ID })
			all = append(all, f)
		}
	}
	slices.SortFunc(all, func(a, b *compliance.Framework) int { return strings.Compare(a.ID, b.ID) })
	return all, errs
}

// BuiltinLibrary loads the built-in rules and frameworks and links them;
// problems are the mapping inconsistencies (none in a release).
func BuiltinLibrary() ([]*rule.Rule, []*compliance.Framework, []error, []compliance.Problem) {
	rs, errs := LoadRules(nil, false)
	fws, ferrs := LoadFrameworks(nil)
	errs = append(errs, ferrs...)
	return rs, fws, errs, compliance.Link(fws, rs)
}
