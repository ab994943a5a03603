package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"cloudward/asset"
	"cloudward/compliance"
	"cloudward/finding"
)

// ComplianceFormats are the formats of a compliance report.
func ComplianceFormats() []string { return []string{FormatTable, FormatJSON, FormatCSV, FormatHTML} }

// FormatHTML is the self-contained HTML compliance report.
const FormatHTML = "html"

// WriteCompliance renders a framework assessment.
func WriteCompliance(w io.Writer, format string, a *compliance.Assessment, opts Options) error {
	switch format {
	case FormatTable:
		return writeComplianceTable(w, a, opts)
	case FormatJSON:
		return writeComplianceJSON(w, a, opts)
	case FormatCSV:
		return writeComplianceCSV(w, a)
	case FormatHTML:
		return writeComplianceHTML(w, a, opts)
	}
	return fmt.Errorf("unknown compliance report format %q (want one of %s)", format, strings.Join(ComplianceFormats(), ", "))
}

// scoreText renders a score as "72.4 %" or "n/a".
func scoreText(s compliance.Score) string {
	if !s.Defined() {
		return "n/a"
	}
	return fmt.Sprintf("%.1f %%", math.Floor(s.Percent()*10)/10)
}

func coverageText(c finding.Counts) string {
	pct, ok := compliance.Coverage(c)
	if !ok {
		return "n/a"
	}
	return fmt.Sprintf("%.1f %%", math.Floor(pct*10)/10)
}

func statusPaint(s compliance.Status) string {
	switch s {
	case compliance.StatusFail:
		return ansiBoldRd
	case compliance.StatusUnknown:
		return ansiYellow
	case compliance.StatusPass:
		return ansiGreen
	case compliance.StatusManual:
		return ansiCyan
	}
	return ansiDim
}

// complianceTableLimit caps failing resources listed per control.
const complianceTableLimit = 5

func writeComplianceTable(w io.Writer, a *compliance.Assessment, opts Options) error {
	bw := bufio.NewWriter(w)
	p := painter(opts.Color)
	f := a.Framework
	fmt.Fprintf(bw, "%s\n", p.paint(ansiBold, fmt.Sprintf("%s %s", f.Name, f.Version)))
	fmt.Fprintf(bw, "%s\n\n", p.paint(ansiDim, scopeLine(a)))
	for _, section := range a.Sections {
		fmt.Fprintf(bw, "%s  %s\n", p.paint(ansiBold, clean(section.Name)), p.paint(ansiDim, "score "+scoreText(section.Score)))
		for _, cr := range a.Controls {
			if cr.Control.Section != section.Name {
				continue
			}
			st := string(cr.Status)
			if cr.Status == compliance.StatusNotApplicable {
				st = "N/A"
			}
			detail := ""
			switch cr.Status {
			case compliance.StatusFail, compliance.StatusPass, compliance.StatusUnknown:
				if cr.Counts.Total() > 0 {
					detail = fmt.Sprintf("  %d/%d failing", cr.Counts.Fail, cr.Counts.Pass+cr.Counts.Fail)
					if cr.Counts.Unknown > 0 {
						detail += fmt.Sprintf(", %d unknown", cr.Counts.Unknown)
					}
				}
			}
			fmt.Fprintf(bw, "  %s %s %s%s\n", p.paint(statusPaint(cr.Status), pad(st, 7)), pad(clean(cr.Control.ID), 8),
				clean(cr.Control.Title), p.paint(ansiDim, detail))
			if cr.Status != compliance.StatusFail && cr.Status != compliance.StatusUnknown {
				continue
			}
			listed := 0
			total := 0
			for _, rr := range cr.Rules {
				for _, fd := range rr.Findings {
					if fd.Status == finding.Pass {
						continue
					}
					total++
					if listed == complianceTableLimit {
						continue
					}
					listed++
					line := fmt.Sprintf("%s %s %s/%s %s", fd.Status, rr.Rule.ID, fd.Resource.Account, fd.Resource.Region, shortID(fd.Resource.ID))
					if fd.Status == finding.Unknown && fd.Reason != "" {
						line += " — " + fd.Reason
					}
					fmt.Fprintf(bw, "                   %s\n", p.paint(ansiDim, clip(clean(line), 110)))
				}
				total += rr.More
			}
			if total > listed {
				fmt.Fprintf(bw, "                   %s\n", p.paint(ansiDim, fmt.Sprintf("… and %d more (all are in the JSON, CSV and HTML reports)", total-listed)))
			}
		}
		fmt.Fprintln(bw)
	}
	if len(a.ByAccount) > 1 {
		fmt.Fprintln(bw, p.paint(ansiBold, "By account"))
		for _, ar := range a.ByAccount {
			fmt.Fprintf(bw, "  %-14s score %-8s coverage %-8s %d failing controls\n", ar.Account, scoreText(ar.Score), coverageText(ar.Counts), ar.Failing)
		}
		fmt.Fprintln(bw)
	}
	if len(a.Gaps) > 0 {
		fmt.Fprintln(bw, p.paint(ansiYellow, fmt.Sprintf("%d coverage gaps (settings that could not be read):", len(a.Gaps))))
		for i, g := range a.Gaps {
			if i == 10 {
				fmt.Fprintf(bw, "  … and %d more\n", len(a.Gaps)-10)
				break
			}
			fmt.Fprintf(bw, "  %s\n", clean(gapText(g)))
		}
		fmt.Fprintln(bw)
	}
	var counts []string
	for _, s := range compliance.Statuses {
		if n := a.Status[s]; n > 0 {
			counts = append(counts, p.paint(statusPaint(s), fmt.Sprintf("%d %s", n, s)))
		}
	}
	fmt.Fprintf(bw, "%s: %d controls — %s\n", f.ID, len(a.Controls), strings.Join(counts, ", "))
	fmt.Fprintf(bw, "score %s (severity-weighted, see docs/scoring.md), coverage %s of %d checks\n",
		p.paint(ansiBold, scoreText(a.Score)), coverageText(a.Counts), a.Counts.Total())
	return bw.Flush()
}

