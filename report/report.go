package report

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"cloudward/finding"
	"cloudward/rule"
)

// Options configure rendering.
type Options struct {
	// Color turns on ANSI colours in the table format. Callers set it only
	// when writing to a terminal.
	Color bool
	// TableLimit caps the resource rows the table format lists under each
	// rule; the rest are counted ("… and N more"). 0 means the default,
	// 20; a negative value lists every row. Other formats ignore it.
	TableLimit int
	// Tool describes cloudward itself; an empty Name means "cloudward".
	Tool ToolInfo
	// Now returns the time stamped on events that need one (OCSF). nil
	// means time.Now; tests pass a fixed clock.
	Now func() time.Time
}

// ToolInfo names the tool that produced a report.
type ToolInfo struct {
	Name           string
	Version        string
	InformationURI string
}

// Format names.
const (
	FormatTable = "table"
	FormatJSON  = "json"
	FormatSARIF = "sarif"
	FormatCSV   = "csv"
	FormatOCSF  = "ocsf"
)

type writer func(w io.Writer, res *finding.Result, opts Options) error

var formats = []struct {
	name  string
	write writer
}{
	{FormatTable, writeTable},
	{FormatJSON, writeJSON},
	{FormatSARIF, writeSARIF},
	{FormatCSV, writeCSV},
	{FormatOCSF, writeOCSF},
}

// Formats lists the format names Write accepts, the default (table) first.
func Formats() []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = f.name
	}
	return out
}

// Write renders res to w in the named format (see Formats; names are
// case-insensitive). An unknown name is an error that lists the valid ones.
func Write(w io.Writer, format string, res *finding.Result, opts Options) error {
	if res == nil {
		return errors.New("report: nil result")
	}
	name := strings.ToLower(strings.TrimSpace(format))
	for _, f := range formats {
		if f.name == name {
			return f.write(w, res, opts.withDefaults())
		}
	}
	return fmt.Errorf("report: unknown format %q (valid formats: %s)", format, strings.Join(Formats(), ", "))
}

func (o Options) withDefaults() Options {
	if o.Tool.Name == "" {
		o.Tool.Name = "cloudward"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// emptyRule stands in for a missing rule so a malformed finding cannot
// crash a report.
var emptyRule = &rule.Rule{}

func ruleOf(f *finding.Finding) *rule.Rule {
	if f.Rule == nil {
		return emptyRule
	}
	return f.Rule
}

// rulesUsed returns the distinct rules the findings refer to, sorted by id.
func rulesUsed(fs []*finding.Finding) []*rule.Rule {
	seen := map[string]bool{}
	var out []*rule.Rule
	for _, f := range fs {
		r := ruleOf(f)
		if !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// evidenceMap maps each evidence path to its value; an unknown value
// becomes {"$unknown": reason}.
func evidenceMap(f *finding.Finding) map[string]any { return f.EvidenceMap() }

// complianceMap copies a rule's compliance mappings, never nil, with no nil
// control lists.
func complianceMap(r *rule.Rule) map[string][]string {
	m := make(map[string][]string, len(r.Compliance))
	for fw, cs := range r.Compliance {
		m[fw] = nonNil(cs)
	}
	return m
}

// requirements lists a rule's mappings as "framework:control", frameworks
// sorted, controls in rule order; a framework without controls appears alone.
func requirements(r *rule.Rule) []string {
	out := []string{}
	for _, fw := range r.Frameworks() {
		if len(r.Compliance[fw]) == 0 {
			out = append(out, fw)
			continue
		}
		for _, c := range r.Compliance[fw] {
			out = append(out, fw+":"+c)
		}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// fingerprint is a stable identifier of a (rule, resource) pair: the same
// rule on the same resource hashes the same in every scan. Provider,
// account and region take part so that short resource ids (a security
// group id, a bucket name) cannot collide across accounts.
func fingerprint(f *finding.Finding) string {
	h := sha256.New()
	for _, s := range []string{ruleOf(f).ID, f.Resource.Provider, f.Resource.Account, f.Resource.Region, f.Resource.ID} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// durationMS is the scan duration in milliseconds.
func durationMS(s *finding.Summary) int64 {
	if s.DurationMS == 0 && s.Duration > 0 {
		return s.Duration.Milliseconds()
	}
	return s.DurationMS
}

// describeResource names a resource in prose: type, id, then name, account
// and region when known.
func describeResource(r finding.Resource) string {
	var b strings.Builder
	if r.Type != "" {
		b.WriteString(r.Type)
		b.WriteByte(' ')
	}
	b.WriteString(r.ID)
	var extra []string
	if r.Name != "" && r.Name != r.ID {
		extra = append(extra, fmt.Sprintf("name %q", r.Name))
	}
	if r.Account != "" {
		extra = append(extra, "account "+r.Account)
	}
	if r.Region != "" {
		extra = append(extra, "region "+r.Region)
	}
	if len(extra) > 0 {
		b.WriteString(" (" + strings.Join(extra, ", ") + ")")
	}
	return b.String()
}

// message is a one-sentence account of a finding.
func message(f *finding.Finding) string {
	r := ruleOf(f)
	res := describeResource(f.Resource)
	switch f.Status {
	case finding.Fail:
		return fmt.Sprintf("%s fails %s (%s).", res, r.ID, strings.TrimSuffix(r.Title, "."))
	case finding.Unknown:
		reason := f.Reason
		if reason == "" {
			reason = "the outcome could not be decided"
		}
		return fmt.Sprintf("%s could not be checked against %s (%s): %s.", res, r.ID,
			strings.TrimSuffix(r.Title, "."), strings.TrimSuffix(reason, "."))
	}
	return fmt.Sprintf("%s passes %s (%s).", res, r.ID, strings.TrimSuffix(r.Title, "."))
}

func trim(s string) string { return strings.TrimSpace(s) }
