package report

import (
	"bufio"
	"cloudward/asset"
	"cloudward/compliance"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"cloudward/finding"
	"cloudward/rule"
)

const (
	tableWidth        = 120    // target line width
	tableIndent       = "  "   // rule lines
	rowIndent         = "    " // resource rows under a rule
	tableGap          = "  "
	maxWarnings       = 5  // warnings listed in the summary; the rest are counted
	defaultTableLimit = 20 // resource rows listed per rule when Options.TableLimit is 0
	maxReasonLines    = 4  // lines of an UNKNOWN's reason; the rest is cut
	minTitleWidth     = 24
	maxRuleWidth      = 32 // a longer rule id gets a line of its own
	minResWidth       = 20
	maxNameWidth      = 40 // a longer resource name never widens the resource column
	maxTypeWidth      = 36
	minTypeWidth      = 16
	maxAcctWidth      = 36
	minAcctWidth      = 14
	maxRegionWidth    = 24
	minRegionWidth    = 10
)

// ANSI SGR sequences.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
	ansiCyan   = "\x1b[36m"
	ansiBoldRd = "\x1b[1;31m"
)

type painter bool

func (p painter) paint(code, s string) string {
	if !p || code == "" {
		return s
	}
	return code + s + ansiReset
}

func severityColor(s rule.Severity) string {
	switch s {
	case rule.Critical:
		return ansiBoldRd
	case rule.High:
		return ansiRed
	case rule.Medium:
		return ansiYellow
	case rule.Low:
		return ansiCyan
	}
	return ansiBlue
}

func statusColor(s finding.Status) string {
	switch s {
	case finding.Fail:
		return ansiRed
	case finding.Unknown:
		return ansiYellow
	case finding.Pass:
		return ansiGreen
	}
	return ""
}

// statusRank orders a rule's rows: FAIL, UNKNOWN, then anything else.
func statusRank(s finding.Status) int {
	switch s {
	case finding.Fail:
		return 0
	case finding.Unknown:
		return 1
	}
	return 2
}

// ruleGroup is one rule's findings: its FAIL and UNKNOWN rows, in that
// order, and its counts per status. PASS findings are only counted.
type ruleGroup struct {
	sev       rule.Severity
	id, title string
	counts    finding.Counts
	rows      []*finding.Finding // FAIL and UNKNOWN findings
	shown     []resRow           // the rows listed (at most the table limit)
}

// resRow is a resource row with its cells cleaned for the terminal.
type resRow struct {
	f                    *finding.Finding
	status, id, name     string
	typ, account, region string
}

// tableLayout holds the column widths, computed once per table.
type tableLayout struct {
	// rule lines: "  ID  TITLE  COUNTS"
	ruleID, title, num int
	failSlot, unkSlot  bool // count slots used by some rule line
	// resource rows: "    STATUS  RESOURCE  TYPE  ACCOUNT  REGION"
	status, res, typ, account, region int
}

