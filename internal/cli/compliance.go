package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"cloudward/compliance"
	"cloudward/finding"
	"cloudward/report"
	"cloudward/store"

	"github.com/spf13/cobra"
)

func newComplianceCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "compliance",
		Short: "Compliance frameworks: list them, report a scan against one",
		Long: `Compliance frameworks are data (frameworks/<id>.yaml; yours with --frameworks
DIR): controls with their section, whether they are manual, and which rules
assess them. 'compliance report' judges every control of a framework against a
scan: PASS, FAIL, UNKNOWN (a setting could not be read), MANUAL (an assessor
checks it) or NOT_APPLICABLE (no resource in scope), with the failing
resources, their evidence, and a severity-weighted score (docs/scoring.md).`,
	}
	c.AddCommand(newComplianceListCmd(g), newComplianceReportCmd(g))
	return c
}

func newComplianceListCmd(g *globals) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:   "list",
		Short: "List the compliance frameworks and how much of each is automated",
		Example: `  cloudward compliance list
  cloudward compliance list --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			lib, err := loadLibrary(g, g.ruleDirs, g.noBuiltin)
			if err != nil {
				return err
			}
			type row struct {
				ID        string `json:"id"`
				Name      string `json:"name"`
				Version   string `json:"version"`
				Controls  int    `json:"controls"`
				Automated int    `json:"automated"`
				Manual    int    `json:"manual"`
				Rules     int    `json:"rules"`
				Source    string `json:"source"`
			}
			var rows []row
			for _, f := range lib.frameworks {
				r := row{ID: f.ID, Name: f.Name, Version: f.Version, Controls: len(f.Controls), Source: f.Source}
				rules := map[string]bool{}
				for _, c := range f.Controls {
					switch {
					case len(c.Linked) > 0:
						r.Automated++
					case c.Manual:
						r.Manual++
					}
					for _, l := range c.Linked {
						rules[l.Rule.ID] = true
					}
				}
				r.Rules = len(rules)
				rows = append(rows, r)
			}
			switch format {
			case "json":
				if rows == nil {
					rows = []row{}
				}
				enc := json.NewEncoder(g.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			case "table", "":
				tw := tabwriter.NewWriter(g.stdout, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tFRAMEWORK\tVERSION\tCONTROLS\tAUTOMATED\tMANUAL\tRULES")
				for _, r := range rows {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\n", r.ID, ellipsis(r.Name, 48), ellipsis(r.Version, 12),
						r.Controls, r.Automated, r.Manual, r.Rules)
				}
				return tw.Flush()
			}
			return usageErr("--format %q: want table or json", format)
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "table", "output format: table or json")
	return c
}

func newComplianceReportCmd(g *globals) *cobra.Command {
	var setRecord func(scope string, sources []string) // set once the flags are registered
	var (
		fw, format, output, now string
		accounts                []string
		maxFindings             int
		live                    bool
		af                      awsFlags
	)
	c := &cobra.Command{
		Use:   "report --framework ID (FILE... | --aws)",
		Short: "Judge every control of a framework against a scan",
		Long: `Scan recorded inventories (FILE..., as 'scan snapshot') or collect from AWS
(--aws, as 'scan aws'), then judge every control of the framework:

  PASS            every check of the control's rules passed
  FAIL            at least one resource fails one of its rules
  UNKNOWN         no failure, but a setting a rule needs could not be read
  MANUAL          configuration data cannot assess it; an assessor checks it
  NOT_APPLICABLE  no resource of the rules' types is in scope

