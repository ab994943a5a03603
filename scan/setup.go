package scan

import (
	"os"
	"path/filepath"
	"sync"
	"time"

	"cloudward/asset"
	"cloudward/asset/aws"
	"cloudward/engine"
	"cloudward/rule"
	"cloudward/rules"
)

var (
	regOnce sync.Once
	reg     *asset.Registry
)

// Registry returns the registry of every asset type cloudward knows.
func Registry() *asset.Registry {
	regOnce.Do(func() { reg = asset.NewRegistry(aws.Types()...) })
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
