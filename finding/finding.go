// Package finding defines the Finding every report format renders, the scan
// summary, and the stable JSON contract (see docs/findings.md).
package finding

import (
	"sort"
	"time"

	"cloudward/asset"
	"cloudward/engine"
	"cloudward/rule"
)

// Status of a finding: PASS, FAIL or UNKNOWN.
type Status = engine.Status

// Statuses.
const (
	Pass    = engine.Pass
	Fail    = engine.Fail
	Unknown = engine.Unknown
)

// Resource identifies the asset a finding is about.
type Resource struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Provider string `json:"provider"`
	Account  string `json:"account"`
	Region   string `json:"region"`
	Name     string `json:"name"`
}

// Location points at the code an asset came from (IaC), when it did.
type Location struct {
	File      string `json:"file"`
	StartLine int    `json:"start_line"`
	EndLine   int    `json:"end_line"`
	// Attributes locates the attributes the rule read, where the code
	// writes them (possibly in another resource folded into this one).
	Attributes []AttributeLocation `json:"attributes,omitempty"`
}

// AttributeLocation is where code writes one attribute a rule read.
type AttributeLocation struct {
	Path      string `json:"path"` // as in evidence: resource.public_access_block.block_public_policy
	File      string `json:"file"`
	StartLine int    `json:"start_line"`
	EndLine   int    `json:"end_line"`
}

// Finding is the outcome of one rule on one resource.
type Finding struct {
	Rule     *rule.Rule
	Resource Resource
	Status   Status
	// Evidence lists the attribute values the rule read, in path order.
	Evidence []engine.Evidence
	// Reason explains an UNKNOWN.
	Reason   string
	Location *Location
	// Suppression, when set, records why the finding is accepted (an
	// inline ignore comment in the code). A suppressed finding is still
	// reported — separately — and never fails a --fail-on check.
	Suppression *Suppression
	// Expired, when set, is an exception that covered the finding but has
	// expired: the finding is reported again, and says so.
	Expired *Suppression
}

// EvidenceMap returns the evidence as path → value, unknown values as
// {"$unknown": reason}: the form every report writes.
func (f *Finding) EvidenceMap() map[string]any {
	m := make(map[string]any, len(f.Evidence))
	for _, e := range f.Evidence {
		if e.Unknown != "" {
			m[e.Path] = map[string]string{asset.UnknownKey: e.Unknown}
			continue
		}
		m[e.Path] = e.Value
	}
	return m
}

// Suppression is why a finding is accepted.
type Suppression struct {
	// Kind is "inline" (an ignore comment in the code) or "exception"
	// (an entry of the exceptions file).
	Kind                string `json:"kind"`
	ID                  string `json:"id,omitempty"` // the exception's id
	Reason              string `json:"reason"`       // required
	Owner               string `json:"owner,omitempty"`
	Expires             string `json:"expires,omitempty"` // YYYY-MM-DD; after it the finding is reported again
	Ticket              string `json:"ticket,omitempty"`
	CompensatingControl string `json:"compensating_control,omitempty"`
	Source              string `json:"source"` // where the suppression is written, file:line
}

// ExceptionUse is how one exception applied in a scan.
type ExceptionUse struct {
	ID      string `json:"id"`
	Owner   string `json:"owner"`
	Expires string `json:"expires"`
	Status  string `json:"status"`  // active, expiring (within 14 days) or expired
	Matched int    `json:"matched"` // findings it covered (expired: reopened)
	Source  string `json:"source"`
}

// Warning is a non-fatal problem met during a scan (a malformed inventory
// line, an unknown asset type, ignored attributes).
type Warning struct {
	Source  string `json:"source"`         // file or input name
	Line    int    `json:"line,omitempty"` // 1-based line, when it applies
	Kind    string `json:"kind"`           // malformed_line, unknown_type, ignored_attribute, rule_error
	Message string `json:"message"`
	Count   int    `json:"count,omitempty"` // occurrences folded into this warning
}

// Counts tallies results by status.
type Counts struct {
	Pass    int `json:"pass"`
	Fail    int `json:"fail"`
	Unknown int `json:"unknown"`
}

// Add counts one result.
func (c *Counts) Add(s Status) {
	switch s {
	case Pass:
		c.Pass++
	case Fail:
		c.Fail++
	case Unknown:
		c.Unknown++
	}
}

