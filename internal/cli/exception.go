package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"cloudward/exception"
	"cloudward/finding"
	"cloudward/report"
	"cloudward/store"
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
	var set *exception.Set
	path := g.exceptionsFile
	if path == "" {
		path = exception.DefaultFile
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			path = ""
		}
	}
	if path != "" {
		var err error
		if set, err = exception.Load(path, now); err != nil {
			var ps exception.Problems
			if errors.As(err, &ps) {
				return nil, usageErr("%d problem(s) in the exceptions file; no exception was applied:\n%v", len(ps), err)
			}
			return nil, usageErr("--exceptions: %v", err)
		}
	}
	stored, err := storeExceptions(context.Background(), g)
	if err != nil {
		return nil, err
	}
	if len(stored) > 0 {
		if set == nil {
			set = &exception.Set{File: "store", MaxDays: exception.DefaultMaxDays}
		} else {
			set.File += " and the store"
		}
		ids := map[string]string{}
		for _, e := range set.Exceptions {
			ids[e.ID] = e.Source
		}
		for _, e := range stored {
			if src, dup := ids[e.ID]; dup {
				return nil, usageErr("exception %s is both in %s and in the store: ids must be unique (revoke one)", e.ID, src)
			}
			set.Exceptions = append(set.Exceptions, e)
		}
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
reviewed like code, or kept in the history store (exception add / revoke, with
an audit trail of who changed what, when), and applied by every scan — cloud
and IaC alike. A suppressed
finding is still listed, separately; an expired exception reopens its findings
and the scan says so. See docs/exceptions.md.`,
	}
	c.AddCommand(newExceptionListCmd(g), newExceptionCheckCmd(g), newExceptionAddCmd(g), newExceptionRevokeCmd(g), newExceptionHistoryCmd(g))
	return c
}

// hasExceptionsFile reports whether the commands have a file to read:
// --exceptions, or the default file when it exists.
func hasExceptionsFile(g *globals) bool {
	_, err := os.Stat(exception.DefaultFile)
	return g.exceptionsFile != "" || err == nil
}

// exceptionSources reads what the exception commands review: the file
// (when there is one, or when there is no store either, so that its
// absence is reported) and every record of the store (when it exists).
func exceptionSources(ctx context.Context, g *globals) (*exception.Set, []store.ExceptionRecord, error) {
	var set *exception.Set
	if hasExceptionsFile(g) || !storeExists(g) {
		var err error
		if set, err = exceptionFile(g); err != nil {
			return nil, nil, err
		}
	}
	if !storeExists(g) {
		return set, nil, nil
	}
	st, err := openStore(ctx, g)
	if err != nil {
		return nil, nil, err
	}
	recs, err := st.Exceptions(ctx)
	if err != nil {
		return nil, nil, &exitError{code: ExitInternal, err: err}
	}
	return set, recs, nil
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
			case "", exception.Active, exception.Expiring, exception.Expired, "revoked":
			default:
				return usageErr("--status %q: want active, expiring, expired or revoked", status)
			}
			if format != "table" && format != "json" {
				return usageErr("--format %q: want table or json", format)
			}
			set, recs, err := exceptionSources(cmd.Context(), g)
			if err != nil {
				return err
			}
			var all []*exception.Exception
			if set != nil {
				all = set.Exceptions
			}
			revoked := map[*exception.Exception]bool{}
			for _, r := range recs {
				all = append(all, r.Exception)
				revoked[r.Exception] = r.RevokedAt != ""
			}
			now := time.Now().UTC()
			type row struct {
				*exception.Exception
				Status   string `json:"status"`
				DaysLeft int    `json:"days_left"`
			}
			rows := []row{}
			for _, e := range all {
				st := e.StatusOn(now)
				if revoked[e] {
					st = "revoked"
				}
				// expiring is a kind of active for --status active.
				if status != "" && st != status && (status != exception.Active || st != exception.Expiring) {
					continue
				}
				days := int(e.Expires.Sub(now.Truncate(24*time.Hour)).Hours() / 24)
				rows = append(rows, row{e, st, days})
			}
			return writeList(g, format, rows, "No exceptions.", "ID\tSTATUS\tEXPIRES\tOWNER\tMATCH\tREASON", func(r row) string {
				left := fmt.Sprintf("%s (%dd)", r.Expires, r.DaysLeft)
				if r.DaysLeft < 0 {
					left = fmt.Sprintf("%s (%dd ago)", r.Expires, -r.DaysLeft)
				}
				return fmt.Sprintf("%s\t%s\t%s\t%s\t%s\t%s", report.TerminalCell(r.ID, 0), r.Status, left, report.TerminalCell(r.Owner, 0),
					report.TerminalCell(selectorsText(r.Match), 48), report.TerminalCell(r.Reason, 48))
			})
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "table", "output `FORMAT`: table or json")
	c.Flags().StringVar(&status, "status", "", "only exceptions with this `STATUS`: active (includes expiring), expiring, expired\nor revoked")
	return c
}

func newExceptionCheckCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Validate the exceptions file and the store's; exit 1 when an exception has expired",
		Long: `Validate the exceptions file: every problem is reported with its line, entry and
field (exit code 2). The exceptions kept in the history store, when there is
one, are checked too. An expired exception makes the check exit 1, so a
pipeline running it asks for the exception to be renewed (new date, reviewed
reason) or removed (revoked) once the resource is fixed.`,
		Example: `  cloudward exception check
  cloudward exception check --exceptions security/exceptions.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			set, recs, err := exceptionSources(cmd.Context(), g)
			if err != nil {
				return err
			}
			type source struct {
				name string
				list []*exception.Exception
			}
			var sources []source
			if set != nil {
				sources = append(sources, source{set.File, set.Exceptions})
			}
			if g.st != nil {
				var inForce []*exception.Exception
				for _, r := range recs {
					if r.RevokedAt == "" {
						inForce = append(inForce, r.Exception)
					}
				}
				sources = append(sources, source{"the store (" + g.st.Location + ")", inForce})
			}
			now := time.Now().UTC()
			expired := 0
			for _, src := range sources {
				n := map[string]int{}
				for _, e := range src.list {
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
					src.name, len(src.list), n[exception.Active], n[exception.Expiring], exception.SoonDays, n[exception.Expired])
				expired += n[exception.Expired]
			}
			if expired > 0 {
				return &exitError{code: ExitFindings, err: fmt.Errorf("%d expired exception(s): renew or remove them", expired)}
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

func newExceptionAddCmd(g *globals) *cobra.Command {
	var e exception.Exception
	var expires string
	var s exception.Selector
	var tags []string
	var maxDays int
	c := &cobra.Command{
		Use:   "add --id ID --reason TEXT --owner WHO --expires YYYY-MM-DD (--rule|--resource|--account|--region|--tag)...",
		Short: "Add an exception to the history store (recorded with who added it, when)",
		Long: `Add an exception to the history store. It needs the same fields as an entry of the
exceptions file: an id, a reason, an owner, an expiry date (at most --max-days
ahead) and at least one selector; the selector's fields combine with AND. The
change is recorded in the audit trail with the actor ($CLOUDWARD_ACTOR, else
the user name). Ids are never reused.`,
		Example: `  cloudward exception add --id EXC-042 --reason "public website bucket" --owner web-team \
      --expires 2027-03-31 --rule 'CW-AWS-S3-*' --resource 'arn:aws:s3:::www-*' --ticket SEC-42`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			now := time.Now().UTC()
			if expires != "" {
				d, err := exception.ParseDate(expires)
				if err != nil {
					return usageErr("--expires: %v", err)
				}
				e.Expires = d
			}
			for _, t := range tags {
				k, v, ok := strings.Cut(t, "=")
				if !ok {
					return usageErr("--tag %q: want KEY=VALUE", t)
				}
				if s.Tags == nil {
					s.Tags = map[string]string{}
				}
				s.Tags[k] = v
			}
			e.Match = []exception.Selector{s}
			// The exceptions file, when there is one, sets the policy and
			// owns its ids.
			if hasExceptionsFile(g) {
				set, err := exceptionFile(g)
				if err != nil {
					return err
				}
				if !cmd.Flags().Changed("max-days") {
					maxDays = set.MaxDays
				}
				for _, fe := range set.Exceptions {
					if fe.ID == e.ID {
						return usageErr("exception %s is already in %s (%s); choose another id", e.ID, set.File, fe.Source)
					}
				}
			}
			e.Created = exception.Date{Time: now.Truncate(24 * time.Hour)}
			e.CreatedBy = actor()
			if err := exception.Validate(&e, maxDays, now); err != nil {
				return usageErr("%v", err)
			}
			st, err := openStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			if err := st.AddException(cmd.Context(), &e, e.CreatedBy); err != nil {
				return usageErr("%v", err)
			}
			fmt.Fprintf(g.stdout, "exception %s added to %s by %s, until %s\n", e.ID, st.Location, e.CreatedBy, e.Expires)
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&e.ID, "id", "", "a unique `ID` (EXC-042)")
	f.StringVar(&e.Reason, "reason", "", "why the risk is accepted")
	f.StringVar(&e.Owner, "owner", "", "who answers for the exception")
	f.StringVar(&expires, "expires", "", "the last day it applies (`YYYY-MM-DD`)")
	f.StringVar(&e.Ticket, "ticket", "", "a link or ticket key")
	f.StringVar(&e.CompensatingControl, "compensating-control", "", "what reduces the risk meanwhile")
	f.StringVar(&s.Rule, "rule", "", "select findings of rule `ID` (* and ? patterns)")
	f.StringVar(&s.Resource, "resource", "", "select findings on resource `ID` (* and ? patterns)")
	f.StringVar(&s.Account, "account", "", "select findings in `ACCOUNT`")
	f.StringVar(&s.Region, "region", "", "select findings in `REGION`")
	f.StringArrayVar(&tags, "tag", nil, "select findings on resources tagged `KEY=VALUE` (repeatable)")
	f.IntVar(&maxDays, "max-days", exception.DefaultMaxDays, "the longest an exception may run, in `DAYS` (default: the exceptions file's max_days,\nelse 365)")
	return c
}

func newExceptionRevokeCmd(g *globals) *cobra.Command {
	var reason string
	c := &cobra.Command{
		Use:     "revoke ID --reason TEXT",
		Short:   "Revoke an exception of the history store before its expiry (it stays recorded)",
		Example: `  cloudward exception revoke EXC-042 --reason "bucket made private"`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(reason) == "" {
				return usageErr("--reason is required: say why the exception ends")
			}
			st, err := readStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			who := actor()
			if err := st.RevokeException(cmd.Context(), args[0], who, reason); err != nil {
				return usageErr("%v", err)
			}
			fmt.Fprintf(g.stdout, "exception %s revoked by %s; its findings count again from the next scan\n", args[0], who)
			return nil
		},
	}
	c.Flags().StringVar(&reason, "reason", "", "why the exception ends")
	return c
}

func newExceptionHistoryCmd(g *globals) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:   "history [ID]",
		Short: "Show the audit trail of the store's exceptions: who added or revoked what, when",
		Example: `  cloudward exception history
  cloudward exception history EXC-042 -f json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := readStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			id := ""
			if len(args) == 1 {
				id = args[0]
			}
			ev, err := st.ExceptionEvents(cmd.Context(), id)
			if err != nil {
				return &exitError{code: ExitInternal, err: err}
			}
			return writeList(g, format, ev, "No changes recorded.", "AT\tEXCEPTION\tACTION\tACTOR\tDETAIL", func(e store.ExceptionEvent) string {
				return fmt.Sprintf("%s\t%s\t%s\t%s\t%s", shortTime(e.At), cell(e.ExceptionID, 0), e.Action, cell(e.Actor, 0), cell(string(e.Detail), 80))
			})
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "table", "output `FORMAT`: table or json")
	return c
}
