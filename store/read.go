package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Scan is a recorded scan.
type Scan struct {
	ID           int64           `json:"id"`
	Kind         string          `json:"kind"`
	Scope        string          `json:"scope"`
	Sources      []string        `json:"sources"`
	StartedAt    string          `json:"started_at"`
	FinishedAt   string          `json:"finished_at"`
	ToolVersion  string          `json:"tool_version"`
	RulesVersion string          `json:"rules_version"`
	Rules        int             `json:"rules"`
	Assets       int             `json:"assets"`
	Pass         int             `json:"pass"`
	Fail         int             `json:"fail"`
	Unknown      int             `json:"unknown"`
	Suppressed   int             `json:"suppressed"`
	Gaps         json.RawMessage `json:"gaps"`
	Accounts     []string        `json:"accounts"`
	DriftAdded   int             `json:"drift_added"`
	DriftRemoved int             `json:"drift_removed"`
	DriftChanged int             `json:"drift_changed"`
}

const scanCols = `id, kind, scope, sources, started_at, finished_at, tool_version, rules_version, rules, assets, pass, fail, unknown,
	suppressed, gaps, accounts, drift_added, drift_removed, drift_changed`

func scanScan(row interface{ Scan(...any) error }) (Scan, error) {
	var s Scan
	var sources, gaps, accounts string
	err := row.Scan(&s.ID, &s.Kind, &s.Scope, &sources, &s.StartedAt, &s.FinishedAt, &s.ToolVersion, &s.RulesVersion, &s.Rules,
		&s.Assets, &s.Pass, &s.Fail, &s.Unknown, &s.Suppressed, &gaps, &accounts, &s.DriftAdded, &s.DriftRemoved, &s.DriftChanged)
	if err != nil {
		return s, err
	}
	json.Unmarshal([]byte(sources), &s.Sources)
	json.Unmarshal([]byte(accounts), &s.Accounts)
	s.Gaps = json.RawMessage(gaps)
	return s, nil
}

// ErrNotFound is returned for a scan, asset or record that does not exist.
var ErrNotFound = errors.New("not found")