func scopeLine(a *compliance.Assessment) string {
	parts := []string{}
	if len(a.Accounts) > 0 {
		parts = append(parts, fmt.Sprintf("%d account(s): %s", len(a.Accounts), strings.Join(limitList(a.Accounts, 5), ", ")))
	}
	if len(a.Summary.Sources) > 0 {
		parts = append(parts, "source: "+strings.Join(limitList(a.Summary.Sources, 3), ", "))
	}
	if !a.Summary.StartedAt.IsZero() {
		parts = append(parts, "scanned "+a.Summary.StartedAt.UTC().Format(time.RFC3339))
	}
	return strings.Join(parts, " · ")
}

func limitList(xs []string, n int) []string {
	if len(xs) <= n {
		return xs
	}
	return append(append([]string{}, xs[:n]...), fmt.Sprintf("… %d more", len(xs)-n))
}

// Compliance JSON contract (docs/compliance.md).

type jsonCompliance struct {
	SchemaVersion int                 `json:"schema_version"`
	Tool          jsonTool            `json:"tool"`
	GeneratedAt   string              `json:"generated_at"`
	Framework     jsonFramework       `json:"framework"`
	Scope         jsonScope           `json:"scope"`
	Score         *float64            `json:"score"`
	Coverage      *float64            `json:"coverage"`
	Checks        finding.Counts      `json:"checks"`
	Controls      map[string]int      `json:"controls_by_status"`
	Sections      []jsonSection       `json:"sections"`
	Accounts      []jsonAccountScore  `json:"accounts"`
	Results       []jsonControlResult `json:"controls"`
	Gaps          []asset.Gap         `json:"gaps"`
}

type jsonFramework struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Version   string `json:"version"`
	Published string `json:"published,omitempty"`
	Source    string `json:"source"`
}

type jsonScope struct {
	Accounts  []string `json:"accounts"`
	Sources   []string `json:"sources"`
	StartedAt *string  `json:"scan_started_at"`
}

type jsonSection struct {
	Name     string         `json:"name"`
	Score    *float64       `json:"score"`
	Controls map[string]int `json:"controls_by_status"`
}

type jsonAccountScore struct {
	Account         string         `json:"account"`
	Score           *float64       `json:"score"`
	Coverage        *float64       `json:"coverage"`
	Checks          finding.Counts `json:"checks"`
	FailingControls int            `json:"failing_controls,omitempty"`
}

type jsonControlResult struct {
	ID         string           `json:"id"`
	Title      string           `json:"title"`
	Section    string           `json:"section"`
	Status     string           `json:"status"`
	Reason     string           `json:"reason,omitempty"`
	Score      *float64         `json:"score"`
	Coverage   *float64         `json:"coverage"`
	Checks     finding.Counts   `json:"checks"`
	Provenance string           `json:"provenance,omitempty"`
	Rules      []jsonRuleResult `json:"rules"`
}

type jsonRuleResult struct {
	ID       string         `json:"id"`
	Title    string         `json:"title"`
	Severity string         `json:"severity"`
	Link     string         `json:"link"`
	Checks   finding.Counts `json:"checks"`
	Findings []jsonFinding  `json:"findings"`
	More     int            `json:"more_findings,omitempty"`
}

func percentPtr(s compliance.Score) *float64 {
	if !s.Defined() {
		return nil
	}
	v := math.Round(s.Percent()*100) / 100
	return &v
}

func coveragePtr(c finding.Counts) *float64 {
	pct, ok := compliance.Coverage(c)
	if !ok {
		return nil
	}
	v := math.Round(pct*100) / 100
	return &v
}

