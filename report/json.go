package report

import (
	"bufio"
	"bytes"
	"cloudward/asset"
	"encoding/json"
	"io"
	"runtime"
	"sync"
	"time"

	"cloudward/compliance"
	"cloudward/finding"
	"cloudward/rule"
)

// SchemaVersion is the version of the JSON contract. Within a version,
// fields are only added, never renamed or removed.
const SchemaVersion = 1

type jsonReport struct {
	SchemaVersion int           `json:"schema_version"`
	Tool          jsonTool      `json:"tool"`
	Summary       jsonSummary   `json:"summary"`
	Findings      []jsonFinding `json:"findings"`
}

type jsonTool struct {
	Name           string `json:"name"`
	Version        string `json:"version"`
	InformationURI string `json:"information_uri"`
}

type jsonSummary struct {
	StartedAt      *string                `json:"started_at"` // RFC 3339, UTC; null when unknown
	DurationMS     int64                  `json:"duration_ms"`
	Sources        []string               `json:"sources"`
	Assets         int                    `json:"assets"`
	AssetsByType   map[string]int         `json:"assets_by_type"`
	SkippedAssets  int                    `json:"skipped_assets"`
	Rules          int                    `json:"rules"`
	Evaluations    int                    `json:"evaluations"`
	Results        finding.Counts         `json:"results"`
	FailBySeverity jsonSeverityCount      `json:"fail_by_severity"`
	Warnings       []finding.Warning      `json:"warnings"`
	Gaps           []asset.Gap            `json:"gaps"`
	Posture        jsonPosture            `json:"posture"`
	Suppressed     int                    `json:"suppressed"`
	Reopened       int                    `json:"reopened"`
	ExceptionsFile string                 `json:"exceptions_file,omitempty"`
	Exceptions     []finding.ExceptionUse `json:"exceptions"`
	Diff           *jsonDiff              `json:"diff,omitempty"`
	History        *finding.History       `json:"history,omitempty"`
}

// jsonDiff says what a --diff scan compared with.
type jsonDiff struct {
	Base      string `json:"base"`
	Unchanged int    `json:"unchanged"`
}

// jsonPosture is the framework-independent posture score (docs/scoring.md).
type jsonPosture struct {
	Score    *float64           `json:"score"`
	Coverage *float64           `json:"coverage"`
	Accounts []jsonAccountScore `json:"accounts"`
}

func postureJSON(s *finding.Summary) jsonPosture {
	p := compliance.PostureOf(s.Tallies)
	out := jsonPosture{Score: percentPtr(p.Score), Coverage: coveragePtr(p.Counts), Accounts: []jsonAccountScore{}}
	for _, a := range p.ByAccount {
		out.Accounts = append(out.Accounts, jsonAccountScore{Account: a.Account, Score: percentPtr(a.Score),
			Coverage: coveragePtr(a.Counts), Checks: a.Counts})
	}
	return out
}

type jsonSeverityCount struct {
	Critical int `json:"critical"`
	High     int `json:"high"`
	Medium   int `json:"medium"`
	Low      int `json:"low"`
	Info     int `json:"info"`
}

type jsonFinding struct {
	RuleID      string               `json:"rule_id"`
	Title       string               `json:"title"`
	Severity    string               `json:"severity"`
	Status      string               `json:"status"`
	Resource    finding.Resource     `json:"resource"`
	Compliance  map[string][]string  `json:"compliance"`
	Evidence    map[string]any       `json:"evidence"`
	Reason      *string              `json:"reason,omitempty"`
	Suppression *finding.Suppression `json:"suppression,omitempty"`
	Expired     *finding.Suppression `json:"expired_exception,omitempty"`
	Remediation jsonRemediation      `json:"remediation"`
	References  []string             `json:"references"`
	Location    *finding.Location    `json:"location,omitempty"`
}

type jsonRemediation struct {
	Text      string `json:"text"`
	CLI       string `json:"cli"`
	Terraform string `json:"terraform"`
	Console   string `json:"console"`
}

