package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"cloudward/report"
	"cloudward/store"
)

// historyFlags are the flags every history command shares.
type historyFlags struct {
	format string
	scope  string
}

func (h *historyFlags) register(c *cobra.Command, formats ...string) {
	c.Flags().StringVarP(&h.format, "format", "f", "table", "output `FORMAT`: "+strings.Join(formats, ", "))
	c.Flags().StringVar(&h.scope, "scope", store.ScopeCloud, "history `SCOPE`: cloud (inventories and live scans) or iac:PATHS of an IaC scan\n(see `cloudward scans list`)")
}

func (h *historyFlags) check(formats ...string) error {
	if !slices.Contains(formats, h.format) {
		return usageErr("--format %q: want %s", h.format, strings.Join(formats, ", "))
	}
	return nil
}

func newTable(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0) }

// writeList prints items as JSON (an array, never null) or as a table
// with a header and one tab-separated row per item; empty says so.
func writeList[T any](g *globals, format string, items []T, empty, header string, row func(T) string) error {
	if format == "json" {
		return writeJSON(g.stdout, nonNilSlice(items))
	}
	if len(items) == 0 {
		fmt.Fprintln(g.stdout, empty)
		return nil
	}
	tw := newTable(g.stdout)
	fmt.Fprintln(tw, header)
	for _, it := range items {
		fmt.Fprintln(tw, row(it))
	}
	return tw.Flush()
}

func cell(s string, n int) string { return report.TerminalCell(s, n) }

func parseScanID(flag, s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, usageErr("%s %q: want a scan number (see `cloudward scans list`)", flag, s)
	}
	return id, nil
}

