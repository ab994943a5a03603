package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cloudward/asset"
	"cloudward/finding"
)

// ScanInfo describes a scan being recorded.
type ScanInfo struct {
	Kind         string // snapshot, aws, iac
	Scope        string // ScopeCloud, or IaCScope(paths)
	Sources      []string
	StartedAt    time.Time
	ToolVersion  string
	RulesVersion string
	// RuleIDs are the rules the scan evaluated: only their findings can be
	// resolved by it.
	RuleIDs []string
}

// ScopeCloud is the scope of scans of cloud accounts (inventories and live
// collection): assets are identified by provider, account, region, type
// and id across scans.
const ScopeCloud = "cloud"

// IaCScope is the scope of an IaC scan of the given paths: code at other
// paths is another scope, so its addresses are not confused with these.
func IaCScope(paths []string) string {
	ps := slices.Clone(paths)
	sort.Strings(ps)
	return "iac:" + strings.Join(ps, ",")
}

// UID identifies an asset within a scope.
func UID(typ, account, region, id string) string {
	return typ + "|" + account + "|" + region + "|" + id
}

// Recording is a scan being written. Add is safe for concurrent use (scan
// workers call it); Finish commits, Abort rolls back.
type Recording struct {
	s      *Store
	tx     *sql.Tx
	ctx    context.Context
	ScanID int64
	info   ScanInfo

	open     map[string]*openVersion // uid -> current version before this scan
	accounts sync.Map                // accounts the scan covered
	jobs     chan versionJob
	done     chan struct{}
	werr     error
	written  map[string]bool // uids given a version by this scan (writer goroutine only)
	added    atomic.Int64
	changed  atomic.Int64
	closed   atomic.Bool
}

type openVersion struct {
	assetID  int64
	hash     string
	fromScan int64
	account  string
	seen     atomic.Bool
}

type versionJob struct {
	a    assetRow
	hash string
	body string
	prev *openVersion
}

type assetRow struct {
	uid, provider, typ, account, region, id, name string
}

// BeginScan starts recording a scan.
func (s *Store) BeginScan(ctx context.Context, info ScanInfo) (*Recording, error) {
	if info.Scope == "" {
		info.Scope = ScopeCloud
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", s.Location, err)
	}
	r := &Recording{s: s, tx: tx, ctx: ctx, info: info, open: map[string]*openVersion{},
		jobs: make(chan versionJob, 256), done: make(chan struct{}), written: map[string]bool{}}
	fail := func(err error) (*Recording, error) {
		tx.Rollback()
		return nil, fmt.Errorf("store %s: %w", s.Location, err)
	}
	sources, _ := json.Marshal(nonNilStrings(info.Sources))
	t := formatTime(info.StartedAt)
	err = tx.QueryRowContext(ctx, s.rebind(`INSERT INTO scan_records (kind, scope, sources, started_at, finished_at, tool_version, rules_version,
		rules, assets, pass, fail, unknown, suppressed, gaps, accounts, drift_added, drift_removed, drift_changed)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, '[]', '[]', 0, 0, 0) RETURNING id`),
		info.Kind, info.Scope, string(sources), t, t, info.ToolVersion, info.RulesVersion, len(info.RuleIDs)).Scan(&r.ScanID)
	if err != nil {
		return fail(err)
	}
	rows, err := tx.QueryContext(ctx, s.rebind(`SELECT a.uid, a.id, a.account, v.hash, v.from_scan
		FROM asset_records a JOIN asset_versions v ON v.asset_id = a.id
		WHERE a.scope = ? AND v.to_scan IS NULL`), info.Scope)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		var uid string
		ov := &openVersion{}
		if err := rows.Scan(&uid, &ov.assetID, &ov.account, &ov.hash, &ov.fromScan); err != nil {
			rows.Close()
			return fail(err)
		}
		r.open[uid] = ov
	}
	if err := rows.Close(); err != nil {
		return fail(err)
	}
	go r.writer()
	return r, nil
}

// Add records one asset of the scan: nothing is written when it is the
// same as the asset's current version.
func (r *Recording) Add(a *asset.Asset) error {
	if r.closed.Load() {
		return errors.New("store: Add after Finish")
	}
	content, err := a.ContentJSON()
	if err != nil {
		return err
	}
	sum := sha256.Sum256(content)
	hash := hex.EncodeToString(sum[:])
	r.accounts.Store(a.Account, true)
	uid := UID(a.Type, a.Account, a.Region, a.ID)
	prev := r.open[uid]
	if prev != nil {
		if prev.seen.Swap(true) || prev.hash == hash {
			return nil // unchanged, or a duplicate line of the same asset
		}
	}
	select {
	case r.jobs <- versionJob{a: assetRow{uid, a.Provider, a.Type, a.Account, a.Region, a.ID, a.Name}, hash: hash, body: string(content), prev: prev}:
		return nil
	case <-r.done:
		return r.werr
	}
}

