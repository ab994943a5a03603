package cli

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"os/signal"
	"sort"
	"strings"
	"time"

	"cloudward/engine"
	"cloudward/finding"
	"cloudward/iac"
	"cloudward/iac/adapt"
	"cloudward/iac/arm"
	"cloudward/iac/discover"
	"cloudward/iac/ignore"
	"cloudward/inventory"
	"cloudward/rule"
	"cloudward/scan"
	"cloudward/store"

	"github.com/spf13/cobra"
)

func newScanIaCCmd(g *globals) *cobra.Command {
	var setRecord func(scope string, sources []string) // set once the flags are registered
	var (
		out      outputFlags
		vars     []string
		varFiles []string
		params   []string
		armFiles []string
		region   string
		strict   bool
		now      string
		diffBase string
	)
	c := &cobra.Command{
		Use:   "iac PATH...",
		Short: "Scan infrastructure-as-code (Terraform, Terraform plans, CloudFormation) with the same rules",
		Long: `Scan Terraform configurations, Terraform plans and CloudFormation templates
before they are deployed, with the same rules that judge live AWS resources.

PATH is a file or a directory, walked recursively. Every directory holding
*.tf files is loaded as a Terraform module (variables, tfvars, locals, count,
for_each, dynamic blocks, functions, local and downloaded modules); JSON
files that are Terraform plans (terraform show -json plan.out > plan.json)
are read with the values Terraform plans and give the verdicts of the
configuration they come from; YAML and JSON files that are CloudFormation
templates are evaluated (parameters, conditions, intrinsic functions).
Resources become the same asset types the AWS collector produces: an
aws_s3_bucket and its public access block, encryption and policy resources
become one bucket. Settings the code omits take AWS's defaults; a value known
only after deployment, or set outside the code, is UNKNOWN, never a false
FAIL.

Findings name the Terraform address (module.net.aws_security_group.web[0]) or
the CloudFormation logical id, and point at the file and lines. A file that
cannot be parsed is reported with file:line:column and the others are still
scanned; --strict makes any error diagnostic exit with code 2.

A comment '# cloudward:ignore RULE-ID reason="..." expires=YYYY-MM-DD' in or
above a resource accepts that rule's finding on it: the finding is listed as
suppressed and does not count for --fail-on. --diff BASE lists only the
findings a change introduces (docs/iac.md).`,
		Example: `  cloudward scan iac ./infra
  cloudward scan iac ./infra --var-file prod.tfvars -f sarif -o results.sarif --fail-on high
  cloudward scan iac templates/bucket.yaml --param Environment=prod
  terraform plan -out plan.out && terraform show -json plan.out > plan.json && cloudward scan iac plan.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			format, failOn, err := out.resolve(g)
			if err != nil {
				return err
			}
			at := time.Now().UTC()
			if now != "" {
				if at, err = time.Parse(time.RFC3339, now); err != nil {
					return usageErr("--now: want an RFC 3339 time such as 2026-06-01T00:00:00Z: %v", err)
				}
			}
			opts := discover.Options{}
			if opts.Terraform.Vars, err = keyValues("--var", vars); err != nil {
				return err
			}
			opts.Terraform.VarFiles = varFiles
			if opts.CloudFormation.Params, err = keyValues("--param", params); err != nil {
				return err
			}
			opts.CloudFormation.Region = region
			if opts.ARM.Params, err = armParams(armFiles, opts.CloudFormation.Params); err != nil {
				return err
			}
			// Read once, before anything is parsed: a broken file stops the
			// scan early, and the --diff base scan reuses it.
			if _, err := loadExceptions(g, at); err != nil {
				return err
			}
			// Live-only rules read state code cannot declare: on IaC they
			// would only report UNKNOWN.
			eng, _, err := loadEngineLibrary(g, at, func(r *rule.Rule) bool { return r.LiveOnly == "" })
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()

			setRecord(store.IaCScope(absPaths(args)), absPaths(args))
			res, found, nAssets, diags, err := scanIaC(ctx, g, eng, args, opts, region, at, out.includePassed)
			if err != nil {
				return err
			}
			errorsFound := addDiagnostics(g, &res.Summary, diags)
			if !g.quiet {
				fmt.Fprintf(g.stderr, "read %s: %d resources, %d assets\n", formatCounts(found.Files), len(found.Resources), nAssets)
			}
			if diffBase != "" {
				scanTree := func(dir string, paths []string) (*finding.Result, error) {
					q := *g
					q.quiet, q.record = true, nil
					r, _, _, _, err := scanIaC(ctx, &q, eng, paths, opts, region, at, false)
					return r, err
				}
				keys, relative, err := baseKeys(diffBase, args, scanTree)
				if err != nil {
					return usageErr("%v", err)
				}
				keepNew(res, keys, diffBase, relative)
			}
			if err := out.write(g, res, format, failOn); err != nil {
				return err
			}
			if strict && errorsFound > 0 {
				return &exitError{code: ExitUsage, err: fmt.Errorf("%d file(s) could not be read (--strict)", errorsFound)}
			}
			return nil
		},
	}
	out.register(c)
	setRecord = registerRecord(c, g, "iac")
	f := c.Flags()
	f.StringArrayVar(&vars, "var", nil, "set a Terraform variable, `NAME=VALUE` (repeatable)")
	f.StringArrayVar(&varFiles, "var-file", nil, "load Terraform variables from `FILE` (.tfvars or .tfvars.json; repeatable)")
	f.StringArrayVar(&params, "param", nil, "set a CloudFormation or ARM template parameter, `NAME=VALUE` (repeatable)")
	f.StringArrayVar(&armFiles, "arm-parameters", nil, "read ARM template parameters from `FILE` (azuredeploy.parameters.json; repeatable;\n--param overrides)")
	f.StringVar(&region, "region", "", "region of resources whose code does not state one (default: \"unknown\")")
	f.BoolVar(&strict, "strict", false, "exit with code 2 when a file cannot be parsed")
	f.StringVar(&now, "now", "", "evaluate as of this RFC 3339 `TIME` (default: the current time)")
	f.StringVar(&diffBase, "diff", "", "report only findings new since `BASE`: a git revision (main, HEAD~1, a tag)\nor a saved JSON report of an earlier scan")
	return c
}

// scanIaC reads, adapts and evaluates the IaC under paths, applying inline
// ignores; it returns the result, what was found, the number of assets and
// the diagnostics.
func scanIaC(ctx context.Context, g *globals, eng *engine.Engine, paths []string, opts discover.Options, region string,
	at time.Time, includePassed bool) (*finding.Result, discover.Result, int, []iac.Diagnostic, error) {
	found := discover.Load(paths, opts)
	for i := range found.Resources {
		if found.Resources[i].Region == "" {
			found.Resources[i].Region = region
		}
	}
	assets, diags := adapt.Assets(scan.Registry(), found.Resources)
	diags = append(found.Diagnostics, diags...)
	var buf bytes.Buffer
	iw := inventory.NewWriter(&buf, inventory.Header{GeneratedAt: at, Generator: "cloudward scan iac " + Version})
	for _, a := range assets {
		if err := iw.Write(a); err != nil {
			return nil, found, 0, nil, &exitError{code: ExitInternal, err: err}
		}
	}
	if err := iw.Flush(); err != nil {
		return nil, found, 0, nil, &exitError{code: ExitInternal, err: err}
	}
	sub := *g
	sub.stdin = &buf
	// Inline ignores apply before the scan is recorded, so the store
	// knows which findings they accept.
	ignored := false
	ignoreDiags := func(res *finding.Result) {
		if !ignored {
			ignored = true
			res.Summary.Sources = paths
			for _, d := range diags {
				if d.Severity == iac.SeverityError {
					res.Summary.Unreadable++
				}
			}
			diags = append(diags, applyIgnores(res, eng, at)...)
		}
	}
	if g.record != nil {
		r := *g.record
		r.before = ignoreDiags
		sub.record = &r
	}
	res, err := evaluate(ctx, &sub, eng, []string{"-"}, includePassed, false)
	if err != nil {
		return nil, found, 0, nil, err
	}
	ignoreDiags(res)
	return res, found, len(assets), diags, nil
}

// applyIgnores applies the inline ignore comments of the files findings
// point at (docs/iac.md).
func applyIgnores(res *finding.Result, eng *engine.Engine, now time.Time) []iac.Diagnostic {
	files := map[string]bool{}
	for _, f := range res.Findings {
		if f.Location != nil {
			files[f.Location.File] = true
		}
	}
	known := map[string]bool{}
	for _, r := range eng.Rules() {
		known[r.ID] = true
	}
	var ds []ignore.Directive
	var diags []iac.Diagnostic
	for f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			diags = append(diags, iac.Diagnostic{File: f, Severity: iac.SeverityWarning, Message: "reading ignore comments: " + err.Error()})
			continue
		}
		ds = append(ds, ignore.Parse(f, data)...)
	}
	n, more := ignore.Apply(res.Findings, ds, func(id string) bool { return known[id] }, now)
	res.Summary.Suppressed += n
	return append(diags, more...)
}

// armParams merges ARM parameters files, in order, then --param values.
func armParams(files []string, params map[string]string) (map[string]any, error) {
	if len(files) == 0 && len(params) == 0 {
		return nil, nil
	}
	out := map[string]any{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, usageErr("--arm-parameters: %v", err)
		}
		vals, diags := arm.ParseParameters(f, data)
		for _, d := range diags {
			if d.Severity == iac.SeverityError {
				return nil, usageErr("--arm-parameters: %s", d.Error())
			}
		}
		maps.Copy(out, vals)
	}
	for k, v := range params {
		out[k] = v
	}
	return out, nil
}

// keyValues parses repeated NAME=VALUE flags.
func keyValues(flag string, kvs []string) (map[string]string, error) {
	if len(kvs) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, usageErr("%s %q: want NAME=VALUE", flag, kv)
		}
		out[strings.TrimSpace(k)] = v
	}
	return out, nil
}

// addDiagnostics reports IaC diagnostics on standard error and in the
// summary's warnings; it returns how many were errors.
func addDiagnostics(g *globals, s *finding.Summary, diags []iac.Diagnostic) int {
	sort.SliceStable(diags, func(i, j int) bool {
		if diags[i].File != diags[j].File {
			return diags[i].File < diags[j].File
		}
		return diags[i].Line < diags[j].Line
	})
	errs := 0
	for _, d := range diags {
		if d.Severity == iac.SeverityError {
			errs++
		}
		s.Warnings = append(s.Warnings, finding.Warning{Source: d.File, Line: d.Line, Kind: "iac_" + d.Severity, Message: d.Message})
		if !g.quiet {
			fmt.Fprintf(g.stderr, "%s: %s\n", d.Severity, d.Error())
		}
	}
	return errs
}

func formatCounts(m map[string]int) string {
	if len(m) == 0 {
		return "no Terraform, Terraform plan or CloudFormation files"
	}
	var parts []string
	for _, f := range []struct{ format, one, many string }{
		{iac.FormatTerraform, "Terraform module", "Terraform modules"},
		{iac.FormatTerraformPlan, "Terraform plan", "Terraform plans"},
		{iac.FormatCloudFormation, "CloudFormation template", "CloudFormation templates"},
	} {
		switch n := m[f.format]; {
		case n == 1:
			parts = append(parts, "1 "+f.one)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, f.many))
		}
	}
	return strings.Join(parts, ", ")
}
