package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"cloudward/exception"
	"cloudward/finding"
	"cloudward/report"
)

// loadExceptions reads the exceptions file for a scan evaluated as of now:
// --exceptions FILE, else exception.DefaultFile when it exists; none with
// --no-exceptions. An invalid file is a usage error naming every problem.
func loadExceptions(g *globals, now time.Time) (*exception.Set, error) {
	if g.noExceptions {
		if g.exceptionsFile != "" {
			return nil, usageErr("--exceptions and --no-exceptions contradict each other")
		}
		return nil, nil
	}
	if g.exceptions != nil {
		return g.exceptions, nil
	}
	path := g.exceptionsFile
	if path == "" {
		path = exception.DefaultFile
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
	}
	set, err := exception.Load(path, now)
	if err != nil {
		var ps exception.Problems
		if errors.As(err, &ps) {
			return nil, usageErr("%d problem(s) in the exceptions file; no exception was applied:\n%v", len(ps), err)
		}
		return nil, usageErr("--exceptions: %v", err)
	}
	g.exceptions = set
	return set, nil
}

// printExceptionNotes tells what the exceptions file did that needs
// attention: expired exceptions that reopened findings, exceptions about
// to expire, and exceptions that covered nothing.
func printExceptionNotes(g *globals, s finding.Summary) {
	if g.quiet || len(s.Exceptions) == 0 {
		return
	}
	for _, u := range s.Exceptions {
		switch {
		case u.Status == exception.Expired && u.Matched > 0:
			fmt.Fprintf(g.stderr, "warning: %s: exception %s (owner %s) expired on %s: its %d finding(s) are reported again\n",
				u.Source, u.ID, u.Owner, u.Expires, u.Matched)
		case u.Status == exception.Expiring:
			fmt.Fprintf(g.stderr, "note: %s: exception %s (owner %s) expires on %s\n", u.Source, u.ID, u.Owner, u.Expires)
		}
		if u.Matched == 0 && u.Status != exception.Expired {
			fmt.Fprintf(g.stderr, "note: %s: exception %s matched no finding in this scan\n", u.Source, u.ID)
		}
	}
}

func newExceptionCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "exception",
		Short: "Review governed exceptions (accepted risks with owner and expiry)",
		Long: `Exceptions accept the risk of findings for a reason, with an owner and an expiry
date. They are written in ` + exception.DefaultFile + ` (or the file --exceptions names),
reviewed like code, and applied by every scan — cloud and IaC alike. A suppressed
finding is still listed, separately; an expired exception reopens its findings
and the scan says so. See docs/exceptions.md.`,
	}
	c.AddCommand(newExceptionListCmd(g), newExceptionCheckCmd(g))
	return c
}

// exceptionFile loads the file the exception commands read.
func exceptionFile(g *globals) (*exception.Set, error) {
	if g.noExceptions {
		return nil, usageErr("--no-exceptions: nothing to read")
	}
	path := g.exceptionsFile
	if path == "" {
		path = exception.DefaultFile
	}
	set, err := exception.Load(path, time.Now().UTC())
	if err != nil {
		var ps exception.Problems
		if errors.As(err, &ps) {
			return nil, usageErr("%d problem(s) in %s:\n%v", len(ps), path, err)
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, usageErr("%s does not exist; write one (docs/exceptions.md) or name it with --exceptions FILE", path)
		}
		return nil, usageErr("%v", err)
	}
	return set, nil
}

