package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"cloudward/rule"
	"cloudward/ruletest"
	"cloudward/scan"

	"github.com/spf13/cobra"
)

func newRulesCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "rules",
		Short: "List, show, lint and test rules",
		Long: `Work with the rule library: the built-in rules plus any --rules directories.

A rule is a folder holding rule.yaml (metadata and a CEL condition that is true
for a compliant resource) and testdata/pass, testdata/fail (and optionally
testdata/unknown) fixtures. See docs/rules.md.`,
	}
	c.AddCommand(newRulesListCmd(g), newRulesShowCmd(g), newRulesLintCmd(g), newRulesTestCmd(g))
	return c
}

// loadRuleSet loads rules, reporting load errors as a usage error.
func loadRuleSet(g *globals, dirs []string, noBuiltin bool) ([]*rule.Rule, error) {
	lib, err := loadLibrary(g, dirs, noBuiltin)
	if err != nil {
		return nil, err
	}
	return lib.rules, nil
}

func joinErrs(errs []error) error {
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = "  " + e.Error()
	}
	return fmt.Errorf("%d rule problem(s):\n%s", len(errs), strings.Join(msgs, "\n"))
}

func newRulesListCmd(g *globals) *cobra.Command {
	var format, typ, framework, severity string
	c := &cobra.Command{
		Use:   "list",
		Short: "List rules",
		Example: `  cloudward rules list
  cloudward rules list --type aws.s3.bucket
  cloudward rules list --framework cis-aws-3.0 --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			rs, err := loadRuleSet(g, g.ruleDirs, g.noBuiltin)
			if err != nil {
				return err
			}
			var min rule.Severity
			if severity != "" {
				if min, err = rule.ParseSeverity(severity); err != nil {
					return usageErr("--severity: %v", err)
				}
			}
			var sel []*rule.Rule
			for _, r := range rs {
				if typ != "" && !slices.Contains(r.ResourceTypes, typ) {
					continue
				}
				if framework != "" && len(r.Compliance[framework]) == 0 {
					continue
				}
				if r.Severity < min {
					continue
				}
				sel = append(sel, r)
			}
			switch format {
			case "table":
				tw := tabwriter.NewWriter(g.stdout, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tSEVERITY\tRESOURCE TYPES\tTITLE")
				for _, r := range sel {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, strings.Join(r.ResourceTypes, ","), r.Title)
				}
				tw.Flush()
				fmt.Fprintf(g.stdout, "\n%d rules\n", len(sel))
			case "json":
				out := make([]map[string]any, 0, len(sel))
				for _, r := range sel {
					out = append(out, ruleJSON(r))
				}
				return writeJSON(g.stdout, out)
			default:
				return usageErr("--format %q: want table or json", format)
			}
			return nil
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "table", "table or json")
	c.Flags().StringVar(&typ, "type", "", "only rules for asset `TYPE`")
	c.Flags().StringVar(&framework, "framework", "", "only rules mapped to framework `ID` (e.g. cis-aws-3.0)")
	c.Flags().StringVar(&severity, "severity", "", "only rules at or above `SEVERITY`")
	return c
}

func ruleJSON(r *rule.Rule) map[string]any {
	m := map[string]any{
		"id": r.ID, "title": r.Title, "severity": r.Severity.String(),
		"resource_types": r.ResourceTypes, "description": strings.TrimSpace(r.Description),
		"rationale": strings.TrimSpace(r.Rationale), "remediation": r.Remediation,
		"references": r.References, "compliance": r.Compliance,
		"condition": strings.TrimSpace(r.Condition), "source": r.Source, "file": r.File,
	}
	if r.When != "" {
		m["when"] = strings.TrimSpace(r.When)
	}
	if m["compliance"] == nil {
		m["compliance"] = map[string][]string{}
	}
	return m
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func newRulesShowCmd(g *globals) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:     "show ID",
		Short:   "Show one rule: metadata, condition, remediation",
		Example: "  cloudward rules show CW-AWS-S3-001",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			rs, err := loadRuleSet(g, g.ruleDirs, g.noBuiltin)
			if err != nil {
				return err
			}
			for _, r := range rs {
				if !strings.EqualFold(r.ID, args[0]) {
					continue
				}
				if format == "json" {
					return writeJSON(g.stdout, ruleJSON(r))
				}
				showRule(g.stdout, r)
				return nil
			}
			return usageErr("no rule with id %q (see 'cloudward rules list')", args[0])
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "text", "text or json")
	return c
}

func showRule(w io.Writer, r *rule.Rule) {
	p := func(label, text string) {
		text = strings.TrimSpace(text)
		if text == "" {
			return
		}
		fmt.Fprintf(w, "\n%s\n", label)
		for _, l := range strings.Split(text, "\n") {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
	fmt.Fprintf(w, "%s  %s\n", r.ID, r.Title)
	fmt.Fprintf(w, "severity: %s   resource types: %s   source: %s\n", r.Severity, strings.Join(r.ResourceTypes, ", "), r.File)
	p("Description", r.Description)
	p("Rationale", r.Rationale)
	p("Applies when", r.When)
	p("Compliant when", r.Condition)
	p("Remediation", r.Remediation.Text)
	p("AWS CLI", r.Remediation.CLI)
	p("Terraform", r.Remediation.Terraform)
	p("Console", r.Remediation.Console)
	if len(r.Compliance) > 0 {
		var lines []string
		for _, fw := range r.Frameworks() {
			lines = append(lines, fw+": "+strings.Join(r.Compliance[fw], ", "))
		}
		p("Compliance", strings.Join(lines, "\n"))
	}
	p("References", strings.Join(r.References, "\n"))
}

// ruleDirsFor returns the directories and builtin switch for lint/test:
// positional DIRs replace the library; otherwise built-in + --rules.
func ruleDirsFor(g *globals, args []string) ([]string, bool, error) {
	dirs, noBuiltin := g.ruleDirs, g.noBuiltin
	if len(args) > 0 {
		dirs, noBuiltin = args, true
	}
	for _, d := range dirs {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			return nil, false, usageErr("%s is not a readable rules directory", d)
		}
	}
	return dirs, noBuiltin, nil
}

func newRulesLintCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "lint [DIR...]",
		Short: "Check rule metadata: required fields, severities, references, fixtures",
		Long: `Check that every rule loads, its condition compiles against the asset schema,
and its metadata is complete (description, rationale, remediation, https
references, compliance mappings that list controls, pass and fail fixtures).

With DIR arguments only those directories are linted; otherwise the built-in
library and any --rules directories. Exit code 1 when a problem is found.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			dirs, noBuiltin, err := ruleDirsFor(g, args)
			if err != nil {
				return err
			}
			rs, errs := scan.LoadRules(dirs, noBuiltin)
			_, cerrs := scan.NewEngine(rs, time.Now())
			errs = append(errs, cerrs...)
			problems := 0
			for _, e := range errs {
				fmt.Fprintln(g.stdout, e.Error())
				problems++
			}
			sort.Slice(rs, func(i, j int) bool { return rs[i].File < rs[j].File })
			for _, r := range rs {
				for _, p := range r.Lint() {
					fmt.Fprintf(g.stdout, "%s: %s: %s\n", r.File, r.ID, p)
					problems++
				}
			}
			fmt.Fprintf(g.stdout, "%d rules checked, %d problems\n", len(rs), problems)
			if problems > 0 {
				return silentExit(ExitFindings)
			}
			return nil
		},
	}
}

