package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"cloudward/finding"
	"cloudward/rule"
)

const (
	tableWidth    = 120 // target line width
	tableIndent   = "  "
	tableGap      = "  "
	maxWarnings   = 5 // warnings listed in the summary; the rest are counted
	minTitleWidth = 28
	minResWidth   = 20
	maxRuleWidth  = 28
	maxAcctWidth  = 32
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

type tableRow struct {
	f                 *finding.Finding
	status, id, title string
	resType, resID    string // resource type (provider prefix dropped) and short id
	where             string // account/region
}

func (r tableRow) resWidth() int {
	if r.resType == "" || r.resID == "" {
		return width(r.resType) + width(r.resID)
	}
	return width(r.resType) + 1 + width(r.resID)
}

func writeTable(w io.Writer, res *finding.Result, opts Options) error {
	bw := bufio.NewWriter(w)
	p := painter(opts.Color)

	// Group by severity, highest first; keep the Result's order within a group.
	groups := make([][]tableRow, rule.Critical+1)
	for _, f := range res.Findings {
		sev := ruleOf(f).Severity
		if sev < rule.Info || sev > rule.Critical {
			sev = rule.Info
		}
		groups[sev] = append(groups[sev], tableRow{
			f:       f,
			status:  f.Status.String(),
			id:      clean(ruleOf(f).ID),
			title:   clean(ruleOf(f).Title),
			resType: clean(resourceType(f.Resource)),
			resID:   clean(shortID(f.Resource.ID)),
			where:   clean(accountRegion(f.Resource)),
		})
	}

	if len(res.Findings) == 0 {
		fmt.Fprintln(bw, "No findings.")
	} else {
		wStatus, wID, wTitle, wRes, wWhere := columnWidths(groups)
		line := func(status, id, title, resc, where string, color string) string {
			s := tableIndent + p.paint(color, pad(status, wStatus)) + tableGap + pad(clip(id, wID), wID) + tableGap +
				pad(clip(title, wTitle), wTitle) + tableGap + pad(resc, wRes)
			if wWhere > 0 {
				s += tableGap + clipMiddle(where, wWhere)
			}
			return strings.TrimRight(s, " ")
		}
		fmt.Fprintln(bw, p.paint(ansiDim, line("STATUS", "RULE", "TITLE", "RESOURCE", "ACCOUNT/REGION", "")))
		contIndent := strings.Repeat(" ", len(tableIndent)+wStatus+len(tableGap)+wID+len(tableGap))
		for sev := rule.Critical; sev >= rule.Info; sev-- {
			rows := groups[sev]
			if len(rows) == 0 {
				continue
			}
			fmt.Fprintln(bw)
			fmt.Fprintln(bw, p.paint(severityColor(sev), fmt.Sprintf("%s (%d)", strings.ToUpper(sev.String()), len(rows))))
			for _, r := range rows {
				fmt.Fprintln(bw, line(r.status, r.id, r.title, resourceCell(r.resType, r.resID, wRes), r.where, statusColor(r.f.Status)))
				if loc := r.f.Location; loc != nil && loc.File != "" {
					fmt.Fprintln(bw, p.paint(ansiDim, contIndent+"at "+clean(locationText(loc))))
				}
				if r.f.Status == finding.Unknown {
					reason := r.f.Reason
					if reason == "" {
						reason = "the outcome could not be decided"
					}
					for _, l := range wrap("reason: "+clean(reason), tableWidth-len(contIndent)) {
						fmt.Fprintln(bw, p.paint(ansiYellow, contIndent+l))
					}
				}
			}
		}
	}
	writeSummary(bw, &res.Summary, p)
	return bw.Flush()
}

// columnWidths sizes the columns to their content, shrinking title and
// resource (the long ones) to keep lines within tableWidth.
func columnWidths(groups [][]tableRow) (wStatus, wID, wTitle, wRes, wWhere int) {
	wStatus, wID, wTitle, wRes, wWhere = len("UNKNOWN"), len("RULE"), len("TITLE"), len("RESOURCE"), 0
	for _, rows := range groups {
		for _, r := range rows {
			wID = max(wID, width(r.id))
			wTitle = max(wTitle, width(r.title))
			wRes = max(wRes, r.resWidth())
			wWhere = max(wWhere, width(r.where))
		}
	}
	if wWhere > 0 {
		wWhere = min(max(wWhere, len("ACCOUNT/REGION")), maxAcctWidth)
	}
	wID = min(wID, maxRuleWidth)
	fixed := len(tableIndent) + wStatus + wID + 3*len(tableGap)
	if wWhere > 0 {
		fixed += wWhere + len(tableGap)
	}
	avail := max(tableWidth-fixed, minTitleWidth+minResWidth)
	if wTitle+wRes <= avail {
		return
	}
	// Split what is left: the resource gets at least 45% (it is what a
	// user acts on), more if the title needs less; the title the rest.
	wRes = min(wRes, max(avail-wTitle, avail*45/100, minResWidth))
	wTitle = max(avail-wRes, minTitleWidth)
	return
}

// resourceType is the asset type without its provider prefix
// ("aws.s3.bucket" -> "s3.bucket"): the account column already says which
// cloud it is.
func resourceType(r finding.Resource) string {
	if r.Provider != "" && strings.HasPrefix(r.Type, r.Provider+".") {
		return r.Type[len(r.Provider)+1:]
	}
	return r.Type
}

// resourceCell renders "type id" in at most n columns. The id is what a
// user acts on, so the type is cut first; an id too long on its own loses
// its middle.
func resourceCell(typ, id string, n int) string {
	switch {
	case typ == "":
		return clipMiddle(id, n)
	case id == "":
		return clip(typ, n)
	case width(typ)+1+width(id) <= n:
		return typ + " " + id
	}
	// Drop the service part of the type: "ec2.security_group" -> "security_group".
	if i := strings.LastIndexByte(typ, '.'); i >= 0 && width(typ[i+1:])+1+width(id) <= n {
		return typ[i+1:] + " " + id
	}
	if width(id)+1+6 <= n { // room for at least "abc..."
		return clip(typ, n-width(id)-1) + " " + id
	}
	return clipMiddle(id, n)
}

func shortID(id string) string {
	trimmed := strings.TrimRight(id, "/:")
	if trimmed == "" {
		return id
	}
	return trimmed[strings.LastIndexAny(trimmed, "/:")+1:]
}

func accountRegion(r finding.Resource) string {
	switch {
	case r.Account != "" && r.Region != "":
		return r.Account + "/" + r.Region
	case r.Account != "":
		return r.Account
	}
	return r.Region
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
	if ms := durationMS(s); ms > 0 {
		row("Duration", fmt.Sprintf("%.3fs", float64(ms)/1000))
	}
	row("Warnings", fmt.Sprintf("%d", len(s.Warnings)))
	for i, wn := range s.Warnings {
		if i == maxWarnings {
			fmt.Fprintf(w, "%s  ... and %d more\n", tableIndent, len(s.Warnings)-maxWarnings)
			break
		}
		fmt.Fprintln(w, tableIndent+"  - "+clip(clean(warningText(wn)), tableWidth-len(tableIndent)-4))
	}
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

// wrap breaks s into lines of at most n runes at spaces (a longer word
// gets a line of its own).
func wrap(s string, n int) []string {
	var lines []string
	var cur strings.Builder
	for _, word := range strings.Fields(s) {
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