func newScansCmd(g *globals) *cobra.Command {
	c := &cobra.Command{Use: "scans", Short: "The scans recorded in the history store"}
	var h historyFlags
	var limit int
	list := &cobra.Command{
		Use:   "list",
		Short: "List recorded scans, newest first, with results and drift",
		Example: `  cloudward scans list
  cloudward scans list --limit 5 -f json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := h.check("table", "json"); err != nil {
				return err
			}
			st, err := readStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			scope := h.scope
			if !cmd.Flags().Changed("scope") {
				scope = "" // every scope unless one is asked for
			}
			scans, err := st.Scans(cmd.Context(), scope, limit)
			if err != nil {
				return &exitError{code: ExitInternal, err: err}
			}
			return writeList(g, h.format, scans, "No scans recorded.",
				"SCAN\tSTARTED\tKIND\tSCOPE\tASSETS\tFAIL\tUNKNOWN\tSUPPR.\tDRIFT (+/-/~)\tACCOUNTS", func(s store.Scan) string {
					return fmt.Sprintf("%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t+%d -%d ~%d\t%s", s.ID, shortTime(s.StartedAt), s.Kind, cell(s.Scope, 30),
						s.Assets, s.Fail, s.Unknown, s.Suppressed, s.DriftAdded, s.DriftRemoved, s.DriftChanged, cell(strings.Join(s.Accounts, ","), 40))
				})
		},
	}
	h.register(list, "table", "json")
	list.Flags().IntVar(&limit, "limit", 50, "show at most `N` scans (0: all)")
	c.AddCommand(list)
	return c
}

func shortTime(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.UTC().Format("2006-01-02 15:04")
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func newFindingsCmd(g *globals) *cobra.Command {
	c := &cobra.Command{Use: "findings", Short: "Findings recorded in the history store, with their lifecycle"}
	c.AddCommand(newFindingsListCmd(g), newFindingsHistoryCmd(g))
	return c
}

func newFindingsListCmd(g *globals) *cobra.Command {
	var h historyFlags
	var state, status, newSince string
	var severities, rules, accounts, regions, types, controls []string
	var suppressed, notSuppressed bool
	var limit int
	c := &cobra.Command{
		Use:   "list",
		Short: "List findings with their lifecycle (first seen, last seen, resolved, reopened, suppressed)",
		Long: `List the findings of the history store. Each finding is one rule on one resource,
followed across scans: first seen, last seen, resolved (and in which scan),
reopened (how many times), suppressed (by which exception).

By default the open findings are listed; --state resolved or all for the others.
Filters combine with AND; a repeated filter (or a comma-separated list) with OR.`,
		Example: `  cloudward findings list
  cloudward findings list --severity critical,high --account 111111111111
  cloudward findings list --control cis-aws-5.0:2.1.1 -f csv -o cis-2.1.1.csv
  cloudward findings list --new-since 41 --state all
  cloudward findings list --suppressed`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := h.check("table", "json", "csv"); err != nil {
				return err
			}
			f := store.FindingFilter{Scope: h.scope, Limit: limit, RuleIDs: split(rules), Accounts: split(accounts),
				Regions: split(regions), Types: split(types)}
			switch state {
			case "open", "resolved":
				f.State = state
			case "all":
			default:
				return usageErr("--state %q: want open, resolved or all", state)
			}
			switch strings.ToUpper(status) {
			case "", "FAIL", "UNKNOWN":
				f.Status = strings.ToUpper(status)
			default:
				return usageErr("--status %q: want FAIL or UNKNOWN", status)
			}
			for _, s := range split(severities) {
				s = strings.ToLower(s)
				if !slices.Contains([]string{"critical", "high", "medium", "low", "info"}, s) {
					return usageErr("--severity %q: want critical, high, medium, low or info", s)
				}
				f.Severities = append(f.Severities, s)
			}
			if suppressed && notSuppressed {
				return usageErr("--suppressed and --not-suppressed contradict each other")
			}
			if suppressed || notSuppressed {
				f.Suppressed = &suppressed
			}
			if newSince != "" {
				id, err := parseScanID("--new-since", newSince)
				if err != nil {
					return err
				}
				f.NewSince = id
			}
			if len(controls) > 0 {
				ids, err := controlRules(g, split(controls))
				if err != nil {
					return err
				}
				if len(f.RuleIDs) > 0 {
					ids = slices.DeleteFunc(ids, func(id string) bool { return !slices.Contains(f.RuleIDs, id) })
				}
				if len(ids) == 0 {
					ids = []string{"\x00none"} // the control has no rule (manual): nothing matches
				}
				f.RuleIDs = ids
			}
			st, err := readStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			fs, err := st.Findings(cmd.Context(), f)
			if err != nil {
				return &exitError{code: ExitInternal, err: err}
			}
			if h.format == "csv" {
				return writeFindingsCSV(g.stdout, fs)
			}
			return writeList(g, h.format, fs, "No findings match.", "ID\tSTATE\tSTATUS\tSEVERITY\tRULE\tRESOURCE\tACCOUNT\tREGION\tFIRST\tLAST\tNOTE", func(r store.FindingRecord) string {
				var note []string
				if r.ResolvedIn != nil {
					note = append(note, fmt.Sprintf("resolved in %d", *r.ResolvedIn))
				}
				if r.Reopened > 0 {
					note = append(note, fmt.Sprintf("reopened %d×", r.Reopened))
				}
				if r.SuppressedBy != "" {
					note = append(note, "suppressed by "+r.SuppressedBy)
				}
				return fmt.Sprintf("%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s", r.ID, r.State, r.Status, r.Severity, r.RuleID,
					cell(r.ResourceID, 50), cell(r.Account, 14), cell(r.Region, 14), r.FirstSeen, r.LastSeen, cell(strings.Join(note, "; "), 50))
			})
		},
	}
	h.register(c, "table", "json", "csv")
	fl := c.Flags()
	fl.StringVar(&state, "state", "open", "`STATE`: open, resolved or all")
	fl.StringVar(&status, "status", "", "only FAIL or UNKNOWN findings")
	fl.StringSliceVar(&severities, "severity", nil, "only these `SEVERITIES` (critical, high, medium, low, info)")
	fl.StringSliceVar(&rules, "rule", nil, "only these rule `IDS`")
	fl.StringSliceVar(&accounts, "account", nil, "only these `ACCOUNTS`")
	fl.StringSliceVar(&regions, "region", nil, "only these `REGIONS`")
	fl.StringSliceVar(&types, "type", nil, "only these asset `TYPES` (aws.s3.bucket, …)")
	fl.StringSliceVar(&controls, "control", nil, "only findings of the rules assessing `FRAMEWORK:CONTROL` (cis-aws-5.0:2.1.1)")
	fl.StringVar(&newSince, "new-since", "", "only findings first seen after `SCAN`")
	fl.BoolVar(&suppressed, "suppressed", false, "only findings an exception or ignore comment accepts")
	fl.BoolVar(&notSuppressed, "not-suppressed", false, "only findings no exception accepts")
	fl.IntVar(&limit, "limit", 0, "list at most `N` findings (0: all)")
	return c
}

// split flattens repeated and comma-separated flag values.
func split(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// controlRules returns the ids of the rules assessing the given
// FRAMEWORK:CONTROL references.
func controlRules(g *globals, refs []string) ([]string, error) {
	lib, err := loadLibrary(g, g.ruleDirs, g.noBuiltin)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, ref := range refs {
		fw, ctl, ok := strings.Cut(ref, ":")
		if !ok {
			return nil, usageErr("--control %q: want FRAMEWORK:CONTROL, such as cis-aws-5.0:2.1.1", ref)
		}
		f, err := lib.framework(fw)
		if err != nil {
			return nil, err
		}
		found := false
		for _, c := range f.Controls {
			if c.ID == ctl {
				found = true
				for _, l := range c.Linked {
					ids = append(ids, l.Rule.ID)
				}
			}
		}
		if !found {
			return nil, usageErr("--control %q: no such control (see `cloudward compliance list` and docs/rules/)", ref)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

func writeFindingsCSV(w io.Writer, fs []store.FindingRecord) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "state", "status", "severity", "rule_id", "title", "provider", "account", "region", "resource_type",
		"resource_id", "resource_name", "first_seen_scan", "last_seen_scan", "resolved_scan", "reopened", "suppressed_by", "reason", "evidence"})
	for _, r := range fs {
		resolved := ""
		if r.ResolvedIn != nil {
			resolved = strconv.FormatInt(*r.ResolvedIn, 10)
		}
		row := []string{strconv.FormatInt(r.ID, 10), r.State, r.Status, r.Severity, r.RuleID, r.Title, r.Provider, r.Account, r.Region,
			r.Type, r.ResourceID, r.ResourceName, strconv.FormatInt(r.FirstSeen, 10), strconv.FormatInt(r.LastSeen, 10), resolved,
			strconv.Itoa(r.Reopened), r.SuppressedBy, r.Reason, string(r.Evidence)}
		for i := range row {
			row[i] = report.CSVSafe(row[i])
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

func newFindingsHistoryCmd(g *globals) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:     "history FINDING-ID",
		Short:   "Show a finding's lifecycle: opened, resolved, reopened, status and suppression changes",
		Example: `  cloudward findings history 42`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return usageErr("finding id %q: want the number `findings list` shows", args[0])
			}
			st, err := readStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			ev, err := st.FindingHistory(cmd.Context(), id)
			if err != nil {
				return &exitError{code: ExitInternal, err: err}
			}
			if len(ev) == 0 {
				return usageErr("finding %d: not in the store (see `cloudward findings list --state all`)", id)
			}
			return writeList(g, format, ev, "", "SCAN\tAT\tEVENT\tDETAIL", func(e store.FindingEvent) string {
				return fmt.Sprintf("%d\t%s\t%s\t%s", e.ScanID, shortTime(e.At), e.Event, cell(e.Detail, 60))
			})
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "table", "output `FORMAT`: table or json")
	return c
}

func newInventoryCmd(g *globals) *cobra.Command {
	c := &cobra.Command{Use: "inventory", Short: "The asset inventory recorded in the history store"}
	c.AddCommand(newInventoryListCmd(g), newInventoryShowCmd(g), newInventoryHistoryCmd(g))
	return c
}

func newInventoryListCmd(g *globals) *cobra.Command {
	var h historyFlags
	var at, match string
	var types, accounts, regions []string
	var limit int
	c := &cobra.Command{
		Use:   "list",
		Short: "List the assets as of the latest scan (or --at SCAN)",
		Example: `  cloudward inventory list --type aws.s3.bucket
  cloudward inventory list --account 111111111111 --at 12 -f json
  cloudward inventory list --match prod`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := h.check("table", "json"); err != nil {
				return err
			}
			f := store.AssetFilter{Scope: h.scope, Types: split(types), Accounts: split(accounts), Regions: split(regions), Match: match, Limit: limit}
			if at != "" {
				id, err := parseScanID("--at", at)
				if err != nil {
					return err
				}
				f.AtScan = id
			}
			st, err := readStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			if f.AtScan > 0 {
				if _, err := st.GetScan(cmd.Context(), f.AtScan); err != nil {
					return usageErr("--at: %v", err)
				}
			}
			as, err := st.Assets(cmd.Context(), f)
			if err != nil {
				return &exitError{code: ExitInternal, err: err}
			}
			return writeList(g, h.format, as, "No assets match.", "TYPE\tACCOUNT\tREGION\tID\tNAME\tSINCE SCAN", func(a store.AssetRecord) string {
				return fmt.Sprintf("%s\t%s\t%s\t%s\t%s\t%d", a.Type, cell(a.Account, 14), cell(a.Region, 14), cell(a.ResourceID, 60), cell(a.Name, 30), a.FromScan)
			})
		},
	}
	h.register(c, "table", "json")
	fl := c.Flags()
	fl.StringVar(&at, "at", "", "the inventory as of `SCAN` (default: the latest)")
	fl.StringSliceVar(&types, "type", nil, "only these asset `TYPES`")
	fl.StringSliceVar(&accounts, "account", nil, "only these `ACCOUNTS`")
	fl.StringSliceVar(&regions, "region", nil, "only these `REGIONS`")
	fl.StringVar(&match, "match", "", "only assets whose id or name contains `TEXT`")
	fl.IntVar(&limit, "limit", 0, "list at most `N` assets (0: all)")
	return c
}

func newInventoryShowCmd(g *globals) *cobra.Command {
	var h historyFlags
	var at string
	c := &cobra.Command{
		Use:   "show ID",
		Short: "Show an asset's recorded configuration (latest, or --at SCAN)",
		Example: `  cloudward inventory show arn:aws:s3:::app-logs
  cloudward inventory show sg-0123456789abcdef0 --at 12`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := readStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			hist, err := st.AssetHistory(cmd.Context(), h.scope, args[0])
			if err != nil {
				return usageErr("%v", err)
			}
			pick := hist[len(hist)-1]
			if at != "" {
				id, err := parseScanID("--at", at)
				if err != nil {
					return err
				}
				found := false
				for _, v := range hist {
					if v.FromScan <= id && (v.ToScan == nil || *v.ToScan > id) {
						pick, found = v, true
					}
				}
				if !found {
					return usageErr("%s did not exist at scan %d (it is recorded from scan %d)", args[0], id, hist[0].FromScan)
				}
			}
			var v any
			json.Unmarshal(pick.Content, &v)
			return writeJSON(g.stdout, map[string]any{"uid": pick.UID, "from_scan": pick.FromScan, "to_scan": pick.ToScan, "asset": v})
		},
	}
	h.register(c, "json")
	c.Flags().StringVar(&at, "at", "", "the asset as of `SCAN`")
	return c
}

func newInventoryHistoryCmd(g *globals) *cobra.Command {
	var h historyFlags
	c := &cobra.Command{
		Use:     "history ID",
		Short:   "Show every recorded version of an asset and what changed between them",
		Example: `  cloudward inventory history arn:aws:s3:::app-logs`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := h.check("table", "json"); err != nil {
				return err
			}
			st, err := readStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			hist, err := st.AssetHistory(cmd.Context(), h.scope, args[0])
			if err != nil {
				return usageErr("%v", err)
			}
			type version struct {
				UID      string           `json:"uid"`
				FromScan int64            `json:"from_scan"`
				ToScan   *int64           `json:"to_scan"`
				Changes  []store.AttrDiff `json:"changes"`
			}
			var out []version
			for i, v := range hist {
				ver := version{UID: v.UID, FromScan: v.FromScan, ToScan: v.ToScan, Changes: []store.AttrDiff{}}
				if i > 0 && hist[i-1].UID == v.UID {
					var a, b any
					json.Unmarshal(hist[i-1].Content, &a)
					json.Unmarshal(v.Content, &b)
					store.DiffValues("", a, b, &ver.Changes)
				}
				out = append(out, ver)
			}
			if h.format == "json" {
				return writeJSON(g.stdout, out)
			}
			for _, v := range out {
				to := "current"
				if v.ToScan != nil {
					to = fmt.Sprintf("until scan %d", *v.ToScan)
				}
				fmt.Fprintf(g.stdout, "%s: from scan %d, %s\n", cell(v.UID, 0), v.FromScan, to)
				for _, c := range v.Changes {
					fmt.Fprintf(g.stdout, "    %s\n", cell(diffText(c), 160))
				}
			}
			return nil
		},
	}
	h.register(c, "table", "json")
	return c
}

// diffText renders one attribute difference: path: old → new.
func diffText(d store.AttrDiff) string {
	val := func(v any) string {
		b, _ := json.Marshal(v)
		return string(b)
	}
	switch d.Missing {
	case "old":
		return fmt.Sprintf("%s: (absent) → %s", d.Path, val(d.New))
	case "new":
		return fmt.Sprintf("%s: %s → (absent)", d.Path, val(d.Old))
	}
	return fmt.Sprintf("%s: %s → %s", d.Path, val(d.Old), val(d.New))
}

func newQueryCmd(g *globals) *cobra.Command {
	var format string
	var limit int
	var timeout time.Duration
	c := &cobra.Command{
		Use:   "query SQL",
		Short: "Run a read-only SQL query over the history store's views",
		Long: `Run one read-only SQL statement over the store's documented views — scans,
assets (current inventory), asset_history, findings, exceptions — and the
finding_events, exception_events and scan_tallies tables (docs/store.md).
The database refuses writes. JSON columns (content, evidence, match) are
JSON text in SQLite (json_extract) and jsonb in PostgreSQL (->, ->>).`,
		Example: `  cloudward query "SELECT type, COUNT(*) FROM assets GROUP BY type ORDER BY 2 DESC"
  cloudward query "SELECT id, name FROM assets WHERE type = 'aws.s3.bucket'
    AND json_extract(content, '$.attributes.versioning.status') <> 'Enabled'"
  cloudward query "SELECT rule_id, COUNT(*) FROM findings WHERE state = 'open' GROUP BY rule_id" -f csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains([]string{"table", "json", "csv"}, format) {
				return usageErr("--format %q: want table, json or csv", format)
			}
			st, err := readStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			res, err := st.Query(cmd.Context(), args[0], limit, timeout)
			if err != nil {
				return usageErr("query: %v", err)
			}
			switch format {
			case "json":
				rows := make([]map[string]any, 0, len(res.Rows))
				for _, r := range res.Rows {
					m := map[string]any{}
					for i, c := range res.Columns {
						m[c] = r[i]
					}
					rows = append(rows, m)
				}
				if err := writeJSON(g.stdout, rows); err != nil {
					return err
				}
			case "csv":
				cw := csv.NewWriter(g.stdout)
				cw.Write(res.Columns)
				for _, r := range res.Rows {
					rec := make([]string, len(r))
					for i, v := range r {
						rec[i] = report.CSVSafe(valueText(v))
					}
					cw.Write(rec)
				}
				cw.Flush()
			default:
				tw := newTable(g.stdout)
				fmt.Fprintln(tw, strings.ToUpper(strings.Join(res.Columns, "\t")))
				for _, r := range res.Rows {
					rec := make([]string, len(r))
					for i, v := range r {
						rec[i] = cell(valueText(v), 80)
					}
					fmt.Fprintln(tw, strings.Join(rec, "\t"))
				}
				tw.Flush()
				fmt.Fprintf(g.stderr, "%d rows\n", len(res.Rows))
			}
			if res.Truncated {
				fmt.Fprintf(g.stderr, "note: only the first %d rows are shown (--limit)\n", limit)
			}
			return nil
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "table", "output `FORMAT`: table, json or csv")
	c.Flags().IntVar(&limit, "limit", 1000, "return at most `N` rows (0: all)")
	c.Flags().DurationVar(&timeout, "timeout", time.Minute, "stop the query after `DURATION`")
	return c
}