func newExceptionListCmd(g *globals) *cobra.Command {
	var format, status string
	c := &cobra.Command{
		Use:   "list",
		Short: "List the exceptions with their status (active, expiring, expired)",
		Example: `  cloudward exception list
  cloudward exception list --status expiring
  cloudward exception list --exceptions security/exceptions.yaml -f json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch status {
			case "", exception.Active, exception.Expiring, exception.Expired:
			default:
				return usageErr("--status %q: want active, expiring or expired", status)
			}
			set, err := exceptionFile(g)
			if err != nil {
				return err
			}
			now := time.Now().UTC()
			type row struct {
				*exception.Exception
				Status   string `json:"status"`
				DaysLeft int    `json:"days_left"`
			}
			rows := []row{}
			for _, e := range set.Exceptions {
				st := e.StatusOn(now)
				// expiring is a kind of active for --status active.
				if status != "" && st != status && (status != exception.Active || st != exception.Expiring) {
					continue
				}
				days := int(e.Expires.Sub(now.Truncate(24*time.Hour)).Hours() / 24)
				rows = append(rows, row{e, st, days})
			}
			switch format {
			case "json":
				return writeJSON(g.stdout, rows)
			case "table":
			default:
				return usageErr("--format %q: want table or json", format)
			}
			if len(rows) == 0 {
				fmt.Fprintln(g.stdout, "No exceptions.")
				return nil
			}
			tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tSTATUS\tEXPIRES\tOWNER\tMATCH\tREASON")
			for _, r := range rows {
				left := fmt.Sprintf("%s (%dd)", r.Expires, r.DaysLeft)
				if r.DaysLeft < 0 {
					left = fmt.Sprintf("%s (%dd ago)", r.Expires, -r.DaysLeft)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", report.TerminalCell(r.ID, 0), r.Status, left, report.TerminalCell(r.Owner, 0),
					report.TerminalCell(selectorsText(r.Match), 48), report.TerminalCell(r.Reason, 48))
			}
			return tw.Flush()
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "table", "output `FORMAT`: table or json")
	c.Flags().StringVar(&status, "status", "", "only exceptions with this `STATUS`: active (includes expiring), expiring or expired")
	return c
}

func newExceptionCheckCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Validate the exceptions file; exit 1 when an exception has expired",
		Long: `Validate the exceptions file: every problem is reported with its line, entry and
field (exit code 2). An expired exception makes the check exit 1, so a pipeline
running it asks for the exception to be renewed (new date, reviewed reason) or
removed once the resource is fixed.`,
		Example: `  cloudward exception check
  cloudward exception check --exceptions security/exceptions.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			set, err := exceptionFile(g)
			if err != nil {
				return err
			}
			now := time.Now().UTC()
			n := map[string]int{}
			for _, e := range set.Exceptions {
				st := e.StatusOn(now)
				n[st]++
				switch st {
				case exception.Expired:
					fmt.Fprintf(g.stderr, "%s: %s (owner %s) expired on %s\n", e.Source, e.ID, e.Owner, e.Expires)
				case exception.Expiring:
					fmt.Fprintf(g.stderr, "%s: %s (owner %s) expires on %s\n", e.Source, e.ID, e.Owner, e.Expires)
				}
			}
			fmt.Fprintf(g.stdout, "%s: %d exceptions valid: %d active, %d expiring within %d days, %d expired\n",
				set.File, len(set.Exceptions), n[exception.Active], n[exception.Expiring], exception.SoonDays, n[exception.Expired])
			if n[exception.Expired] > 0 {
				return &exitError{code: ExitFindings, err: fmt.Errorf("%d expired exception(s): renew or remove them", n[exception.Expired])}
			}
			return nil
		},
	}
}

// selectorsText renders match entries compactly: entries joined by " | ",
// fields by " & ".
func selectorsText(ss []exception.Selector) string {
	parts := make([]string, 0, len(ss))
	for _, s := range ss {
		var f []string
		for _, kv := range [][2]string{{"rule", s.Rule}, {"resource", s.Resource}, {"account", s.Account}, {"region", s.Region}} {
			if kv[1] != "" {
				f = append(f, kv[0]+"="+kv[1])
			}
		}
		for _, k := range slices.Sorted(maps.Keys(s.Tags)) {
			f = append(f, "tag:"+k+"="+s.Tags[k])
		}
		parts = append(parts, strings.Join(f, " & "))
	}
	return strings.Join(parts, " | ")
}