// Total is the number of results counted.
func (c Counts) Total() int { return c.Pass + c.Fail + c.Unknown }

// Summary describes a whole scan.
type Summary struct {
	StartedAt      time.Time      `json:"started_at"`
	Duration       time.Duration  `json:"-"`
	DurationMS     int64          `json:"duration_ms"`
	Sources        []string       `json:"sources"`
	Assets         int            `json:"assets"`
	AssetsByType   map[string]int `json:"assets_by_type"`
	Rules          int            `json:"rules"`
	Evaluations    int            `json:"evaluations"`
	Results        Counts         `json:"results"`
	FailBySeverity map[string]int `json:"fail_by_severity"`
	Skipped        int            `json:"skipped_assets"` // assets not loaded (malformed or unknown type)
	// Unreadable counts inputs that could not be read at all (IaC files
	// with errors): like skipped lines, they may hold assets the scan
	// therefore did not see.
	Unreadable int       `json:"-"`
	Warnings   []Warning `json:"warnings"`
	// Gaps lists what the collector could not read, folded: identical
	// failures (same account, region, API and code) count in one entry.
	Gaps []asset.Gap `json:"gaps"`
	// Listed says which services the collector listed completely, per
	// account and region (from the inventory's listing records).
	Listed []asset.Listing `json:"-"`
	// Suppressed counts the findings that carry a Suppression.
	Suppressed int `json:"suppressed"`
	// Reopened counts the findings whose only exceptions have expired.
	Reopened int `json:"reopened"`
	// Exceptions lists the exceptions file's entries and what each
	// covered; ExceptionsFile names the file.
	ExceptionsFile string         `json:"exceptions_file,omitempty"`
	Exceptions     []ExceptionUse `json:"exceptions,omitempty"`
	// DiffBase, when set, is the revision or saved report the findings
	// were compared with (scan iac --diff): only new findings are listed,
	// and Unchanged counts those left out because the base has them.
	DiffBase  string `json:"-"`
	Unchanged int    `json:"-"`
	// History, when the scan was recorded in a store, says where and what
	// changed since the store's previous state.
	History *History `json:"-"`
	// Tallies counts every result (PASS included, whether listed or not)
	// per rule and account, sorted by rule then account: what compliance
	// statuses and posture scores are computed from.
	Tallies []Tally `json:"-"`
}

// History is what recording a scan in the store found: drift of the
// assets and the findings' lifecycle since the previous scan.
type History struct {
	Store    string `json:"store"`
	ScanID   int64  `json:"scan_id"`
	Previous int64  `json:"previous_scan_id"` // 0 for the scope's first scan
	Added    int    `json:"assets_added"`
	Removed  int    `json:"assets_removed"`
	Changed  int    `json:"assets_changed"`
	Unsure   int    `json:"assets_unsure"` // not seen, but not known to be removed (skipped lines, unlisted services)
	Opened   int    `json:"findings_new"`
	Reopened int    `json:"findings_reopened"`
	Resolved int    `json:"findings_resolved"`
}

// Tally counts one rule's results in one account.
type Tally struct {
	Rule    *rule.Rule
	Account string
	Counts
}

// Result is everything a scan produced.
type Result struct {
	Summary  Summary
	Findings []*Finding // sorted: see Sort
}

// Sort orders findings for reading: FAIL before UNKNOWN before PASS, then
// by severity (highest first), rule id, account, region and resource id.
func Sort(fs []*Finding) {
	rank := func(s Status) int {
		switch s {
		case Fail:
			return 0
		case Unknown:
			return 1
		}
		return 2
	}
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if ra, rb := rank(a.Status), rank(b.Status); ra != rb {
			return ra < rb
		}
		if a.Rule.Severity != b.Rule.Severity {
			return a.Rule.Severity > b.Rule.Severity
		}
		if a.Rule.ID != b.Rule.ID {
			return a.Rule.ID < b.Rule.ID
		}
		if a.Resource.Account != b.Resource.Account {
			return a.Resource.Account < b.Resource.Account
		}
		if a.Resource.Region != b.Resource.Region {
			return a.Resource.Region < b.Resource.Region
		}
		return a.Resource.ID < b.Resource.ID
	})
}