func statusCounts(m map[compliance.Status]int) map[string]int {
	out := map[string]int{}
	for _, s := range compliance.Statuses {
		out[string(s)] = m[s]
	}
	return out
}

func writeComplianceJSON(w io.Writer, a *compliance.Assessment, opts Options) error {
	tool := toolJSON(opts.Tool)
	f := a.Framework
	out := jsonCompliance{
		SchemaVersion: SchemaVersion,
		Tool:          tool,
		GeneratedAt:   a.Generated.UTC().Format(time.RFC3339),
		Framework:     jsonFramework{ID: f.ID, Name: f.Name, Version: f.Version, Published: f.Published, Source: f.Source},
		Scope:         jsonScope{Accounts: nonNil(a.Accounts), Sources: nonNil(a.Summary.Sources)},
		Score:         percentPtr(a.Score),
		Coverage:      coveragePtr(a.Counts),
		Checks:        a.Counts,
		Controls:      statusCounts(a.Status),
		Gaps:          a.Gaps,
		Sections:      []jsonSection{},
		Accounts:      []jsonAccountScore{},
		Results:       []jsonControlResult{},
	}
	if out.Gaps == nil {
		out.Gaps = []asset.Gap{}
	}
	if !a.Summary.StartedAt.IsZero() {
		t := a.Summary.StartedAt.UTC().Format(time.RFC3339)
		out.Scope.StartedAt = &t
	}
	for _, s := range a.Sections {
		out.Sections = append(out.Sections, jsonSection{Name: s.Name, Score: percentPtr(s.Score), Controls: statusCounts(s.Status)})
	}
	for _, ar := range a.ByAccount {
		out.Accounts = append(out.Accounts, jsonAccountScore{Account: ar.Account, Score: percentPtr(ar.Score),
			Coverage: coveragePtr(ar.Counts), Checks: ar.Counts, FailingControls: ar.Failing})
	}
	for _, cr := range a.Controls {
		jc := jsonControlResult{ID: cr.Control.ID, Title: cr.Control.Title, Section: cr.Control.Section,
			Status: string(cr.Status), Reason: cr.Reason, Score: percentPtr(cr.Score), Coverage: coveragePtr(cr.Counts),
			Checks: cr.Counts, Provenance: cr.Control.Provenance, Rules: []jsonRuleResult{}}
		for _, rr := range cr.Rules {
			jr := jsonRuleResult{ID: rr.Rule.ID, Title: rr.Rule.Title, Severity: rr.Rule.Severity.String(), Link: rr.How,
				Checks: rr.Counts, Findings: []jsonFinding{}, More: rr.More}
			for _, fd := range rr.Findings {
				jr.Findings = append(jr.Findings, findingJSON(fd))
			}
			jc.Rules = append(jc.Rules, jr)
		}
		out.Results = append(out.Results, jc)
	}
	return encodeJSON(w, out)
}

func toolJSON(t ToolInfo) jsonTool {
	out := jsonTool{Name: t.Name, Version: t.Version, InformationURI: t.InformationURI}
	if out.Name == "" {
		out.Name = "cloudward"
	}
	return out
}

// writeComplianceCSV writes one row per control and finding (a control
// without FAIL or UNKNOWN findings gets one row with the resource columns
// empty), for spreadsheets and GRC tools.
func writeComplianceCSV(w io.Writer, a *compliance.Assessment) error {
	cw := csv.NewWriter(w)
	header := []string{"framework", "control_id", "control_title", "section", "control_status", "control_score",
		"rule_id", "rule_severity", "finding_status", "account", "region", "resource_type", "resource_id", "evidence", "reason"}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, cr := range a.Controls {
		base := []string{a.Framework.ID, cr.Control.ID, cr.Control.Title, cr.Control.Section, string(cr.Status), ""}
		if cr.Score.Defined() {
			base[5] = strconv.FormatFloat(math.Round(cr.Score.Percent()*100)/100, 'f', -1, 64)
		}
		rows := 0
		for _, rr := range cr.Rules {
			for _, fd := range rr.Findings {
				ev, err := compactJSON(evidenceMap(fd))
				if err != nil {
					return err
				}
				reason := cr.Reason
				if fd.Status == finding.Unknown {
					reason = fd.Reason
				}
				row := append(append([]string{}, base...), rr.Rule.ID, rr.Rule.Severity.String(), fd.Status.String(),
					fd.Resource.Account, fd.Resource.Region, fd.Resource.Type, fd.Resource.ID, ev, reason)
				if err := cw.Write(safeRow(row)); err != nil {
					return err
				}
				rows++
			}
		}
		if rows == 0 {
			row := append(append([]string{}, base...), "", "", "", "", "", "", "", "", cr.Reason)
			if err := cw.Write(safeRow(row)); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func safeRow(row []string) []string {
	for i, s := range row {
		row[i] = csvSafe(s)
	}
	return row
}