func writeTable(w io.Writer, res *finding.Result, opts Options) error {
	bw := bufio.NewWriter(w)
	p := painter(opts.Color)

	if len(res.Findings) == 0 {
		fmt.Fprintln(bw, "No findings.")
		writeSummary(bw, &res.Summary, p)
		return bw.Flush()
	}

	limit := opts.TableLimit
	if limit == 0 {
		limit = defaultTableLimit
	}
	var active, suppressed []*finding.Finding
	for _, f := range res.Findings {
		if f.Suppression != nil {
			suppressed = append(suppressed, f)
		} else {
			active = append(active, f)
		}
	}
	groups := groupByRule(active, limit)
	lay := layout(groups)

	var listed, passed []*ruleGroup
	for _, g := range groups {
		if len(g.rows) > 0 {
			listed = append(listed, g)
		}
		if g.counts.Pass > 0 {
			passed = append(passed, g)
		}
	}

	first := true
	section := func(title, color string) {
		if !first {
			fmt.Fprintln(bw)
		}
		first = false
		fmt.Fprintln(bw, p.paint(color, title))
	}
	for i, g := range listed {
		if i == 0 || g.sev != listed[i-1].sev {
			section(strings.ToUpper(g.sev.String()), severityColor(g.sev))
		}
		writeRuleLine(bw, p, &lay, g, false)
		for _, r := range g.shown {
			writeResourceRow(bw, p, &lay, r)
		}
		if more := len(g.rows) - len(g.shown); more > 0 {
			fmt.Fprintln(bw, p.paint(ansiDim, fmt.Sprintf("%s… and %d more (use --format json or csv for the full list)", rowIndent, more)))
		}
	}
	if len(passed) > 0 {
		// Only counts here, so rule id order: severities would need labels.
		sort.SliceStable(passed, func(i, j int) bool { return passed[i].id < passed[j].id })
		section("PASSED", statusColor(finding.Pass))
		for _, g := range passed {
			writeRuleLine(bw, p, &lay, g, true)
		}
	}
	if len(suppressed) > 0 {
		// Accepted findings stay visible, with who accepted them why and until when.
		section(fmt.Sprintf("SUPPRESSED (%d, accepted; not counted by --fail-on)", len(suppressed)), ansiDim)
		for _, f := range suppressed {
			s := f.Suppression
			fmt.Fprintf(bw, "%s%s %s %s\n", rowIndent, p.paint(statusColor(f.Status), pad(f.Status.String(), 7)), ruleOf(f).ID, clean(shortID(f.Resource.ID)))
			who := ""
			if s.ID != "" {
				who = fmt.Sprintf("exception %s, owner %s: ", s.ID, s.Owner)
			}
			fmt.Fprintf(bw, "%s%s\n", rowIndent+"        ", p.paint(ansiDim, clip(clean(fmt.Sprintf("%s%q until %s (%s)", who, s.Reason, s.Expires, s.Source)), tableWidth-len(rowIndent)-8)))
		}
	}
	if len(listed) > 0 {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, p.paint(ansiDim, "Remediation for a rule: "+clean(opts.Tool.Name)+" rules show RULE-ID"))
	}
	writeSummary(bw, &res.Summary, p)
	return bw.Flush()
}

// groupByRule gathers the findings by rule, ordered by severity (highest
// first) then rule id. Within a rule, rows keep the Result's order, FAIL
// before UNKNOWN; at most limit of them are shown (all when limit < 0).
func groupByRule(fs []*finding.Finding, limit int) []*ruleGroup {
	byID := map[string]*ruleGroup{}
	var groups []*ruleGroup
	for _, f := range fs {
		r := ruleOf(f)
		g := byID[r.ID]
		if g == nil {
			sev := r.Severity
			if sev < rule.Info || sev > rule.Critical {
				sev = rule.Info
			}
			g = &ruleGroup{sev: sev, id: clean(r.ID), title: clean(r.Title)}
			byID[r.ID] = g
			groups = append(groups, g)
		}
		g.counts.Add(f.Status)
		if f.Status == finding.Fail || f.Status == finding.Unknown {
			g.rows = append(g.rows, f)
		}
	}
	sort.SliceStable(groups, func(i, j int) bool {
		if groups[i].sev != groups[j].sev {
			return groups[i].sev > groups[j].sev
		}
		return groups[i].id < groups[j].id
	})
	for _, g := range groups {
		sort.SliceStable(g.rows, func(i, j int) bool {
			return statusRank(g.rows[i].Status) < statusRank(g.rows[j].Status)
		})
		rows := g.rows
		if limit >= 0 && len(rows) > limit {
			rows = rows[:limit]
		}
		for _, f := range rows {
			g.shown = append(g.shown, newResRow(f))
		}
	}
	return groups
}

