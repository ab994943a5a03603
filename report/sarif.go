package report

import (
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"cloudward/finding"
	"cloudward/rule"
)

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// sarifFingerprintKey names cloudward's entry in partialFingerprints;
	// bump the suffix if the hashed inputs ever change.
	sarifFingerprintKey = "cloudwardFinding/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
	// Properties carry the history store's view of the scan (drift and
	// lifecycle) when it was recorded.
	Properties map[string]any `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	Help                 sarifHelp          `json:"help"`
	HelpURI              string             `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags             []string `json:"tags"`
	Severity         string   `json:"severity"`
	SecuritySeverity string   `json:"security-severity"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	StartTimeUTC               string              `json:"startTimeUtc,omitempty"`
	EndTimeUTC                 string              `json:"endTimeUtc,omitempty"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level      string         `json:"level"`
	Message    sarifText      `json:"message"`
	Properties map[string]any `json:"properties,omitempty"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Kind                string             `json:"kind"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	RelatedLocations    []sarifLocation    `json:"relatedLocations,omitempty"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          sarifResultProps   `json:"properties"`
}

// sarifSuppression is SARIF's record of an accepted result: code-scanning
// UIs show it as dismissed with the justification.
type sarifSuppression struct {
	Kind          string `json:"kind"`   // inSource: an ignore comment in the code; external: the exceptions file
	Status        string `json:"status"` // accepted
	Justification string `json:"justification"`
	Properties    struct {
		Expires             string `json:"expires,omitempty"`
		Source              string `json:"source"`
		ID                  string `json:"id,omitempty"`
		Owner               string `json:"owner,omitempty"`
		Ticket              string `json:"ticket,omitempty"`
		CompensatingControl string `json:"compensatingControl,omitempty"`
	} `json:"properties"`
}

type sarifResultProps struct {
	Status   string           `json:"status"`
	Severity string           `json:"severity"`
	Resource finding.Resource `json:"resource"`
	Evidence map[string]any   `json:"evidence"`
	Reason   string           `json:"reason,omitempty"`
	// ExpiredException is an exception that covered the result but has
	// expired, so the result is reported again.
	ExpiredException *finding.Suppression `json:"expiredException,omitempty"`
}

type sarifLocation struct {
	ID               int                    `json:"id,omitempty"`
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
	Message          *sarifText             `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
	EndLine   int `json:"endLine,omitempty"`
}

