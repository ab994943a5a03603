package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"cloudward/engine"
	"cloudward/finding"
	"cloudward/report"
	"cloudward/rule"
	"cloudward/scan"
	"cloudward/store"

	"github.com/spf13/cobra"
)

type outputFlags struct {
	format        string
	output        string
	includePassed bool
	failOn        string
}

func (o *outputFlags) register(c *cobra.Command) {
	f := c.Flags()
	f.StringVarP(&o.format, "format", "f", "", "output format: "+strings.Join(report.Formats(), ", ")+
		"\n(default: table on a terminal, otherwise json; with --output, from the file extension)")
	f.StringVarP(&o.output, "output", "o", "", "write the report to `FILE` instead of standard output")
	f.BoolVar(&o.includePassed, "include-passed", false, "also list PASS results (they are always counted)")
	f.StringVar(&o.failOn, "fail-on", "", "exit with code 1 when a FAIL at or above `SEVERITY` exists\n(critical, high, medium, low, info)")
}

// resolve checks the flags and picks the format.
func (o *outputFlags) resolve(g *globals) (format string, failOn *rule.Severity, err error) {
	if o.failOn != "" {
		s, err := rule.ParseSeverity(o.failOn)
		if err != nil {
			return "", nil, usageErr("--fail-on: %v", err)
		}
		failOn = &s
	}
	format = o.format
	if format == "" {
		switch {
		case o.output != "":
			format = formatFromExt(o.output)
		case isTTY(g.stdout):
			format = "table"
		default:
			format = "json"
		}
	}
	if !slices.Contains(report.Formats(), format) {
		return "", nil, usageErr("--format %q: want one of %s", format, strings.Join(report.Formats(), ", "))
	}
	return format, failOn, nil
}

func formatFromExt(path string) string {
	name := strings.ToLower(filepath.Base(path))
	switch {
	case strings.HasSuffix(name, ".sarif"), strings.HasSuffix(name, ".sarif.json"):
		return "sarif"
	case strings.HasSuffix(name, ".ocsf.json"):
		return "ocsf"
	case strings.HasSuffix(name, ".csv"):
		return "csv"
	case strings.HasSuffix(name, ".txt"):
		return "table"
	}
	return "json"
}

// write renders res and returns the exit code --fail-on asks for.
func (o *outputFlags) write(g *globals, res *finding.Result, format string, failOn *rule.Severity) error {
	var w io.Writer = g.stdout
	color := format == "table" && g.color(g.stdout)
	var file *os.File
	if o.output != "" {
		f, err := os.Create(o.output)
		if err != nil {
			return usageErr("--output: %v", err)
		}
		file, w, color = f, f, false
	}
	err := report.Write(w, format, res, report.Options{Color: color,
		Tool: report.ToolInfo{Name: "cloudward", Version: Version}})
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return &exitError{code: ExitInternal, err: fmt.Errorf("writing the %s report: %w", format, err)}
	}
	if o.output != "" && !g.quiet {
		fmt.Fprintf(g.stderr, "%s report written to %s (%d FAIL, %d UNKNOWN, %d PASS)\n",
			format, o.output, res.Summary.Results.Fail, res.Summary.Results.Unknown, res.Summary.Results.Pass)
	}
	if failOn != nil {
		// Every FAIL is kept in Findings (only PASS results may be left
		// out); a suppressed one is accepted and does not fail the run.
		for _, f := range res.Findings {
			if f.Status == engine.Fail && f.Suppression == nil && f.Rule.Severity >= *failOn {
				return silentExit(ExitFindings)
			}
		}
	}
	return nil
}

func newScanCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "scan",
		Short: "Evaluate resources against the rules",
	}
	c.AddCommand(newScanSnapshotCmd(g), newScanAWSCmd(g), newScanIaCCmd(g))
	return c
}

func newScanSnapshotCmd(g *globals) *cobra.Command {
	var setRecord func(scope string, sources []string) // set once the flags are registered
	var out outputFlags
	var strict bool
	var now string
	c := &cobra.Command{
		Use:   "snapshot FILE...",
		Short: "Scan a recorded inventory (JSON Lines; - reads standard input)",
		Long: `Scan one or more recorded inventories (JSON Lines, one asset per line; see
docs/inventory.md) against the built-in rules and any --rules directories.

FAIL and UNKNOWN results are listed; PASS results are counted, and listed with
--include-passed. UNKNOWN means a value the rule needs could not be read: it is
never counted as PASS.

A malformed line is reported with its line number and skipped; the rest of the
file is still scanned. --strict stops at the first bad line instead.`,
		Example: `  cloudward scan snapshot examples/demo-inventory.jsonl
  cloudward scan snapshot inventory.jsonl --format sarif -o results.sarif
  cloudward scan snapshot inventory.jsonl --fail-on high`,
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
			if err := checkInputs(args); err != nil {
				return err
			}
			eng, err := loadEngine(g, at)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			setRecord(store.ScopeCloud, absPaths(args))
			res, err := evaluate(ctx, g, eng, args, out.includePassed, strict)
			if err != nil {
				return err
			}
			return out.write(g, res, format, failOn)
		},
	}
	out.register(c)
	setRecord = registerRecord(c, g, "snapshot")
	c.Flags().BoolVar(&strict, "strict", false, "stop at the first malformed line or unknown asset type (exit code 2)")
	c.Flags().StringVar(&now, "now", "", "evaluate as of this RFC 3339 `TIME` (default: the current time)")
	return c
}