func newResRow(f *finding.Finding) resRow {
	r := f.Resource
	id := clean(shortID(r.ID))
	if id == "" {
		id = "-"
	}
	name := clean(r.Name)
	if name == id || r.Name == r.ID {
		name = ""
	}
	return resRow{
		f:       f,
		status:  f.Status.String(),
		id:      id,
		name:    name,
		typ:     clean(r.Type),
		account: clean(r.Account),
		region:  clean(r.Region),
	}
}

// layout sizes the columns of rule lines and resource rows to their
// content, keeping lines within tableWidth.
func layout(groups []*ruleGroup) tableLayout {
	var l tableLayout

	// Rule lines.
	maxTitle := 0
	for _, g := range groups {
		l.ruleID = max(l.ruleID, width(g.id))
		maxTitle = max(maxTitle, width(g.title))
		for _, n := range []int{g.counts.Fail, g.counts.Unknown, g.counts.Pass} {
			l.num = max(l.num, len(fmt.Sprint(n)))
		}
		if len(g.rows) > 0 {
			l.failSlot = l.failSlot || g.counts.Fail > 0
			l.unkSlot = l.unkSlot || g.counts.Unknown > 0
		}
	}
	l.ruleID = min(l.ruleID, maxRuleWidth)
	counts := l.countsWidth()
	l.title = min(maxTitle, max(tableWidth-len(tableIndent)-l.ruleID-2*len(tableGap)-counts, minTitleWidth))

	// Resource rows.
	var rows []resRow
	for _, g := range groups {
		rows = append(rows, g.shown...)
	}
	for _, r := range rows {
		l.status = max(l.status, width(r.status))
		l.res = max(l.res, width(r.id))
		l.typ = max(l.typ, width(r.typ))
		l.account = max(l.account, width(r.account))
		l.region = max(l.region, width(r.region))
	}
	l.typ = min(l.typ, maxTypeWidth)
	l.account = min(l.account, maxAcctWidth)
	l.region = min(l.region, maxRegionWidth)
	// Too wide for the ids: narrow the other columns, then the ids.
	over := l.rowWidth() - tableWidth
	for _, c := range []struct {
		w   *int
		min int
	}{{&l.typ, minTypeWidth}, {&l.account, minAcctWidth}, {&l.region, minRegionWidth}} {
		if over <= 0 {
			break
		}
		cut := max(min(over, *c.w-c.min), 0)
		*c.w -= cut
		over -= cut
	}
	if over > 0 {
		l.res = max(l.res-over, minResWidth)
	}
	// Names widen the column as far as the line allows.
	avail := l.res + tableWidth - l.rowWidth()
	for _, r := range rows {
		if r.name != "" && width(r.name) <= maxNameWidth {
			if need := width(r.id) + len(tableGap) + width(r.name) + 2; need <= avail {
				l.res = max(l.res, need)
			}
		}
	}
	return l
}

// rowWidth is the width of a resource row with every column full.
func (l *tableLayout) rowWidth() int {
	n := len(rowIndent) + l.status + len(tableGap) + l.res
	for _, c := range []int{l.typ, l.account, l.region} {
		if c > 0 {
			n += len(tableGap) + c
		}
	}
	return n
}

// countsWidth is the width of the counts column of rule lines: a slot
// "N FAIL" and a slot "N UNKNOWN" when some rule uses them; the PASSED
// section's "N PASS" goes in the first slot.
func (l *tableLayout) countsWidth() int {
	n := l.num + len(" PASS")
	if l.failSlot {
		n = max(n, l.num+len(" FAIL"))
	}
	if l.unkSlot {
		if l.failSlot {
			n += len(tableGap)
		} else {
			n = 0
		}
		n += l.num + len(" UNKNOWN")
	}
	return n
}

