package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"cloudward/finding"
)

var csvHeader = []string{
	"status", "severity", "rule_id", "title", "provider", "account", "region",
	"resource_type", "resource_id", "resource_name", "compliance", "evidence",
	"reason", "file", "start_line", "end_line", "remediation", "suppression",
}

func writeCSV(w io.Writer, res *finding.Result, _ Options) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	row := make([]string, len(csvHeader))
	for _, f := range res.Findings {
		r := ruleOf(f)
		ev, err := compactJSON(evidenceMap(f))
		if err != nil {
			return err
		}
		var file, start, end string
		if f.Location != nil {
			file = f.Location.File
			if f.Location.StartLine > 0 {
				start = strconv.Itoa(f.Location.StartLine)
			}
			if f.Location.EndLine > 0 {
				end = strconv.Itoa(f.Location.EndLine)
			}
		}
		row = append(row[:0],
			f.Status.String(), r.Severity.String(), r.ID, r.Title,
			f.Resource.Provider, f.Resource.Account, f.Resource.Region,
			f.Resource.Type, f.Resource.ID, f.Resource.Name,
			strings.Join(requirements(r), ";"), ev, f.Reason,
			file, start, end, trim(r.Remediation.Text), suppressionText(f.Suppression)+expiredText(f.Expired))
		for i := range row {
			row[i] = csvSafe(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func compactJSON(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// csvSafe neutralises spreadsheet formula injection: a cell that starts
// with a character a spreadsheet would treat as the start of a formula
// (= + - @, tab, carriage return) gets a leading single quote, so it is
// shown as text. Values come from inventory data an attacker may control
// (resource names, tags).
func csvSafe(s string) string { return CSVSafe(s) }

// CSVSafe is csvSafe for other CSV writers (history commands).
func CSVSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// suppressionText renders a suppression for one CSV cell; empty when none.
func suppressionText(s *finding.Suppression) string {
	if s == nil {
		return ""
	}
	if s.ID != "" {
		return fmt.Sprintf("%s %s (owner %s): %s (until %s, %s)", s.Kind, s.ID, s.Owner, s.Reason, s.Expires, s.Source)
	}
	return fmt.Sprintf("%s: %s (until %s, %s)", s.Kind, s.Reason, s.Expires, s.Source)
}

// expiredText renders an expired exception for one CSV cell.
func expiredText(s *finding.Suppression) string {
	if s == nil {
		return ""
	}
	return fmt.Sprintf("reopened: exception %s (owner %s) expired on %s (%s)", s.ID, s.Owner, s.Expires, s.Source)
}