// evaluate scans inventory files with a progress display and prints the
// input warnings; errors carry their exit codes.
func evaluate(ctx context.Context, g *globals, eng *engine.Engine, paths []string, includePassed, strict bool) (*finding.Result, error) {
	ex, err := loadExceptions(g, eng.Now())
	if err != nil {
		return nil, err
	}
	opts := scan.Options{
		Registry: scan.Registry(), Engine: eng, Stdin: g.stdin,
		IncludePassed: includePassed, Strict: strict,
		Exceptions: ex, Now: eng.Now(),
	}
	var rec *store.Recording
	if g.record != nil {
		if rec, err = beginRecording(ctx, g, eng); err != nil {
			return nil, err
		}
		opts.OnAsset = rec.Add
	}
	prog := newProgress(g, "scanning")
	opts.Progress = prog.update
	res, err := scan.Snapshot(ctx, paths, opts)
	prog.done()
	if err != nil && rec != nil {
		rec.Abort()
	}
	if err != nil {
		var ie *scan.InputError
		if errors.As(err, &ie) {
			return nil, &exitError{code: ExitUsage, err: err}
		}
		if errors.Is(err, context.Canceled) {
			return nil, &exitError{code: ExitUsage, err: errors.New("interrupted")}
		}
		return nil, &exitError{code: ExitInternal, err: err}
	}
	if rec != nil {
		if err := finishRecording(g, rec, res); err != nil {
			return nil, err
		}
	}
	printWarnings(g, res.Summary.Warnings)
	printExceptionNotes(g, res.Summary)
	return res, nil
}

// checkInputs rejects missing inventory files and directories up front.
func checkInputs(paths []string) error {
	for _, p := range paths {
		if p == "-" {
			continue
		}
		if st, err := os.Stat(p); err != nil {
			return usageErr("%v", err)
		} else if st.IsDir() {
			return usageErr("%s is a directory; give inventory files (JSON Lines)", p)
		}
	}
	return nil
}

// loadEngine loads and compiles the rules; any broken rule stops the command
// (a rule silently left out is a silent false negative).
func loadEngine(g *globals, now time.Time) (*engine.Engine, error) {
	eng, _, err := loadEngineLibrary(g, now, nil)
	return eng, err
}

// loadEngineLibrary is loadEngine that also returns the linked library;
// keep, when set, chooses the rules the engine evaluates.
func loadEngineLibrary(g *globals, now time.Time, keep func(*rule.Rule) bool) (*engine.Engine, *library, error) {
	lib, err := loadLibrary(g, g.ruleDirs, g.noBuiltin)
	if err != nil {
		return nil, nil, err
	}
	rs := lib.rules
	if keep != nil {
		rs = slices.DeleteFunc(slices.Clone(rs), func(r *rule.Rule) bool { return !keep(r) })
	}
	eng, errs := scan.NewEngine(rs, now)
	if len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = "  " + e.Error()
		}
		return nil, nil, &exitError{code: ExitUsage, err: fmt.Errorf("%d rule file(s) could not be loaded:\n%s",
			len(errs), strings.Join(msgs, "\n"))}
	}
	if len(eng.Rules()) == 0 {
		return nil, nil, usageErr("no rules to evaluate (--no-builtin without --rules?)")
	}
	return eng, lib, nil
}

// printWarnings shows input problems on stderr, folded to a readable few.
func printWarnings(g *globals, ws []finding.Warning) {
	if len(ws) == 0 || g.quiet {
		return
	}
	const show = 10
	for i, w := range ws {
		if i == show {
			fmt.Fprintf(g.stderr, "warning: … and %d more warnings (all are in the JSON report's summary)\n", len(ws)-show)
			break
		}
		loc := w.Source
		if w.Line > 0 {
			loc = fmt.Sprintf("%s:%d", w.Source, w.Line)
		}
		msg := w.Message
		if w.Count > 1 {
			msg += fmt.Sprintf(" (%d times)", w.Count)
		}
		fmt.Fprintf(g.stderr, "warning: %s: %s\n", loc, msg)
	}
}