// Scans lists recorded scans, newest first; limit 0 means all.
func (s *Store) Scans(ctx context.Context, scope string, limit int) ([]Scan, error) {
	query := `SELECT ` + scanCols + ` FROM scan_records`
	var args []any
	if scope != "" {
		query += ` WHERE scope = ?`
		args = append(args, scope)
	}
	query += ` ORDER BY id DESC`
	if limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Scan
	for rows.Next() {
		sc, err := scanScan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, rows.Err()
}

// GetScan returns one scan.
func (s *Store) GetScan(ctx context.Context, id int64) (Scan, error) {
	sc, err := scanScan(s.db.QueryRowContext(ctx, s.rebind(`SELECT `+scanCols+` FROM scan_records WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return sc, fmt.Errorf("scan %d: %w (see `cloudward scans list`)", id, ErrNotFound)
	}
	return sc, err
}

// LatestScan returns the newest scan of a scope.
func (s *Store) LatestScan(ctx context.Context, scope string) (Scan, error) {
	sc, err := scanScan(s.db.QueryRowContext(ctx, s.rebind(`SELECT `+scanCols+` FROM scan_records WHERE scope = ? ORDER BY id DESC LIMIT 1`), scope))
	if errors.Is(err, sql.ErrNoRows) {
		return sc, fmt.Errorf("no scan of scope %q recorded: %w", scope, ErrNotFound)
	}
	return sc, err
}

// FindingRecord is a finding with its lifecycle.
type FindingRecord struct {
	ID           int64           `json:"id"`
	Scope        string          `json:"scope"`
	RuleID       string          `json:"rule_id"`
	Title        string          `json:"title"`
	Severity     string          `json:"severity"`
	Provider     string          `json:"provider"`
	Type         string          `json:"type"`
	Account      string          `json:"account"`
	Region       string          `json:"region"`
	ResourceID   string          `json:"resource_id"`
	ResourceName string          `json:"resource_name"`
	State        string          `json:"state"`  // open or resolved
	Status       string          `json:"status"` // FAIL or UNKNOWN, as last seen
	Reason       string          `json:"reason,omitempty"`
	Evidence     json.RawMessage `json:"evidence"`
	Location     json.RawMessage `json:"location,omitempty"`
	SuppressedBy string          `json:"suppressed_by,omitempty"`
	Suppression  json.RawMessage `json:"suppression,omitempty"`
	FirstSeen    int64           `json:"first_seen_scan"`
	LastSeen     int64           `json:"last_seen_scan"`
	ResolvedIn   *int64          `json:"resolved_scan"`
	Reopened     int             `json:"reopened"`
}

// effectiveLastSeen is a finding's last sighting: last_seen is written on
// transitions only, so an open finding not marked unseen was last seen by
// the latest scan covering its account.
const effectiveLastSeen = `CASE WHEN state = 'open' AND unseen_since IS NULL
	THEN COALESCE((SELECT MAX(sa.scan_id) FROM scan_accounts sa WHERE sa.scope = finding_records.scope AND sa.account = finding_records.account), last_seen)
	ELSE last_seen END`

// FindingFilter selects findings. Empty fields select everything.
type FindingFilter struct {
	Scope      string
	State      string   // open, resolved
	Status     string   // FAIL, UNKNOWN
	Suppressed *bool    // only suppressed (true) or only not suppressed (false)
	Severities []string // any of
	RuleIDs    []string // any of
	Accounts   []string
	Regions    []string
	Types      []string
	NewSince   int64 // first seen after this scan
	Limit      int
}

// Findings lists findings, most severe and newest first.
func (s *Store) Findings(ctx context.Context, f FindingFilter) ([]FindingRecord, error) {
	var c conds
	c.eq("scope", f.Scope)
	c.eq("state", f.State)
	c.eq("status", f.Status)
	c.in("severity", f.Severities)
	c.in("rule_id", f.RuleIDs)
	c.in("account", f.Accounts)
	c.in("region", f.Regions)
	c.in("type", f.Types)
	if f.Suppressed != nil {
		if *f.Suppressed {
			c.add("suppressed_by <> ''")
		} else {
			c.add("suppressed_by = ''")
		}
	}
	if f.NewSince > 0 {
		c.add("first_seen > ?", f.NewSince)
	}
	query := `SELECT id, scope, rule_id, title, severity, provider, type, account, region, resource_id, resource_name, state, status,
		reason, evidence, location, suppressed_by, suppression, first_seen, ` + effectiveLastSeen + `, resolved_in, reopened FROM finding_records`
	query += c.sql()
	query += ` ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END,
		rule_id, account, region, resource_id`
	if f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(query), c.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []FindingRecord{}
	for rows.Next() {
		var r FindingRecord
		var ev, loc, sup string
		var resolved sql.NullInt64
		if err := rows.Scan(&r.ID, &r.Scope, &r.RuleID, &r.Title, &r.Severity, &r.Provider, &r.Type, &r.Account, &r.Region,
			&r.ResourceID, &r.ResourceName, &r.State, &r.Status, &r.Reason, &ev, &loc, &r.SuppressedBy, &sup,
			&r.FirstSeen, &r.LastSeen, &resolved, &r.Reopened); err != nil {
			return nil, err
		}
		r.Evidence = json.RawMessage(ev)
		if loc != "" {
			r.Location = json.RawMessage(loc)
		}
		if sup != "" {
			r.Suppression = json.RawMessage(sup)
		}
		if resolved.Valid {
			r.ResolvedIn = &resolved.Int64
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// FindingEvent is one step of a finding's lifecycle.
type FindingEvent struct {
	ScanID int64  `json:"scan"`
	At     string `json:"at"`
	Event  string `json:"event"`
	Detail string `json:"detail"`
}

// FindingHistory lists a finding's events, oldest first.
func (s *Store) FindingHistory(ctx context.Context, id int64) ([]FindingEvent, error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT e.scan_id, s.started_at, e.event, e.detail FROM finding_events e
		JOIN scan_records s ON s.id = e.scan_id WHERE e.finding_id = ? ORDER BY e.scan_id, e.id`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FindingEvent
	for rows.Next() {
		var e FindingEvent
		if err := rows.Scan(&e.ScanID, &e.At, &e.Event, &e.Detail); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// AssetRecord is an asset as recorded at some scan.
type AssetRecord struct {
	UID        string          `json:"uid"`
	Scope      string          `json:"scope"`
	Provider   string          `json:"provider"`
	Type       string          `json:"type"`
	Account    string          `json:"account"`
	Region     string          `json:"region"`
	ResourceID string          `json:"id"`
	Name       string          `json:"name"`
	FromScan   int64           `json:"from_scan"`
	ToScan     *int64          `json:"to_scan"` // nil while current
	Hash       string          `json:"hash"`
	Content    json.RawMessage `json:"content,omitempty"`
}

// AssetFilter selects assets.
type AssetFilter struct {
	Scope    string
	AtScan   int64 // the state at this scan; 0 for the current state
	Types    []string
	Accounts []string
	Regions  []string
	UIDs     []string
	// Match, when set, keeps assets whose id or name contains it (case
	// does not matter).
	Match   string
	Content bool // load each asset's content
	Limit   int
}

// Assets lists assets as of a scan (or now).
func (s *Store) Assets(ctx context.Context, f AssetFilter) ([]AssetRecord, error) {
	var c conds
	c.add("a.scope = ?", f.Scope)
	if f.AtScan > 0 {
		c.add("v.from_scan <= ? AND (v.to_scan IS NULL OR v.to_scan > ?)", f.AtScan, f.AtScan)
	} else {
		c.add("v.to_scan IS NULL")
	}
	c.in("a.type", f.Types)
	c.in("a.account", f.Accounts)
	c.in("a.region", f.Regions)
	c.in("a.uid", f.UIDs)
	if f.Match != "" {
		pat := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToLower(f.Match)) + "%"
		c.add(`(LOWER(a.resource_id) LIKE ? ESCAPE '\' OR LOWER(a.name) LIKE ? ESCAPE '\')`, pat, pat)
	}
	query := `SELECT a.uid, a.scope, a.provider, a.type, a.account, a.region, a.resource_id, a.name, v.from_scan, v.to_scan, v.hash`
	if f.Content {
		query += `, b.body FROM asset_records a JOIN asset_versions v ON v.asset_id = a.id JOIN blobs b ON b.hash = v.hash`
	} else {
		query += ` FROM asset_records a JOIN asset_versions v ON v.asset_id = a.id`
	}
	query += c.sql() + " ORDER BY a.type, a.account, a.region, a.resource_id"
	if f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return s.assetRows(ctx, query, c.args, f.Content)
}

func (s *Store) assetRows(ctx context.Context, query string, args []any, content bool) ([]AssetRecord, error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []AssetRecord{}
	for rows.Next() {
		var r AssetRecord
		var to sql.NullInt64
		dest := []any{&r.UID, &r.Scope, &r.Provider, &r.Type, &r.Account, &r.Region, &r.ResourceID, &r.Name, &r.FromScan, &to, &r.Hash}
		var body any
		if content {
			dest = append(dest, &body)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if to.Valid {
			r.ToScan = &to.Int64
		}
		if content {
			raw, err := decodeContent(body)
			if err != nil {
				return nil, fmt.Errorf("asset %s: %w", r.UID, err)
			}
			r.Content = json.RawMessage(raw)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AssetHistory returns every version of the asset of a scope whose uid or
// resource id is ref, oldest first. A resource id that several assets
// share (the same id in two regions) is refused, naming their uids.
func (s *Store) AssetHistory(ctx context.Context, scope, ref string) ([]AssetRecord, error) {
	query := `SELECT a.uid, a.scope, a.provider, a.type, a.account, a.region, a.resource_id, a.name, v.from_scan, v.to_scan, v.hash, b.body
		FROM asset_records a JOIN asset_versions v ON v.asset_id = a.id JOIN blobs b ON b.hash = v.hash
		WHERE a.scope = ? AND (a.uid = ? OR a.resource_id = ?) ORDER BY a.uid, v.from_scan`
	out, err := s.assetRows(ctx, query, []any{scope, ref, ref}, true)
	if err == nil && len(out) == 0 {
		return nil, fmt.Errorf("asset %q: %w in scope %s (see `cloudward inventory list`)", ref, ErrNotFound, scope)
	}
	var uids []string
	for _, a := range out {
		if len(uids) == 0 || uids[len(uids)-1] != a.UID {
			uids = append(uids, a.UID)
		}
	}
	if len(uids) > 1 {
		return nil, fmt.Errorf("%q names %d assets; give one of their uids: %s", ref, len(uids), strings.Join(uids, ", "))
	}
	return out, err
}

// conds builds a WHERE clause with ? placeholders.
type conds struct {
	where []string
	args  []any
}

func (c *conds) add(clause string, args ...any) {
	c.where = append(c.where, clause)
	c.args = append(c.args, args...)
}

// eq adds col = v unless v is empty.
func (c *conds) eq(col, v string) {
	if v != "" {
		c.add(col+" = ?", v)
	}
}

// in adds col IN (vs…) unless vs is empty.
func (c *conds) in(col string, vs []string) {
	if len(vs) == 0 {
		return
	}
	args := make([]any, len(vs))
	for i, v := range vs {
		args[i] = v
	}
	c.add(col+" IN ("+placeholders(len(vs))+")", args...)
}

func (c *conds) sql() string {
	if len(c.where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.where, " AND ")
}

// placeholders is "?, ?, …" for n values.
func placeholders(n int) string { return "?" + strings.Repeat(", ?", n-1) }