// writeRuleLine writes "  ID  TITLE  COUNTS", wrapping a title too long for
// its column onto lines of its own. The PASSED section shows PASS counts;
// the others FAIL and UNKNOWN counts.
func writeRuleLine(w io.Writer, p painter, l *tableLayout, g *ruleGroup, pass bool) {
	slot := func(n int, s finding.Status) string {
		text := fmt.Sprintf("%*d %s", l.num, n, s)
		if n == 0 {
			return strings.Repeat(" ", width(text))
		}
		return p.paint(statusColor(s), text)
	}
	var counts string
	switch {
	case pass:
		counts = slot(g.counts.Pass, finding.Pass)
	default:
		var parts []string
		if l.failSlot {
			parts = append(parts, slot(g.counts.Fail, finding.Fail))
		}
		if l.unkSlot {
			parts = append(parts, slot(g.counts.Unknown, finding.Unknown))
		}
		counts = strings.Join(parts, tableGap)
	}
	title := wrap(g.title, l.title)
	if len(title) == 0 {
		title = []string{""}
	}
	cont := strings.Repeat(" ", len(tableIndent)+l.ruleID+len(tableGap))
	id := g.id
	if width(id) > l.ruleID {
		// An id wider than its column (users type it, so it is not cut
		// short of the line width) gets a line of its own.
		fmt.Fprintln(w, tableIndent+p.paint(ansiBold, clip(id, tableWidth-len(tableIndent))))
		id = ""
	}
	first := tableIndent + p.paint(ansiBold, id) + strings.Repeat(" ", l.ruleID-width(id)) + tableGap
	if id == "" {
		first = cont
	}
	fmt.Fprintln(w, strings.TrimRight(first+pad(title[0], l.title)+tableGap+counts, " "))
	for _, t := range title[1:] {
		fmt.Fprintln(w, cont+t)
	}
}

// writeResourceRow writes "    STATUS  ID  (NAME)  TYPE  ACCOUNT  REGION",
// then the row's location and, for an UNKNOWN, its reason.
func writeResourceRow(w io.Writer, p painter, l *tableLayout, r resRow) {
	cell := clipMiddle(r.id, l.res)
	if r.name != "" && width(r.id)+len(tableGap)+width(r.name)+2 <= l.res {
		cell = r.id + tableGap + "(" + r.name + ")"
	}
	s := rowIndent + p.paint(statusColor(r.f.Status), r.status) + strings.Repeat(" ", max(l.status-width(r.status), 0)) +
		tableGap + pad(cell, l.res)
	for _, c := range []struct {
		text string
		w    int
		mid  bool
	}{{r.typ, l.typ, false}, {r.account, l.account, true}, {r.region, l.region, false}} {
		if c.w == 0 {
			continue
		}
		text := clip(c.text, c.w)
		if c.mid {
			text = clipMiddle(c.text, c.w)
		}
		s += tableGap + pad(text, c.w)
	}
	fmt.Fprintln(w, strings.TrimRight(s, " "))

	cont := strings.Repeat(" ", len(rowIndent)+l.status+len(tableGap))
	n := tableWidth - len(cont)
	if loc := r.f.Location; loc != nil && loc.File != "" {
		fmt.Fprintln(w, p.paint(ansiDim, cont+clipMiddle("at "+clean(locationText(loc)), n)))
	}
	if r.f.Status == finding.Unknown {
		reason := r.f.Reason
		if reason == "" {
			reason = "the outcome could not be decided"
		}
		lines := wrap("reason: "+clean(reason), n)
		if len(lines) > maxReasonLines {
			lines = lines[:maxReasonLines]
			last := []rune(lines[maxReasonLines-1])
			if len(last) > n-4 {
				last = last[:n-4]
			}
			lines[maxReasonLines-1] = string(last) + " ..."
		}
		for _, line := range lines {
			fmt.Fprintln(w, p.paint(ansiYellow, cont+line))
		}
	}
	if x := r.f.Expired; x != nil {
		fmt.Fprintln(w, p.paint(ansiYellow, cont+clip(clean(fmt.Sprintf("reopened: exception %s (owner %s) expired on %s", x.ID, x.Owner, x.Expires)), n)))
	}
}

