package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
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

	// open maps each uid to its current version before this scan, an
	// index into opens and seen. Neither holds pointers, so a million of
	// them cost the garbage collector nothing to scan.
	open     map[key]int32
	opens    []openVersion
	seen     []atomic.Bool
	names    []string // interned strings, by id (the id is the index)
	accounts sync.Map // accounts the scan covered
	// listed holds account|region|service of every asset the scan saw:
	// where it evidently listed resources. Only there can an asset's
	// absence mean it is gone.
	listed sync.Map
	// listedEverywhere holds account|service of services listed once per
	// account (their assets may still carry regions, as S3 buckets do).
	listedEverywhere sync.Map
	jobs             chan versionJob
	done             chan struct{}
	werr             error
	written          map[key]bool // uids given a version by this scan (writer goroutine only)
	nameIDs          map[string]name
	added            atomic.Int64
	changed          atomic.Int64
	closed           atomic.Bool
}

// openVersion is an asset's current version, kept small and free of
// pointers: a large estate holds a million of them during a scan.
type openVersion struct {
	assetID, fromScan    int64
	hash                 [16]byte
	account, region, typ name
}

// name is an interned string's id (Recording.names).
type name uint32

// nameOf interns s (load phase only: not safe for concurrent use).
func (r *Recording) nameOf(s string) name {
	if id, ok := r.nameIDs[s]; ok {
		return id
	}
	id := name(len(r.names))
	r.names = append(r.names, s)
	r.nameIDs[s] = id
	return id
}

// key identifies a string (a uid, a rule and uid) in the recording's maps
// by 128 bits of a per-process hash, instead of holding the string.
type key [2]uint64

var keySeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

func keyOf(s string) key {
	return key{maphash.String(keySeeds[0], s), maphash.String(keySeeds[1], s)}
}

type versionJob struct {
	a    assetRow
	key  key
	hash string
	body any          // encodeContent's
	prev *openVersion // nil for a new asset
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
		if strings.Contains(err.Error(), "database is locked") || strings.Contains(err.Error(), "SQLITE_BUSY") {
			return nil, fmt.Errorf("store %s: another scan is recording into it; run this one when it has finished", s.Location)
		}
		return nil, fmt.Errorf("store %s: %w", s.Location, err)
	}
	if s.dialect == Postgres {
		// Scans of one scope record one after the other.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, info.Scope); err != nil {
			tx.Rollback()
			return nil, fmt.Errorf("store %s: %w", s.Location, err)
		}
	}
	r := &Recording{s: s, tx: tx, ctx: ctx, info: info, open: map[key]int32{},
		jobs: make(chan versionJob, 256), done: make(chan struct{}), written: map[key]bool{},
		nameIDs: map[string]name{}}
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
	rows, err := tx.QueryContext(ctx, s.rebind(`SELECT a.uid, a.id, a.account, a.region, a.type, v.hash, v.from_scan
		FROM asset_records a JOIN asset_versions v ON v.asset_id = a.id
		WHERE a.scope = ? AND v.to_scan IS NULL`), info.Scope)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		var uid, account, region, typ, hash string
		var ov openVersion
		if err := rows.Scan(&uid, &ov.assetID, &account, &region, &typ, &hash, &ov.fromScan); err != nil {
			rows.Close()
			return fail(err)
		}
		hex.Decode(ov.hash[:], []byte(hash))
		ov.account, ov.region, ov.typ = r.nameOf(account), r.nameOf(region), r.nameOf(typ)
		r.open[keyOf(uid)] = int32(len(r.opens))
		r.opens = append(r.opens, ov)
	}
	if err := rows.Close(); err != nil {
		return fail(err)
	}
	r.seen = make([]atomic.Bool, len(r.opens))
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
	hash := [16]byte(sum[:16])
	acct := r.s.cleanString(a.Account)
	r.accounts.Store(acct, true)
	r.listed.Store(acct+"|"+r.s.cleanString(a.Region)+"|"+serviceOf(a.Type), true)
	uid := r.s.cleanString(UID(a.Type, a.Account, a.Region, a.ID))
	k := keyOf(uid)
	var prev *openVersion
	if i, ok := r.open[k]; ok {
		if r.seen[i].Swap(true) || r.opens[i].hash == hash {
			return nil // unchanged, or a duplicate line of the same asset
		}
		prev = &r.opens[i]
	}
	select {
	case r.jobs <- versionJob{a: assetRow{uid, a.Provider, a.Type, a.Account, a.Region, a.ID, a.Name}, key: k,
		hash: hex.EncodeToString(hash[:]), body: r.s.encodeContent(content), prev: prev}:
		return nil
	case <-r.done:
		return r.werr
	}
}