Formats: table (terminal), json, csv (one row per control and finding) and
html (a self-contained report to hand to an auditor: summary, score, scope,
sections, evidence, manual controls, coverage gaps). The format follows the
--output extension when --format is not given.`,
		Example: `  cloudward compliance report --framework cis-aws-5.0 examples/demo-inventory.jsonl
  cloudward compliance report --framework pci-dss-4.0 inventory.jsonl -o pci.html
  cloudward compliance report --framework cis-aws-5.0 --aws --regions us-east-1 -o cis.json
  cloudward compliance report --framework hipaa inventory.jsonl --account 111111111111`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if fw == "" {
				return usageErr("--framework is required (see 'cloudward compliance list')")
			}
			if live == (len(args) > 0) {
				return usageErr("give inventory files or --aws (one of them)")
			}
			if format == "" {
				switch {
				case output != "":
					format = complianceFormatFromExt(output)
				case isTTY(g.stdout):
					format = report.FormatTable
				default:
					format = report.FormatJSON
				}
			}
			if !slices.Contains(report.ComplianceFormats(), format) {
				return usageErr("--format %q: want one of %s", format, strings.Join(report.ComplianceFormats(), ", "))
			}
			at := time.Now().UTC()
			if now != "" {
				var err error
				if at, err = time.Parse(time.RFC3339, now); err != nil {
					return usageErr("--now: want an RFC 3339 time such as 2026-06-01T00:00:00Z: %v", err)
				}
			}
			if err := checkInputs(args); err != nil {
				return err
			}
			eng, lib, err := loadEngineLibrary(g, at, nil)
			if err != nil {
				return err
			}
			framework, err := lib.framework(fw)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			var res *finding.Result
			if live {
				setRecord(store.ScopeCloud, []string{"aws"}) // a live collection is a scan of its own
				if g.record != nil {
					g.record.started = time.Now()
					if _, err := openStore(ctx, g); err != nil {
						return err
					}
				}
				file, err := os.CreateTemp("", "cloudward-aws-*.jsonl")
				if err != nil {
					return usageErr("inventory file: %v", err)
				}
				defer os.Remove(file.Name())
				st, err := runCollect(ctx, g, &af, file)
				file.Close()
				if err != nil {
					return err
				}
				printCollectSummary(g, st)
				if res, err = evaluate(ctx, g, eng, []string{file.Name()}, false, false); err != nil {
					return err
				}
				res.Summary.Sources = []string{"aws"}
			} else if res, err = evaluate(ctx, g, eng, args, false, false); err != nil {
				return err
			}
			if maxFindings < 0 {
				maxFindings = 0
				if format == report.FormatHTML {
					maxFindings = 200
				}
			}
			a := compliance.Assess(framework, res, compliance.Options{Accounts: accounts, MaxFindings: maxFindings})
			return writeCompliance(g, a, format, output)
		},
	}
	setRecord = registerRecord(c, g, "aws")
	f := c.Flags()
	f.StringVar(&fw, "framework", "", "framework `ID` (see 'cloudward compliance list')")
	f.StringVarP(&format, "format", "f", "", "output format: "+strings.Join(report.ComplianceFormats(), ", ")+
		"\n(default: table on a terminal, otherwise json; with --output, from the file extension)")
	f.StringVarP(&output, "output", "o", "", "write the report to `FILE` instead of standard output")
	f.StringArrayVar(&accounts, "account", nil, "only this account `ID` (repeatable)")
	f.IntVar(&maxFindings, "max-findings", -1, "list at most `N` findings per rule and control\n(default: all; 200 in html)")
	f.StringVar(&now, "now", "", "evaluate as of this RFC 3339 `TIME` (default: the current time)")
	f.BoolVar(&live, "aws", false, "collect from AWS instead of reading inventory files (takes the 'collect aws' flags)")
	af.register(c)
	return c
}

func complianceFormatFromExt(path string) string {
	p := strings.ToLower(path)
	switch {
	case strings.HasSuffix(p, ".html"), strings.HasSuffix(p, ".htm"):
		return report.FormatHTML
	case strings.HasSuffix(p, ".csv"):
		return report.FormatCSV
	case strings.HasSuffix(p, ".txt"):
		return report.FormatTable
	}
	return report.FormatJSON
}

func writeCompliance(g *globals, a *compliance.Assessment, format, output string) error {
	var w io.Writer = g.stdout
	color := format == report.FormatTable && g.color(g.stdout)
	var file *os.File
	if output != "" {
		f, err := os.Create(output)
		if err != nil {
			return usageErr("--output: %v", err)
		}
		file, w, color = f, f, false
	}
	err := report.WriteCompliance(w, format, a, report.Options{Color: color, Tool: report.ToolInfo{Name: "cloudward", Version: Version}})
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return &exitError{code: ExitInternal, err: fmt.Errorf("writing the %s report: %w", format, err)}
	}
	if output != "" && !g.quiet {
		fmt.Fprintf(g.stderr, "%s compliance report written to %s: score %s, %d FAIL, %d UNKNOWN, %d PASS, %d MANUAL controls\n",
			format, output, complianceScore(a.Score), a.Status[compliance.StatusFail], a.Status[compliance.StatusUnknown],
			a.Status[compliance.StatusPass], a.Status[compliance.StatusManual])
	}
	return nil
}

func complianceScore(s compliance.Score) string {
	if !s.Defined() {
		return "n/a"
	}
	return fmt.Sprintf("%.1f %%", s.Percent())
}

// ellipsis shortens s to at most n runes for a table cell.
func ellipsis(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