func shortID(id string) string {
	trimmed := strings.TrimRight(id, "/:")
	if trimmed == "" {
		return id
	}
	return trimmed[strings.LastIndexAny(trimmed, "/:")+1:]
}

func locationText(l *finding.Location) string {
	switch {
	case l.StartLine > 0 && l.EndLine > l.StartLine:
		return fmt.Sprintf("%s:%d-%d", l.File, l.StartLine, l.EndLine)
	case l.StartLine > 0:
		return fmt.Sprintf("%s:%d", l.File, l.StartLine)
	}
	return l.File
}
func writeSummary(w io.Writer, s *finding.Summary, p painter) {
	fmt.Fprintln(w)
	fmt.Fprintln(w, p.paint(ansiBold, "Summary"))
	row := func(label, value string) { fmt.Fprintf(w, "%s%-13s %s\n", tableIndent, label, value) }
	assets := fmt.Sprintf("%d", s.Assets)
	if s.Skipped > 0 {
		assets += fmt.Sprintf(" (%d skipped)", s.Skipped)
	}
	row("Assets", assets)
	row("Rules", fmt.Sprintf("%d", s.Rules))
	row("Evaluations", fmt.Sprintf("%d", s.Evaluations))
	row("Results", strings.Join([]string{
		p.paint(statusColor(finding.Fail), fmt.Sprintf("%d FAIL", s.Results.Fail)),
		p.paint(statusColor(finding.Unknown), fmt.Sprintf("%d UNKNOWN", s.Results.Unknown)),
		p.paint(statusColor(finding.Pass), fmt.Sprintf("%d PASS", s.Results.Pass)),
	}, "  "))
	var sev []string
	for v := rule.Critical; v >= rule.Info; v-- {
		sev = append(sev, p.paint(severityColor(v), fmt.Sprintf("%d %s", s.FailBySeverity[v.String()], v)))
	}
	row("FAIL by sev.", strings.Join(sev, "  "))
	if pos := compliance.PostureOf(s.Tallies); pos.Score.Defined() {
		txt := fmt.Sprintf("%s (severity-weighted, docs/scoring.md), coverage %s", scoreText(pos.Score), coverageText(pos.Counts))
		if len(pos.ByAccount) > 1 {
			txt += "; " + strings.Join(limitAccounts(pos.ByAccount, 4), ", ")
		}
		row("Posture", txt)
	}
	if ms := durationMS(s); ms > 0 {
		row("Duration", fmt.Sprintf("%.3fs", float64(ms)/1000))
	}
	if s.DiffBase != "" {
		row("Compared", fmt.Sprintf("with %s: only new findings are listed; %d also in the base are not", clean(s.DiffBase), s.Unchanged))
	}
	if s.Suppressed > 0 || s.Reopened > 0 || len(s.Exceptions) > 0 {
		txt := fmt.Sprintf("%d suppressed, %d reopened by expired exceptions", s.Suppressed, s.Reopened)
		if s.ExceptionsFile != "" {
			txt += " (" + clean(s.ExceptionsFile) + ")"
		}
		row("Exceptions", txt)
	}
	if h := s.History; h != nil {
		row("Recorded", fmt.Sprintf("scan %d in %s", h.ScanID, clean(h.Store)))
		if h.Previous == 0 {
			row("Drift", fmt.Sprintf("first scan of this scope: %d assets recorded", h.Added))
		} else {
			txt := fmt.Sprintf("%d assets added, %d removed, %d changed since scan %d (cloudward drift)", h.Added, h.Removed, h.Changed, h.Previous)
			if h.Unsure > 0 {
				txt += fmt.Sprintf("; %d not seen but not marked removed (skipped lines or unlisted services)", h.Unsure)
			}
			row("Drift", txt)
		}
		row("Lifecycle", fmt.Sprintf("%d findings new, %d reopened, %d resolved (cloudward findings list)", h.Opened, h.Reopened, h.Resolved))
	}
	row("Warnings", fmt.Sprintf("%d", len(s.Warnings)))
	for i, wn := range s.Warnings {
		if i == maxWarnings {
			fmt.Fprintf(w, "%s  ... and %d more\n", tableIndent, len(s.Warnings)-maxWarnings)
			break
		}
		fmt.Fprintln(w, tableIndent+"  - "+clip(clean(warningText(wn)), tableWidth-len(tableIndent)-4))
	}
	if len(s.Gaps) > 0 {
		total := 0
		for _, g := range s.Gaps {
			total += max(g.Count, 1)
		}
		row("Coverage gaps", p.paint(statusColor(finding.Unknown),
			fmt.Sprintf("%d failed reads (%d kinds): the affected values are UNKNOWN", total, len(s.Gaps))))
		for i, g := range s.Gaps {
			if i == maxWarnings {
				fmt.Fprintf(w, "%s  ... and %d more (all are in the JSON report's summary.gaps)\n", tableIndent, len(s.Gaps)-maxWarnings)
				break
			}
			fmt.Fprintln(w, tableIndent+"  - "+clip(clean(gapText(g)), tableWidth-len(tableIndent)-4))
		}
	}
}