func writeJSON(w io.Writer, res *finding.Result, opts Options) error {
	// Findings are encoded one at a time so memory stays flat however many
	// there are; the bytes are the same as indenting the whole document.
	bw := bufio.NewWriterSize(w, 1<<16)
	head := struct {
		SchemaVersion int         `json:"schema_version"`
		Tool          jsonTool    `json:"tool"`
		Summary       jsonSummary `json:"summary"`
	}{SchemaVersion, toolJSON(opts.Tool),
		summaryJSON(&res.Summary)}
	hb, err := marshalIndent(head, "", "  ")
	if err != nil {
		return err
	}
	bw.Write(hb[:len(hb)-2]) // drop the newline and closing brace
	bw.WriteString(",\n  \"findings\": [")
	if err := encodeFindings(bw, res.Findings); err != nil {
		return err
	}
	if len(res.Findings) > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]\n}\n")
	return bw.Flush()
}

// encodeFindings writes the findings array's elements, encoding chunks on
// every core and writing them in order (large scans have 100,000s). The
// parts of a finding that come from its rule (title, compliance,
// remediation, references) are encoded once per rule and spliced in.
func encodeFindings(w *bufio.Writer, fs []*finding.Finding) error {
	const chunk = 256
	frags, err := ruleFragments(fs)
	if err != nil {
		return err
	}
	workers := runtime.GOMAXPROCS(0)
	bufs := make([]bytes.Buffer, workers)
	errs := make([]error, workers)
	for start := 0; start < len(fs); start += chunk * workers {
		var wg sync.WaitGroup
		for k := 0; k < workers; k++ {
			lo := start + k*chunk
			if lo >= len(fs) {
				break
			}
			hi := min(lo+chunk, len(fs))
			wg.Add(1)
			go func(k, lo, hi int) {
				defer wg.Done()
				b := &bufs[k]
				b.Reset()
				for i := lo; i < hi; i++ {
					if i > 0 {
						b.WriteByte(',')
					}
					b.WriteString("\n    ")
					if err := writeFinding(b, fs[i], frags[ruleOf(fs[i])]); err != nil {
						errs[k] = err
						return
					}
				}
			}(k, lo, hi)
		}
		wg.Wait()
		for k := 0; k < workers; k++ {
			if errs[k] != nil {
				return errs[k]
			}
			if start+k*chunk < len(fs) {
				if _, err := w.Write(bufs[k].Bytes()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// A finding object is written as "{" + fragments joined by "," + "\n    }",
// each fragment being "\n      \"key\": value" lines as the indenting
// encoder writes them, so the bytes equal encoding findingJSON whole.
type ruleFrags struct {
	head, compliance, tail []byte // rule_id..severity; compliance; remediation, references
}

func ruleFragments(fs []*finding.Finding) (map[*rule.Rule]*ruleFrags, error) {
	out := map[*rule.Rule]*ruleFrags{}
	for _, f := range fs {
		r := ruleOf(f)
		if out[r] != nil {
			continue
		}
		j := findingJSON(&finding.Finding{Rule: r})
		head, err := fragment(struct {
			RuleID   string `json:"rule_id"`
			Title    string `json:"title"`
			Severity string `json:"severity"`
		}{j.RuleID, j.Title, j.Severity})
		if err != nil {
			return nil, err
		}
		comp, err := fragment(struct {
			Compliance map[string][]string `json:"compliance"`
		}{j.Compliance})
		if err != nil {
			return nil, err
		}
		tail, err := fragment(struct {
			Remediation jsonRemediation `json:"remediation"`
			References  []string        `json:"references"`
		}{j.Remediation, j.References})
		if err != nil {
			return nil, err
		}
		out[r] = &ruleFrags{head, comp, tail}
	}
	return out, nil
}

// fragment encodes v (a struct) as a finding's members: its indented
// object without the opening brace and the closing line.
func fragment(v any) ([]byte, error) {
	b, err := marshalIndent(v, "    ", "  ")
	if err != nil {
		return nil, err
	}
	b = bytes.TrimPrefix(b, []byte("{"))
	return bytes.TrimSuffix(b, []byte("\n    }")), nil
}

func writeFinding(b *bytes.Buffer, f *finding.Finding, rf *ruleFrags) error {
	var reason *string
	if f.Status == finding.Unknown {
		reason = &f.Reason
	}
	mid, err := fragment(struct {
		Status   string           `json:"status"`
		Resource finding.Resource `json:"resource"`
	}{f.Status.String(), f.Resource})
	if err != nil {
		return err
	}
	ev, err := fragment(struct {
		Evidence    map[string]any       `json:"evidence"`
		Reason      *string              `json:"reason,omitempty"`
		Suppression *finding.Suppression `json:"suppression,omitempty"`
		Expired     *finding.Suppression `json:"expired_exception,omitempty"`
	}{evidenceMap(f), reason, f.Suppression, f.Expired})
	if err != nil {
		return err
	}
	b.WriteByte('{')
	for i, part := range [][]byte{rf.head, mid, rf.compliance, ev, rf.tail} {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(part)
	}
	if f.Location != nil {
		loc, err := fragment(struct {
			Location *finding.Location `json:"location"`
		}{f.Location})
		if err != nil {
			return err
		}
		b.WriteByte(',')
		b.Write(loc)
	}
	b.WriteString("\n    }")
	return nil
}

func marshalIndent(v any, prefix, indent string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent(prefix, indent)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v) // Encode ends with a newline
}

func summaryJSON(s *finding.Summary) jsonSummary {
	out := jsonSummary{
		DurationMS:    durationMS(s),
		Sources:       nonNil(s.Sources),
		Assets:        s.Assets,
		AssetsByType:  s.AssetsByType,
		SkippedAssets: s.Skipped,
		Rules:         s.Rules,
		Evaluations:   s.Evaluations,
		Results:       s.Results,
		FailBySeverity: jsonSeverityCount{
			Critical: s.FailBySeverity[rule.Critical.String()],
			High:     s.FailBySeverity[rule.High.String()],
			Medium:   s.FailBySeverity[rule.Medium.String()],
			Low:      s.FailBySeverity[rule.Low.String()],
			Info:     s.FailBySeverity[rule.Info.String()],
		},
		Warnings:       s.Warnings,
		Posture:        postureJSON(s),
		Suppressed:     s.Suppressed,
		Reopened:       s.Reopened,
		ExceptionsFile: s.ExceptionsFile,
		Exceptions:     s.Exceptions,
	}
	if out.Exceptions == nil {
		out.Exceptions = []finding.ExceptionUse{}
	}
	if s.DiffBase != "" {
		out.Diff = &jsonDiff{Base: s.DiffBase, Unchanged: s.Unchanged}
	}
	out.History = s.History
	if !s.StartedAt.IsZero() {
		t := s.StartedAt.UTC().Format(time.RFC3339Nano)
		out.StartedAt = &t
	}
	if out.AssetsByType == nil {
		out.AssetsByType = map[string]int{}
	}
	if out.Warnings == nil {
		out.Warnings = []finding.Warning{}
	}
	out.Gaps = s.Gaps
	if out.Gaps == nil {
		out.Gaps = []asset.Gap{}
	}
	return out
}

func findingJSON(f *finding.Finding) jsonFinding {
	r := ruleOf(f)
	out := jsonFinding{
		RuleID:     r.ID,
		Title:      r.Title,
		Severity:   r.Severity.String(),
		Status:     f.Status.String(),
		Resource:   f.Resource,
		Compliance: complianceMap(r),
		Evidence:   evidenceMap(f),
		Remediation: jsonRemediation{
			Text:      trim(r.Remediation.Text),
			CLI:       trim(r.Remediation.CLI),
			Terraform: trim(r.Remediation.Terraform),
			Console:   trim(r.Remediation.Console),
		},
		References:  nonNil(r.References),
		Location:    f.Location,
		Suppression: f.Suppression,
		Expired:     f.Expired,
	}
	if f.Status == finding.Unknown {
		reason := f.Reason
		out.Reason = &reason
	}
	return out
}