type sarifLogicalLocation struct {
	Name               string `json:"name,omitempty"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// securitySeverity is the CVSS-like score GitHub code scanning reads from
// the security-severity property.
var securitySeverity = map[rule.Severity]string{
	rule.Critical: "9.5",
	rule.High:     "8.0",
	rule.Medium:   "5.5",
	rule.Low:      "3.0",
	rule.Info:     "0.0",
}

// sarifLevel is the level of a failing result of a rule with severity s.
func sarifLevel(s rule.Severity) string {
	switch {
	case s >= rule.High:
		return "error"
	case s == rule.Medium:
		return "warning"
	}
	return "note"
}

func writeSARIF(w io.Writer, res *finding.Result, opts Options) error {
	rules := rulesUsed(res.Findings)
	index := make(map[string]int, len(rules))
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           opts.Tool.Name,
			Version:        opts.Tool.Version,
			InformationURI: opts.Tool.InformationURI,
			Rules:          make([]sarifRule, 0, len(rules)),
		}},
		Invocations: []sarifInvocation{invocation(&res.Summary)},
		Results:     make([]sarifResult, 0, len(res.Findings)),
	}
	for i, r := range rules {
		index[r.ID] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(r))
	}
	for _, f := range res.Findings {
		run.Results = append(run.Results, sarifResultOf(f, index[ruleOf(f).ID]))
	}
	if h := res.Summary.History; h != nil {
		run.Properties = map[string]any{"history": h}
	}
	return encodeJSON(w, sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

func invocation(s *finding.Summary) sarifInvocation {
	inv := sarifInvocation{ExecutionSuccessful: true}
	if !s.StartedAt.IsZero() {
		start := s.StartedAt.UTC()
		inv.StartTimeUTC = start.Format(time.RFC3339Nano)
		inv.EndTimeUTC = start.Add(time.Duration(durationMS(s)) * time.Millisecond).Format(time.RFC3339Nano)
	}
	for _, wn := range s.Warnings {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level:      "warning",
			Message:    sarifText{Text: warningText(wn)},
			Properties: map[string]any{"kind": wn.Kind},
		})
	}
	return inv
}

// warningText renders a scan warning on one line: source:line: message (×count).
func warningText(wn finding.Warning) string {
	var b strings.Builder
	if wn.Source != "" {
		b.WriteString(wn.Source)
		if wn.Line > 0 {
			fmt.Fprintf(&b, ":%d", wn.Line)
		}
		b.WriteString(": ")
	}
	b.WriteString(wn.Message)
	if wn.Count > 1 {
		fmt.Fprintf(&b, " (%d times)", wn.Count)
	}
	return b.String()
}

func sarifRuleOf(r *rule.Rule) sarifRule {
	full := trim(r.Description)
	if full == "" {
		full = r.Title
	}
	tags := []string{"security", "cloud"}
	tags = append(tags, r.Frameworks()...)
	out := sarifRule{
		ID:                   r.ID,
		Name:                 pascalCase(r.Title),
		ShortDescription:     sarifText{Text: r.Title},
		FullDescription:      sarifText{Text: full},
		Help:                 sarifHelp{Text: helpText(r), Markdown: helpMarkdown(r)},
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(r.Severity)},
		Properties: sarifRuleProps{
			Tags:             tags,
			Severity:         r.Severity.String(),
			SecuritySeverity: securitySeverity[r.Severity],
		},
	}
	if len(r.References) > 0 {
		out.HelpURI = r.References[0]
	}
	if out.Name == "" {
		out.Name = r.ID
	}
	return out
}

// pascalCase turns a title into a SARIF rule name: "S3 bucket blocks public
// access" -> "S3BucketBlocksPublicAccess".
func pascalCase(s string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		rs := []rune(w)
		rs[0] = unicode.ToUpper(rs[0])
		b.WriteString(string(rs))
	}
	return b.String()
}

func helpText(r *rule.Rule) string {
	var parts []string
	add := func(label, s string) {
		if s = trim(s); s != "" {
			if label != "" {
				s = label + ": " + s
			}
			parts = append(parts, s)
		}
	}
	add("", r.Description)
	add("Rationale", r.Rationale)
	add("Remediation", r.Remediation.Text)
	add("CLI", r.Remediation.CLI)
	add("Terraform", r.Remediation.Terraform)
	add("Console", r.Remediation.Console)
	if len(r.References) > 0 {
		add("References", strings.Join(r.References, " "))
	}
	if reqs := requirements(r); len(reqs) > 0 {
		add("Compliance", strings.Join(reqs, ", "))
	}
	if len(parts) == 0 {
		return r.Title
	}
	return strings.Join(parts, "\n\n")
}

func helpMarkdown(r *rule.Rule) string {
	var b strings.Builder
	para := func(s string) {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(s)
	}
	para("**" + r.Title + "**")
	if s := trim(r.Description); s != "" {
		para(s)
	}
	if s := trim(r.Rationale); s != "" {
		para("**Rationale.** " + s)
	}
	rem := r.Remediation
	if trim(rem.Text) != "" || trim(rem.CLI) != "" || trim(rem.Terraform) != "" || trim(rem.Console) != "" {
		para("**Remediation**")
		if s := trim(rem.Text); s != "" {
			para(s)
		}
		if s := trim(rem.CLI); s != "" {
			para("CLI:\n\n```sh\n" + s + "\n```")
		}
		if s := trim(rem.Terraform); s != "" {
			para("Terraform:\n\n```hcl\n" + s + "\n```")
		}
		if s := trim(rem.Console); s != "" {
			para("Console: " + s)
		}
	}
	if len(r.References) > 0 {
		items := make([]string, len(r.References))
		for i, ref := range r.References {
			items[i] = "- " + ref
		}
		para("**References**\n\n" + strings.Join(items, "\n"))
	}
	if reqs := requirements(r); len(reqs) > 0 {
		para("**Compliance:** " + strings.Join(reqs, ", "))
	}
	return b.String()
}

func sarifResultOf(f *finding.Finding, ruleIndex int) sarifResult {
	r := ruleOf(f)
	out := sarifResult{
		RuleID:              r.ID,
		RuleIndex:           ruleIndex,
		Message:             sarifText{Text: message(f)},
		PartialFingerprints: map[string]string{sarifFingerprintKey: fingerprint(f)},
		Properties: sarifResultProps{
			Status:   f.Status.String(),
			Severity: r.Severity.String(),
			Resource: f.Resource,
			Evidence: evidenceMap(f),

			ExpiredException: f.Expired,
		},
	}
	if sp := f.Suppression; sp != nil {
		sup := sarifSuppression{Kind: "inSource", Status: "accepted", Justification: sp.Reason}
		if sp.Kind == "exception" {
			sup.Kind = "external"
		}
		sup.Properties.Expires, sup.Properties.Source = sp.Expires, sp.Source
		sup.Properties.ID, sup.Properties.Owner = sp.ID, sp.Owner
		sup.Properties.Ticket, sup.Properties.CompensatingControl = sp.Ticket, sp.CompensatingControl
		out.Suppressions = []sarifSuppression{sup}
	}
	switch f.Status {
	case finding.Fail:
		out.Kind, out.Level = "fail", sarifLevel(r.Severity)
	case finding.Unknown:
		out.Kind, out.Level = "review", "none"
		out.Properties.Reason = f.Reason
	default:
		out.Kind, out.Level = "pass", "none"
	}
	logical := []sarifLogicalLocation{{Name: f.Resource.Name, FullyQualifiedName: f.Resource.ID, Kind: "resource"}}
	if f.Location != nil && f.Location.File != "" {
		loc := sarifLocation{PhysicalLocation: &sarifPhysicalLocation{
			ArtifactLocation: sarifArtifactLocation{URI: fileURI(f.Location.File)},
		}, LogicalLocations: logical}
		if f.Location.StartLine > 0 {
			reg := &sarifRegion{StartLine: f.Location.StartLine}
			if f.Location.EndLine >= f.Location.StartLine {
				reg.EndLine = f.Location.EndLine
			}
			loc.PhysicalLocation.Region = reg
		}
		out.Locations = []sarifLocation{loc}
		// Where the attributes the rule read are written: code-scanning
		// UIs link them from the result.
		for i, a := range f.Location.Attributes {
			out.RelatedLocations = append(out.RelatedLocations, sarifLocation{
				ID: i + 1,
				PhysicalLocation: &sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: fileURI(a.File)},
					Region: &sarifRegion{StartLine: a.StartLine, EndLine: a.EndLine}},
				Message: &sarifText{Text: a.Path},
			})
		}
	} else {
		out.Locations = []sarifLocation{{LogicalLocations: logical}}
	}
	return out
}

// fileURI turns a file path into a SARIF artifact URI: relative paths stay
// relative (code-scanning services resolve them against the repository
// root), absolute ones become file:// URIs.
func fileURI(p string) string {
	slash := filepath.ToSlash(p)
	if filepath.IsAbs(p) || strings.HasPrefix(slash, "/") {
		if !strings.HasPrefix(slash, "/") { // C:/x on Windows
			slash = "/" + slash
		}
		return (&url.URL{Scheme: "file", Path: slash}).String()
	}
	return (&url.URL{Path: slash}).String()
}