// limitAccounts renders the lowest-scoring accounts first, at most n.
func limitAccounts(as []compliance.AccountPosture, n int) []string {
	sorted := append([]compliance.AccountPosture(nil), as...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Score.Percent() < sorted[j].Score.Percent() })
	var out []string
	for i, a := range sorted {
		if i == n {
			out = append(out, fmt.Sprintf("… %d more accounts", len(sorted)-n))
			break
		}
		out = append(out, a.Account+" "+scoreText(a.Score))
	}
	return out
}

func gapText(g asset.Gap) string {
	what := g.API
	if what == "" {
		what = g.Service
	}
	t := fmt.Sprintf("%s %s/%s %s: %s", g.Code, g.Account, g.Region, what, g.Message)
	if g.Count > 1 {
		t += fmt.Sprintf(" (%d times)", g.Count)
	}
	return t
}

// clean replaces control characters, so data from an inventory (a resource
// name, a reason quoting a value) cannot move the cursor or change colours
// in the user's terminal.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, s)
}

// TerminalCell makes s safe to print in a terminal (control characters
// replaced) and cuts it to n runes; n <= 0 keeps its length.
func TerminalCell(s string, n int) string {
	if n <= 0 {
		return clean(s)
	}
	return clip(clean(s), n)
}

func width(s string) int { return utf8.RuneCountInString(s) }

func pad(s string, n int) string {
	if d := n - width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// clip cuts s to n runes, ending in "..." when it was cut.
func clip(s string, n int) string {
	if width(s) <= n {
		return s
	}
	if n <= 3 {
		return string([]rune(s)[:n])
	}
	return string([]rune(s)[:n-3]) + "..."
}

// clipMiddle cuts s to n runes by replacing its middle with "...", keeping
// both the start (type, account) and the end (the distinctive id).
func clipMiddle(s string, n int) string {
	if width(s) <= n {
		return s
	}
	if n <= 3 {
		return string([]rune(s)[:n])
	}
	rs := []rune(s)
	head := (n - 3) / 2
	tail := n - 3 - head
	return string(rs[:head]) + "..." + string(rs[len(rs)-tail:])
}

// wrap breaks s into lines of at most n runes at spaces; a word longer
// than a line is split.
func wrap(s string, n int) []string {
	n = max(n, 1)
	var lines []string
	var cur strings.Builder
	for _, word := range strings.Fields(s) {
		for width(word) > n {
			if cur.Len() > 0 {
				lines = append(lines, cur.String())
				cur.Reset()
			}
			rs := []rune(word)
			lines = append(lines, string(rs[:n]))
			word = string(rs[n:])
		}
		if cur.Len() > 0 && width(cur.String())+1+width(word) > n {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(word)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}