func valueText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case map[string]any, []any:
		b, _ := json.Marshal(x)
		return string(b)
	}
	return fmt.Sprint(v)
}

func newDriftCmd(g *globals) *cobra.Command {
	var h historyFlags
	var from, to string
	var baseline bool
	var types, accounts []string
	c := &cobra.Command{
		Use:   "drift",
		Short: "List assets added, removed or changed between two scans, or since approved baselines",
		Long: `Compare the recorded inventory at two scans (--from, default the scan before --to;
--to, default the latest) and list the assets added, removed and changed, with
each changed attribute's path and its old and new values.

With --baseline, compare the latest state with the approved baselines instead
(cloudward baseline approve): every deviation of an account, or of an asset
with a baseline of its own, is listed.`,
		Example: `  cloudward drift
  cloudward drift --from 12 --to 15 --type aws.ec2.security_group
  cloudward drift --baseline --account 111111111111 -f json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := h.check("table", "json"); err != nil {
				return err
			}
			ctx := cmd.Context()
			st, err := readStore(ctx, g)
			if err != nil {
				return err
			}
			f := store.DriftFilter{Types: split(types), Accounts: split(accounts)}
			var changes []store.AssetChange
			header := ""
			if baseline {
				if from != "" || to != "" {
					return usageErr("--baseline compares with the approved baselines: leave out --from and --to")
				}
				if changes, err = st.DriftFromBaselines(ctx, h.scope, f); err != nil {
					return usageErr("%v", err)
				}
				header = "Drift from the approved baselines"
			} else {
				var toID, fromID int64
				if to != "" {
					if toID, err = parseScanID("--to", to); err != nil {
						return err
					}
				} else {
					latest, err := st.LatestScan(ctx, h.scope)
					if err != nil {
						return usageErr("%v", err)
					}
					toID = latest.ID
				}
				if from != "" {
					if fromID, err = parseScanID("--from", from); err != nil {
						return err
					}
				} else {
					scans, err := st.Scans(ctx, h.scope, 0)
					if err != nil {
						return &exitError{code: ExitInternal, err: err}
					}
					for _, s := range scans {
						if s.ID < toID {
							fromID = s.ID
							break
						}
					}
					if fromID == 0 {
						return usageErr("scan %d is the first of scope %s: nothing to compare with (give --from)", toID, h.scope)
					}
				}
				if changes, err = st.Drift(ctx, h.scope, fromID, toID, f); err != nil {
					return usageErr("%v", err)
				}
				header = fmt.Sprintf("Drift from scan %d to scan %d", fromID, toID)
			}
			if h.format == "json" {
				return writeJSON(g.stdout, nonNilSlice(changes))
			}
			n := map[string]int{}
			for _, c := range changes {
				n[c.Change]++
			}
			fmt.Fprintf(g.stdout, "%s: %d added, %d removed, %d changed\n", header, n[store.Added], n[store.Removed], n[store.Changed])
			for _, c := range changes {
				mark := map[string]string{store.Added: "+", store.Removed: "-", store.Changed: "~"}[c.Change]
				name := ""
				if c.Name != "" && c.Name != c.ResourceID {
					name = " (" + c.Name + ")"
				}
				base := ""
				if c.Baseline != nil {
					base = fmt.Sprintf("  [baseline %d: scan %d, approved by %s]", c.Baseline.ID, c.Baseline.ScanID, c.Baseline.ApprovedBy)
				}
				fmt.Fprintf(g.stdout, "%s %s %s%s  %s/%s%s\n", mark, c.Type, cell(c.ResourceID, 0), cell(name, 40), cell(c.Account, 0), cell(c.Region, 0), base)
				for _, d := range c.Diffs {
					fmt.Fprintf(g.stdout, "    %s\n", cell(diffText(d), 160))
				}
			}
			return nil
		},
	}
	h.register(c, "table", "json")
	fl := c.Flags()
	fl.StringVar(&from, "from", "", "the earlier `SCAN` (default: the one before --to)")
	fl.StringVar(&to, "to", "", "the later `SCAN` (default: the latest)")
	fl.BoolVar(&baseline, "baseline", false, "compare the latest state with the approved baselines")
	fl.StringSliceVar(&types, "type", nil, "only these asset `TYPES`")
	fl.StringSliceVar(&accounts, "account", nil, "only these `ACCOUNTS`")
	return c
}

func newBaselineCmd(g *globals) *cobra.Command {
	c := &cobra.Command{Use: "baseline", Short: "Approve known-good states that drift --baseline measures from"}
	var h historyFlags
	var account, assetID, scan, note string
	approve := &cobra.Command{
		Use:   "approve (--account ID | --asset ID)",
		Short: "Record the state of an account (every asset) or of one asset as approved",
		Example: `  cloudward baseline approve --account 111111111111
  cloudward baseline approve --asset arn:aws:s3:::app-logs --scan 12 --note "logging bucket reviewed"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if (account == "") == (assetID == "") {
				return usageErr("give either --account or --asset")
			}
			ctx := cmd.Context()
			st, err := readStore(ctx, g)
			if err != nil {
				return err
			}
			b := store.Baseline{Scope: h.scope, Account: account, AssetUID: assetID, ApprovedBy: actor(), Note: note}
			if scan != "" {
				if b.ScanID, err = parseScanID("--scan", scan); err != nil {
					return err
				}
			} else {
				latest, err := st.LatestScan(ctx, h.scope)
				if err != nil {
					return usageErr("%v", err)
				}
				b.ScanID = latest.ID
			}
			b, err = st.ApproveBaseline(ctx, b)
			if err != nil {
				return usageErr("%v", err)
			}
			what := "account " + b.Account
			if b.AssetUID != "" {
				what = "asset " + b.AssetUID
			}
			fmt.Fprintf(g.stdout, "baseline %d: %s as of scan %d, approved by %s\n", b.ID, what, b.ScanID, b.ApprovedBy)
			return nil
		},
	}
	h.register(approve, "table")
	approve.Flags().StringVar(&account, "account", "", "approve every asset of `ACCOUNT`")
	approve.Flags().StringVar(&assetID, "asset", "", "approve one asset (`ID` or uid)")
	approve.Flags().StringVar(&scan, "scan", "", "the state of `SCAN` (default: the latest)")
	approve.Flags().StringVar(&note, "note", "", "why the state is approved")
	var lh historyFlags
	list := &cobra.Command{
		Use:   "list",
		Short: "List approved baselines, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := lh.check("table", "json"); err != nil {
				return err
			}
			st, err := readStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			bs, err := st.Baselines(cmd.Context(), lh.scope)
			if err != nil {
				return &exitError{code: ExitInternal, err: err}
			}
			return writeList(g, lh.format, bs, "No baselines approved.", "ID\tOF\tSCAN\tAPPROVED BY\tAT\tNOTE", func(b store.Baseline) string {
				of := "account " + b.Account
				if b.AssetUID != "" {
					of = "asset " + b.AssetUID
				}
				return fmt.Sprintf("%d\t%s\t%d\t%s\t%s\t%s", b.ID, cell(of, 60), b.ScanID, cell(b.ApprovedBy, 20), shortTime(b.ApprovedAt), cell(b.Note, 50))
			})
		},
	}
	lh.register(list, "table", "json")
	c.AddCommand(approve, list)
	return c
}