// writer writes new and changed asset versions, in the scan's
// transaction, in batches: a few statements per batch instead of several
// round trips per asset, which matters most for PostgreSQL.
func (r *Recording) writer() {
	defer close(r.done)
	batch := make([]versionJob, 0, writeBatch)
	for j := range r.jobs {
		if r.werr != nil {
			continue // drain
		}
		if r.written[j.key] {
			continue // a duplicate line of a new asset: the first wins
		}
		r.written[j.key] = true
		batch = append(batch, j)
		if len(batch) == writeBatch || len(r.jobs) == 0 {
			r.werr = r.writeBatch(batch)
			batch = batch[:0]
		}
	}
	if r.werr == nil && len(batch) > 0 {
		r.werr = r.writeBatch(batch)
	}
}

// writeBatch is how many asset versions one batch writes.
const writeBatch = 200

func (r *Recording) writeBatch(jobs []versionJob) error {
	ctx, tx := r.ctx, r.tx
	// Contents, once per hash.
	var blobRows [][]any
	seen := map[string]bool{}
	for _, j := range jobs {
		if !seen[j.hash] {
			seen[j.hash] = true
			blobRows = append(blobRows, []any{j.hash, j.body})
		}
	}
	if _, err := r.s.insert(ctx, tx, "blobs", "hash, body", blobRows, "ON CONFLICT (hash) DO NOTHING"); err != nil {
		return err
	}
	// Close the changed assets' current versions.
	var closing []any
	ids := make(map[string]int64, len(jobs))
	var fresh [][]any
	for _, j := range jobs {
		if j.prev != nil {
			closing = append(closing, j.prev.assetID)
			r.changed.Add(1)
		} else {
			r.added.Add(1)
		}
		// Every asset row is upserted, so a renamed asset shows its name.
		fresh = append(fresh, []any{r.info.Scope, j.a.uid, j.a.provider, j.a.typ, j.a.account, j.a.region, j.a.id, j.a.name})
	}
	if len(closing) > 0 {
		args := append([]any{r.ScanID}, closing...)
		if _, err := r.exec(r.s.rebind(`UPDATE asset_versions SET to_scan = ? WHERE to_scan IS NULL AND asset_id IN (`+placeholders(len(closing))+`)`), args...); err != nil {
			return err
		}
	}
	// New assets, changed ones, and ones known before, removed and now
	// back: the row is kept, with the current name.
	if len(fresh) > 0 {
		rows, err := r.s.insert(ctx, tx, "asset_records", "scope, uid, provider, type, account, region, resource_id, name", fresh,
			"ON CONFLICT (scope, uid) DO UPDATE SET name = excluded.name RETURNING id, uid")
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var uid string
			if err := rows.Scan(&id, &uid); err != nil {
				rows.Close()
				return err
			}
			ids[uid] = id
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	versions := make([][]any, 0, len(jobs))
	for _, j := range jobs {
		id, ok := ids[j.a.uid]
		if !ok {
			return fmt.Errorf("asset %s: no id after insert", j.a.uid)
		}
		versions = append(versions, []any{id, j.hash, r.ScanID})
	}
	_, err := r.s.insert(ctx, tx, "asset_versions", "asset_id, hash, from_scan", versions, "")
	return err
}

// insert writes rows with one multi-row INSERT; suffix may add ON
// CONFLICT and RETURNING clauses, whose rows are returned (closed when
// there is no RETURNING).
func (s *Store) insert(ctx context.Context, tx *sql.Tx, table, cols string, rows [][]any, suffix string) (*sql.Rows, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + cols + ") VALUES ")
	tuple := "(" + placeholders(len(rows[0])) + ")"
	args := make([]any, 0, len(rows)*len(rows[0]))
	for i, row := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(tuple)
		args = append(args, row...)
	}
	b.WriteString(" " + suffix)
	args = s.clean(args)
	if strings.Contains(suffix, "RETURNING") {
		return tx.QueryContext(ctx, s.rebind(b.String()), args...)
	}
	_, err := tx.ExecContext(ctx, s.rebind(b.String()), args...)
	return nil, err
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
		covered[r.s.cleanString(f.Resource.Account)] = true
	}
	// Assets the scan did not see are gone only where it evidently listed
	// their kind: it saw other assets of the same account, region and
	// service (a scan of one region or service says nothing of the
	// others), skipped no unreadable line (any could be the asset), and
	// has no gap saying the service could not be listed.
	unlisted := map[string]bool{} // account|service
	for _, g := range res.Summary.Gaps {
		if g.Resource == "" {
			unlisted[g.Account+"|"+g.Service] = true
		}
	}
	// The collector's listing records say where it listed completely, even
	// where it found nothing (the last bucket of a region was deleted). A
	// service listed once per account ("global") covers every region.
	for _, l := range res.Summary.Listed {
		acct := r.s.cleanString(l.Account)
		if l.Region == "global" {
			r.listedEverywhere.Store(acct+"|"+l.Service, true)
		}
		r.listed.Store(acct+"|"+r.s.cleanString(l.Region)+"|"+l.Service, true)
		covered[acct] = true
	}
	removed := map[key]bool{}
	for k, i := range r.open {
		ov := &r.opens[i]
		account, region, typ := r.names[ov.account], r.names[ov.region], r.names[ov.typ]
		if r.seen[i].Load() || !covered[account] {
			continue
		}
		_, ok := r.listed.Load(account + "|" + region + "|" + serviceOf(typ))
		if !ok {
			_, ok = r.listedEverywhere.Load(account + "|" + serviceOf(typ))
		}
		if !ok ||
			res.Summary.Skipped+res.Summary.Unreadable > 0 || unlisted[account+"|"+serviceOf(typ)] {
			out.Unsure++
			continue
		}
		if _, err := r.exec(q(`UPDATE asset_versions SET to_scan = ? WHERE asset_id = ? AND from_scan = ? AND to_scan IS NULL`),
			r.ScanID, ov.assetID, ov.fromScan); err != nil {
			return out, err
		}
		removed[k] = true
		out.Removed++
	}
	if err := r.findings(res, covered, removed, &out); err != nil {
		return out, err
	}
	for _, t := range res.Summary.Tallies {
		if _, err := r.exec(q(`INSERT INTO scan_tallies (scan_id, rule_id, account, pass, fail, unknown) VALUES (?, ?, ?, ?, ?, ?)`),
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
	finished := time.Now() // the scan ends as it is recorded
	_, err := r.exec(q(`UPDATE scan_records SET finished_at = ?, assets = ?, pass = ?, fail = ?, unknown = ?, suppressed = ?,
		gaps = ?, accounts = ?, drift_added = ?, drift_removed = ?, drift_changed = ? WHERE id = ?`),
		formatTime(finished), sum.Assets, sum.Results.Pass, sum.Results.Fail, sum.Results.Unknown, sum.Suppressed,
		string(gaps), string(acctJSON), out.Added, out.Removed, out.Changed, r.ScanID)
	return out, err
}

// existing is a findings row as the lifecycle needs it, kept small (a
// large estate has hundreds of thousands): strings that repeat are
// interned, and what is only compared is kept as a hash.
type existing struct {
	id                                           int64
	uid                                          key
	ruleID, account, state, status, suppressedBy name     // interned: the struct holds no pointers
	content                                      [16]byte // reason, evidence, title, severity and name
	seen, unseen                                 bool
}

// findingContent hashes what a finding's row holds besides its state.
func findingContent(reason, evidence, title, severity, name string) [16]byte {
	h := sha256.New()
	for _, s := range []string{reason, evidence, title, severity, name} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return [16]byte(h.Sum(nil)[:16])
}

// findings applies the lifecycle: new findings open, findings seen again
// stay open (or reopen), open findings of evaluated rules in covered
// accounts that the scan no longer reports are resolved.
func (r *Recording) findings(res *finding.Result, covered map[string]bool, removed map[key]bool, out *Recorded) error {
	q, ctx, tx := r.s.rebind, r.ctx, r.tx
	// The scan before this one covering each account: where the open
	// findings not written since were last seen.
	prevCover := map[string]int64{}
	prow, err := tx.QueryContext(ctx, q(`SELECT account, MAX(scan_id) FROM scan_accounts WHERE scope = ? GROUP BY account`), r.info.Scope)
	if err != nil {
		return err
	}
	for prow.Next() {
		var acct string
		var id int64
		if err := prow.Scan(&acct, &id); err != nil {
			prow.Close()
			return err
		}
		prevCover[acct] = id
	}
	if err := prow.Close(); err != nil {
		return err
	}
	for acct := range covered {
		if _, err := r.exec(q(`INSERT INTO scan_accounts (scope, account, scan_id) VALUES (?, ?, ?)`), r.info.Scope, acct, r.ScanID); err != nil {
			return err
		}
	}
	rows, err := tx.QueryContext(ctx, q(`SELECT id, rule_id, asset_uid, account, state, status, reason, evidence, suppressed_by,
		unseen_since IS NOT NULL, title, severity, resource_name FROM finding_records WHERE scope = ?`), r.info.Scope)
	if err != nil {
		return err
	}
	// have maps each finding's rule and uid to its index in exs.
	have := map[key]int32{}
	var exs []existing
	for rows.Next() {
		var e existing
		var uid, evidence, ruleID, account, state, status, suppressedBy, reason, title, severity, name string
		if err := rows.Scan(&e.id, &ruleID, &uid, &account, &state, &status, &reason, &evidence, &suppressedBy, &e.unseen, &title, &severity, &name); err != nil {
			rows.Close()
			return err
		}
		e.ruleID, e.account, e.state, e.status = r.nameOf(ruleID), r.nameOf(account), r.nameOf(state), r.nameOf(status)
		e.suppressedBy = r.nameOf(suppressedBy)
		e.uid = keyOf(uid)
		e.content = findingContent(reason, evidence, title, severity, name)
		have[keyOf(ruleID+"\x00"+uid)] = int32(len(exs))
		exs = append(exs, e)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	// Events and new findings are written in batches at the end.
	var events [][]any
	event := func(id int64, ev, detail string) error {
		events = append(events, []any{id, r.ScanID, ev, detail})
		return nil
	}
	type newFinding struct {
		row    []any
		key    key
		status string
		suppBy string
	}
	var fresh []newFinding
	// New findings and events are written in batches as they accumulate,
	// so a first scan of a large estate does not hold them all.
	flushEvents := func(all bool) error {
		for len(events) >= writeBatch || (all && len(events) > 0) {
			n := min(len(events), writeBatch)
			if _, err := r.s.insert(ctx, tx, "finding_events", "finding_id, scan_id, event, detail", events[:n], ""); err != nil {
				return err
			}
			events = events[n:]
		}
		return nil
	}
	flushFresh := func(all bool) error {
		for len(fresh) >= writeBatch/2 || (all && len(fresh) > 0) {
			n := min(len(fresh), writeBatch/2)
			chunk := fresh[:n]
			fresh = fresh[n:]
			rows := make([][]any, n)
			byKey := make(map[key]newFinding, n)
			for i, nf := range chunk {
				rows[i] = nf.row
				byKey[nf.key] = nf
			}
			res, err := r.s.insert(ctx, tx, "finding_records", `scope, rule_id, asset_uid, title, severity, provider, type, account, region,
			resource_id, resource_name, state, status, reason, evidence, location, suppressed_by, suppression, first_seen, last_seen, reopened`,
				rows, "RETURNING id, rule_id, asset_uid")
			if err != nil {
				return err
			}
			for res.Next() {
				var id int64
				var ruleID, uid string
				if err := res.Scan(&id, &ruleID, &uid); err != nil {
					res.Close()
					return err
				}
				nf := byKey[keyOf(ruleID+"\x00"+uid)]
				exs[have[nf.key]].id = id
				event(id, "opened", nf.status)
				if nf.suppBy != "" {
					event(id, "suppressed", nf.suppBy)
				}
			}
			if err := res.Close(); err != nil {
				return err
			}
		}
		return flushEvents(all)
	}
	for _, f := range res.Findings {
		if f.Status == finding.Pass || f.Rule == nil {
			continue
		}
		uid := r.s.cleanString(UID(f.Resource.Type, f.Resource.Account, f.Resource.Region, f.Resource.ID))
		evJSON, _ := json.Marshal(f.EvidenceMap())
		ev := r.s.cleanString(string(evJSON))
		reason := r.s.cleanString(f.Reason)
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
		fk := keyOf(f.Rule.ID + "\x00" + uid)
		i, known := have[fk]
		switch {
		case !known:
			fresh = append(fresh, newFinding{key: fk, status: f.Status.String(), suppBy: supBy, row: []any{
				r.info.Scope, f.Rule.ID, uid, f.Rule.Title, f.Rule.Severity.String(), f.Resource.Provider, f.Resource.Type,
				f.Resource.Account, f.Resource.Region, f.Resource.ID, f.Resource.Name, "open", f.Status.String(), f.Reason,
				ev, loc, supBy, sup, r.ScanID, r.ScanID, 0}})
			out.Opened++
			have[fk] = int32(len(exs))
			exs = append(exs, existing{seen: true}) // its id is set once inserted
			if err := flushFresh(false); err != nil {
				return err
			}
			continue
		case exs[i].seen:
			continue // reported twice in one scan
		}
		e := &exs[i] // no append to exs until the next finding
		e.seen = true
		status, suppressedBy := r.names[e.status], r.names[e.suppressedBy]
		reopen := r.names[e.state] != "open"
		if !reopen && !e.unseen && status == f.Status.String() && suppressedBy == supBy &&
			e.content == findingContent(reason, ev, r.s.cleanString(f.Rule.Title), f.Rule.Severity.String(), r.s.cleanString(f.Resource.Name)) {
			continue // unchanged: no write (last seen follows scan_accounts)
		}
		if _, err := r.exec(q(`UPDATE finding_records SET state = 'open', status = ?, reason = ?, evidence = ?, location = ?,
			suppressed_by = ?, suppression = ?, last_seen = ?, unseen_since = NULL, resolved_in = NULL, reopened = reopened + ?, title = ?,
			severity = ?, resource_name = ? WHERE id = ?`),
			f.Status.String(), reason, ev, loc, supBy, sup, r.ScanID, boolInt(reopen), f.Rule.Title, f.Rule.Severity.String(),
			f.Resource.Name, e.id); err != nil {
			return err
		}
		switch {
		case reopen:
			out.Reopened++
			if err := event(e.id, "reopened", f.Status.String()); err != nil {
				return err
			}
		case status != f.Status.String():
			if err := event(e.id, "status", status+" -> "+f.Status.String()); err != nil {
				return err
			}
		}
		if suppressedBy != supBy {
			kind, detail := "suppressed", supBy
			if supBy == "" {
				kind, detail = "unsuppressed", suppressedBy
			}
			if err := event(e.id, kind, detail); err != nil {
				return err
			}
		}
	}
	if err := flushFresh(true); err != nil {
		return err
	}
	evaluated := map[string]bool{}
	for _, id := range r.info.RuleIDs {
		evaluated[id] = true
	}
	for i := range exs {
		e := &exs[i]
		if e.seen { // seen, or new in this scan (its names are not set)
			continue
		}
		account, ruleID := r.names[e.account], r.names[e.ruleID]
		if r.names[e.state] != "open" || !covered[account] {
			continue
		}
		// Where it was last seen: its last write if it was already unseen,
		// else the account's previous covering scan.
		lastSeen := prevCover[account]
		detail := "no longer failing"
		switch {
		case removed[e.uid] && evaluated[ruleID]:
			detail = "asset removed"
		case !evaluated[ruleID] || !r.sawAsset(e.uid):
			// The rule was not run, or the asset was not seen nor known to
			// be removed: no verdict. Note once that it went unseen.
			if !e.unseen && lastSeen > 0 {
				if _, err := r.exec(q(`UPDATE finding_records SET unseen_since = ?, last_seen = ? WHERE id = ?`), r.ScanID, lastSeen, e.id); err != nil {
					return err
				}
			}
			continue
		}
		if e.unseen {
			if _, err := r.exec(q(`UPDATE finding_records SET state = 'resolved', resolved_in = ?, unseen_since = NULL WHERE id = ?`),
				r.ScanID, e.id); err != nil {
				return err
			}
		} else if _, err := r.exec(q(`UPDATE finding_records SET state = 'resolved', resolved_in = ?,
			last_seen = CASE WHEN ? > 0 THEN ? ELSE last_seen END WHERE id = ?`), r.ScanID, lastSeen, lastSeen, e.id); err != nil {
			return err
		}
		out.Resolved++
		if err := event(e.id, "resolved", detail); err != nil {
			return err
		}
	}
	return flushEvents(true)
}

// sawAsset reports whether the scan saw the asset (after the writer is done).
func (r *Recording) sawAsset(k key) bool {
	if i, ok := r.open[k]; ok && r.seen[i].Load() {
		return true
	}
	return r.written[k]
}

// serviceOf is the service of an asset type: aws.s3.bucket → s3.
func serviceOf(typ string) string {
	parts := strings.SplitN(typ, ".", 3)
	if len(parts) < 2 {
		return ""
	}
	return parts[1]
}

// exec runs a statement of the scan's transaction with its strings made
// storable (see Store.clean).
func (r *Recording) exec(query string, args ...any) (sql.Result, error) {
	return r.tx.ExecContext(r.ctx, query, r.s.clean(args)...)
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