// writer writes new and changed asset versions, in the scan's transaction.
func (r *Recording) writer() {
	defer close(r.done)
	q := r.s.rebind
	for j := range r.jobs {
		if r.werr != nil {
			continue // drain
		}
		if r.written[j.a.uid] {
			continue // a duplicate line of a new asset: the first wins
		}
		r.written[j.a.uid] = true
		if _, err := r.tx.ExecContext(r.ctx, q(`INSERT INTO blobs (hash, body) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING`), j.hash, j.body); err != nil {
			r.werr = err
			continue
		}
		assetID := int64(0)
		if j.prev != nil {
			assetID = j.prev.assetID
			if _, err := r.tx.ExecContext(r.ctx, q(`UPDATE asset_versions SET to_scan = ? WHERE asset_id = ? AND from_scan = ?`),
				r.ScanID, assetID, j.prev.fromScan); err != nil {
				r.werr = err
				continue
			}
			r.changed.Add(1)
		} else {
			err := r.tx.QueryRowContext(r.ctx, q(`SELECT id FROM asset_records WHERE scope = ? AND uid = ?`), r.info.Scope, j.a.uid).Scan(&assetID)
			if errors.Is(err, sql.ErrNoRows) {
				err = r.tx.QueryRowContext(r.ctx, q(`INSERT INTO asset_records (scope, uid, provider, type, account, region, resource_id, name)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
					r.info.Scope, j.a.uid, j.a.provider, j.a.typ, j.a.account, j.a.region, j.a.id, j.a.name).Scan(&assetID)
			} else if err == nil {
				// Known before (removed, now back): keep its name current.
				_, err = r.tx.ExecContext(r.ctx, q(`UPDATE asset_records SET name = ? WHERE id = ?`), j.a.name, assetID)
			}
			if err != nil {
				r.werr = err
				continue
			}
			r.added.Add(1)
		}
		if _, err := r.tx.ExecContext(r.ctx, q(`INSERT INTO asset_versions (asset_id, hash, from_scan) VALUES (?, ?, ?)`),
			assetID, j.hash, r.ScanID); err != nil {
			r.werr = err
		}
	}
}

// Abort rolls the scan back: the store is as before BeginScan.
func (r *Recording) Abort() {
	if r.closed.Swap(true) {
		return
	}
	close(r.jobs)
	<-r.done
	r.tx.Rollback()
}

// Recorded is what recording a scan found.
type Recorded struct {
	ScanID int64
	// Previous is the scope's scan before this one (0 for the first).
	Previous int64
	// Drift since the store's previous state of the scan's accounts.
	Added, Removed, Changed int
	// Unsure counts assets the scan did not see but that are not marked
	// removed: the scan skipped lines it could not read, or could not list
	// their service (a coverage gap), so their absence proves nothing.
	Unsure int
	// Findings' lifecycle in this scan.
	Opened, Reopened, Resolved int
}

// Finish writes the scan's findings, tallies and summary, and commits.
// res is the scan's result; its findings must be the FAIL and UNKNOWN ones
// (PASS findings are ignored).
func (r *Recording) Finish(res *finding.Result) (Recorded, error) {
	if r.closed.Swap(true) {
		return Recorded{}, errors.New("store: Finish after Abort or Finish")
	}
	close(r.jobs)
	<-r.done
	out, err := r.finish(res)
	if err != nil {
		r.tx.Rollback()
		return Recorded{}, fmt.Errorf("store %s: recording scan: %w", r.s.Location, err)
	}
	if err := r.tx.Commit(); err != nil {
		return Recorded{}, fmt.Errorf("store %s: committing scan: %w", r.s.Location, err)
	}
	return out, nil
}

func (r *Recording) finish(res *finding.Result) (Recorded, error) {
	if r.werr != nil {
		return Recorded{}, r.werr
	}
	q, ctx, tx := r.s.rebind, r.ctx, r.tx
	out := Recorded{ScanID: r.ScanID, Added: int(r.added.Load()), Changed: int(r.changed.Load())}
	if err := tx.QueryRowContext(ctx, q(`SELECT COALESCE(MAX(id), 0) FROM scan_records WHERE scope = ? AND id < ?`),
		r.info.Scope, r.ScanID).Scan(&out.Previous); err != nil {
		return out, err
	}
	covered := map[string]bool{}
	r.accounts.Range(func(k, _ any) bool { covered[k.(string)] = true; return true })
	for _, f := range res.Findings {
		covered[f.Resource.Account] = true
	}
	// Assets of covered accounts the scan did not see are gone — unless
	// the scan skipped unreadable lines (any of them could be the asset)
	// or could not list the asset's service in its account.
	unlisted := map[string]bool{} // account|service
	for _, g := range res.Summary.Gaps {
		if g.Resource == "" {
			unlisted[g.Account+"|"+g.Service] = true
		}
	}
	removed := map[string]bool{}
	for uid, ov := range r.open {
		if ov.seen.Load() || !covered[ov.account] {
			continue
		}
		typ, _, _ := strings.Cut(uid, "|")
		if res.Summary.Skipped > 0 || unlisted[ov.account+"|"+serviceOf(typ)] {
			out.Unsure++
			continue
		}
		if _, err := tx.ExecContext(ctx, q(`UPDATE asset_versions SET to_scan = ? WHERE asset_id = ? AND from_scan = ?`),
			r.ScanID, ov.assetID, ov.fromScan); err != nil {
			return out, err
		}
		removed[uid] = true
		out.Removed++
	}
	if err := r.findings(res, covered, removed, &out); err != nil {
		return out, err
	}
	for _, t := range res.Summary.Tallies {
		if _, err := tx.ExecContext(ctx, q(`INSERT INTO scan_tallies (scan_id, rule_id, account, pass, fail, unknown) VALUES (?, ?, ?, ?, ?, ?)`),
			r.ScanID, t.Rule.ID, t.Account, t.Pass, t.Fail, t.Unknown); err != nil {
			return out, err
		}
	}
	accounts := make([]string, 0, len(covered))
	for a := range covered {
		accounts = append(accounts, a)
	}
	sort.Strings(accounts)
	acctJSON, _ := json.Marshal(accounts)
	gaps, _ := json.Marshal(res.Summary.Gaps)
	if res.Summary.Gaps == nil {
		gaps = []byte("[]")
	}
	sum := res.Summary
	finished := r.info.StartedAt.Add(sum.Duration)
	if sum.Duration == 0 {
		finished = time.Now()
	}
	_, err := tx.ExecContext(ctx, q(`UPDATE scan_records SET finished_at = ?, assets = ?, pass = ?, fail = ?, unknown = ?, suppressed = ?,
		gaps = ?, accounts = ?, drift_added = ?, drift_removed = ?, drift_changed = ? WHERE id = ?`),
		formatTime(finished), sum.Assets, sum.Results.Pass, sum.Results.Fail, sum.Results.Unknown, sum.Suppressed,
		string(gaps), string(acctJSON), out.Added, out.Removed, out.Changed, r.ScanID)
	return out, err
}

// existing is a findings row as the lifecycle needs it.
type existing struct {
	id                                     int64
	ruleID, account, state, status, reason string
	evidence, suppressedBy                 string
	seen                                   bool
}

// findings applies the lifecycle: new findings open, findings seen again
// stay open (or reopen), open findings of evaluated rules in covered
// accounts that the scan no longer reports are resolved.
func (r *Recording) findings(res *finding.Result, covered, removed map[string]bool, out *Recorded) error {
	q, ctx, tx := r.s.rebind, r.ctx, r.tx
	rows, err := tx.QueryContext(ctx, q(`SELECT id, rule_id, asset_uid, account, state, status, reason, evidence, suppressed_by
		FROM finding_records WHERE scope = ?`), r.info.Scope)
	if err != nil {
		return err
	}
	have := map[string]*existing{}
	for rows.Next() {
		var e existing
		var uid string
		if err := rows.Scan(&e.id, &e.ruleID, &uid, &e.account, &e.state, &e.status, &e.reason, &e.evidence, &e.suppressedBy); err != nil {
			rows.Close()
			return err
		}
		have[e.ruleID+"\x00"+uid] = &e
	}
	if err := rows.Close(); err != nil {
		return err
	}
	event := func(id int64, ev, detail string) error {
		_, err := tx.ExecContext(ctx, q(`INSERT INTO finding_events (finding_id, scan_id, event, detail) VALUES (?, ?, ?, ?)`), id, r.ScanID, ev, detail)
		return err
	}
	for _, f := range res.Findings {
		if f.Status == finding.Pass || f.Rule == nil {
			continue
		}
		uid := UID(f.Resource.Type, f.Resource.Account, f.Resource.Region, f.Resource.ID)
		ev, _ := json.Marshal(f.EvidenceMap())
		loc := ""
		if f.Location != nil {
			b, _ := json.Marshal(f.Location)
			loc = string(b)
		}
		supBy, sup := "", ""
		if s := f.Suppression; s != nil {
			supBy = s.ID
			if supBy == "" {
				supBy = s.Kind
			}
			b, _ := json.Marshal(s)
			sup = string(b)
		}
		e := have[f.Rule.ID+"\x00"+uid]
		switch {
		case e == nil:
			var id int64
			err := tx.QueryRowContext(ctx, q(`INSERT INTO finding_records (scope, rule_id, asset_uid, title, severity, provider, type, account, region,
				resource_id, resource_name, state, status, reason, evidence, location, suppressed_by, suppression, first_seen, last_seen, reopened)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING id`),
				r.info.Scope, f.Rule.ID, uid, f.Rule.Title, f.Rule.Severity.String(), f.Resource.Provider, f.Resource.Type,
				f.Resource.Account, f.Resource.Region, f.Resource.ID, f.Resource.Name, f.Status.String(), f.Reason,
				string(ev), loc, supBy, sup, r.ScanID, r.ScanID).Scan(&id)
			if err != nil {
				return err
			}
			out.Opened++
			if err := event(id, "opened", f.Status.String()); err != nil {
				return err
			}
			if supBy != "" {
				if err := event(id, "suppressed", supBy); err != nil {
					return err
				}
			}
			have[f.Rule.ID+"\x00"+uid] = &existing{id: id, seen: true}
			continue
		case e.seen:
			continue // reported twice in one scan
		}
		e.seen = true
		reopen := e.state != "open"
		if !reopen && e.status == f.Status.String() && e.reason == f.Reason && e.evidence == string(ev) && e.suppressedBy == supBy {
			continue // unchanged: last_seen is set in bulk below
		}
		if _, err := tx.ExecContext(ctx, q(`UPDATE finding_records SET state = 'open', status = ?, reason = ?, evidence = ?, location = ?,
			suppressed_by = ?, suppression = ?, last_seen = ?, resolved_in = NULL, reopened = reopened + ?, title = ?, severity = ?, resource_name = ?
			WHERE id = ?`),
			f.Status.String(), f.Reason, string(ev), loc, supBy, sup, r.ScanID, boolInt(reopen), f.Rule.Title, f.Rule.Severity.String(),
			f.Resource.Name, e.id); err != nil {
			return err
		}
		switch {
		case reopen:
			out.Reopened++
			if err := event(e.id, "reopened", f.Status.String()); err != nil {
				return err
			}
		case e.status != f.Status.String():
			if err := event(e.id, "status", e.status+" -> "+f.Status.String()); err != nil {
				return err
			}
		}
		if e.suppressedBy != supBy {
			kind, detail := "suppressed", supBy
			if supBy == "" {
				kind, detail = "unsuppressed", e.suppressedBy
			}
			if err := event(e.id, kind, detail); err != nil {
				return err
			}
		}
	}
	evaluated := map[string]bool{}
	for _, id := range r.info.RuleIDs {
		evaluated[id] = true
	}
	for key, e := range have {
		if e.seen || e.state != "open" || !evaluated[e.ruleID] || !covered[e.account] {
			continue
		}
		_, uid, _ := strings.Cut(key, "\x00")
		detail := "no longer failing"
		switch {
		case removed[uid]:
			detail = "asset removed"
		case !r.sawAsset(uid):
			continue // the asset was not seen, nor known to be removed: no verdict
		}
		if _, err := tx.ExecContext(ctx, q(`UPDATE finding_records SET state = 'resolved', resolved_in = ? WHERE id = ?`), r.ScanID, e.id); err != nil {
			return err
		}
		out.Resolved++
		if err := event(e.id, "resolved", detail); err != nil {
			return err
		}
	}
	// Open findings seen again, unchanged: one statement per chunk of ids.
	var ids []int64
	for _, e := range have {
		if e.seen && e.state == "open" {
			ids = append(ids, e.id)
		}
	}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		chunk := ids[:n]
		ids = ids[n:]
		args := make([]any, 0, n+1)
		args = append(args, r.ScanID)
		for _, id := range chunk {
			args = append(args, id)
		}
		if _, err := tx.ExecContext(ctx, q(`UPDATE finding_records SET last_seen = ? WHERE id IN (?`+strings.Repeat(", ?", n-1)+`)`), args...); err != nil {
			return err
		}
	}
	return nil
}

// sawAsset reports whether the scan saw the asset (after the writer is done).
func (r *Recording) sawAsset(uid string) bool {
	if ov := r.open[uid]; ov != nil && ov.seen.Load() {
		return true
	}
	return r.written[uid]
}

// serviceOf is the service of an asset type: aws.s3.bucket → s3.
func serviceOf(typ string) string {
	parts := strings.SplitN(typ, ".", 3)
	if len(parts) < 2 {
		return ""
	}
	return parts[1]
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
