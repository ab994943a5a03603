package cli

import (
	"fmt"

	"cloudward/compliance"
	"cloudward/rule"
	"cloudward/scan"
)

// library is the loaded rules and compliance frameworks, linked.
type library struct {
	rules      []*rule.Rule
	frameworks []*compliance.Framework
}

// framework returns the framework with the id, or a usage error naming
// the known ones.
func (l *library) framework(id string) (*compliance.Framework, error) {
	var ids []string
	for _, f := range l.frameworks {
		if f.ID == id {
			return f, nil
		}
		ids = append(ids, f.ID)
	}
	return nil, usageErr("unknown framework %q (known: %v; see 'cloudward compliance list')", id, ids)
}

// loadLibrary loads rules (built-in unless --no-builtin, plus dirs) and
// frameworks (built-in plus --frameworks), and links them. A rule or
// framework file that does not load stops the command: a rule silently
// left out is a silent false negative. Mapping inconsistencies (a rule
// naming a control a framework does not list) are warnings.
func loadLibrary(g *globals, dirs []string, noBuiltin bool) (*library, error) {
	rs, errs := scan.LoadRules(dirs, noBuiltin)
	fws, ferrs := scan.LoadFrameworks(g.frameworkDirs)
	errs = append(errs, ferrs...)
	if len(errs) > 0 {
		return nil, &exitError{code: ExitUsage, err: joinErrs(errs)}
	}
	for _, p := range compliance.Link(fws, rs) {
		if !g.quiet {
			fmt.Fprintln(g.stderr, "warning: "+p.String())
		}
	}
	return &library{rules: rs, frameworks: fws}, nil
}