func newRulesTestCmd(g *globals) *cobra.Command {
	var verbose bool
	var now string
	c := &cobra.Command{
		Use:   "test [DIR...]",
		Short: "Run every rule against its pass/fail/unknown fixtures",
		Long: `Evaluate each rule against the assets in its fixtures: subjects in
testdata/pass must PASS, in testdata/fail must FAIL, in testdata/unknown must be
UNKNOWN. Other assets in a fixture are context (the account, related resources).
Terraform (.tf) and CloudFormation fixtures in testdata/iac/pass, fail and
unknown go through the same parsers and adapters as 'scan iac'.

With DIR arguments only those directories are tested; otherwise the built-in
library and any --rules directories. Exit code 1 when a fixture fails.`,
		Example: `  cloudward rules test
  cloudward rules test ./my-rules -v`,
		RunE: func(cmd *cobra.Command, args []string) error {
			at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
			if now != "" {
				var err error
				if at, err = time.Parse(time.RFC3339, now); err != nil {
					return usageErr("--now: %v", err)
				}
			}
			dirs, noBuiltin, err := ruleDirsFor(g, args)
			if err != nil {
				return err
			}
			rs, errs := scan.LoadRules(dirs, noBuiltin)
			eng, cerrs := scan.NewEngine(rs, at)
			errs = append(errs, cerrs...)
			for _, e := range errs {
				fmt.Fprintln(g.stdout, "ERROR "+e.Error())
			}
			cases := ruletest.Run(scan.Registry(), eng, func(r *rule.Rule, file string) string {
				if r.Source == "builtin" {
					return "rules/" + file
				}
				return filepath.Join(r.Source, file)
			})
			failed := 0
			for _, c := range cases {
				if c.OK() {
					if verbose {
						fmt.Fprintf(g.stdout, "ok    %s %s (%d subjects %s)\n", c.Rule.ID, c.File, c.Subjects, c.Want)
					}
					continue
				}
				failed++
				fmt.Fprintf(g.stdout, "FAIL  %s %s\n", c.Rule.ID, c.File)
				for _, p := range c.Problems {
					fmt.Fprintf(g.stdout, "        %s\n", p)
				}
			}
			fmt.Fprintf(g.stdout, "%d rules, %d fixtures: %d passed, %d failed\n",
				len(eng.Rules()), len(cases), len(cases)-failed, failed)
			if failed > 0 || len(errs) > 0 {
				return silentExit(ExitFindings)
			}
			return nil
		},
	}
	c.Flags().BoolVarP(&verbose, "verbose", "v", false, "list passing fixtures too")
	c.Flags().StringVar(&now, "now", "", "evaluate as of this RFC 3339 `TIME` (default 2026-06-01T00:00:00Z, the time fixtures are written against)")
	return c
}
