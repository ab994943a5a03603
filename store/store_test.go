package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/valyala/fastjson"

	"cloudward/asset"
	"cloudward/asset/aws"
	"cloudward/engine"
	"cloudward/exception"
	"cloudward/finding"
	"cloudward/internal/testenv"
	"cloudward/rule"
)

var reg = asset.NewRegistry(aws.Types()...)

// backends runs a conformance test against SQLite and PostgreSQL.
func backends(t *testing.T, test func(t *testing.T, s *Store)) {
	t.Run("sqlite", func(t *testing.T) {
		s, err := Open(context.Background(), filepath.Join(t.TempDir(), "store.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		test(t, s)
	})
	t.Run("postgres", func(t *testing.T) {
		s, err := Open(context.Background(), testenv.StartPostgres(t))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		test(t, s)
	})
}

func bucket(t testing.TB, account, name string, versioning string) *asset.Asset {
	t.Helper()
	line := fmt.Sprintf(`{"type":"aws.s3.bucket","account":%q,"region":"us-east-1","id":"arn:aws:s3:::%s","name":%q,
		"tags":{"env":"prod"},"attributes":{"versioning":{"status":%q}},
		"source":{"collector":"aws","collected_at":%q}}`, account, name, name, versioning, time.Now().Format(time.RFC3339Nano))
	v, err := fastjson.Parse(line)
	if err != nil {
		t.Fatal(err)
	}
	d, err := reg.Decode(v)
	if err != nil {
		t.Fatal(err)
	}
	return d.Asset
}

var (
	ruleVersioning = &rule.Rule{ID: "CW-TEST-001", Title: "Bucket versioning", Severity: rule.Medium}
	ruleLogging    = &rule.Rule{ID: "CW-TEST-002", Title: "Bucket logging", Severity: rule.High}
)

func fail(r *rule.Rule, a *asset.Asset, st finding.Status) *finding.Finding {
	return &finding.Finding{Rule: r, Status: st,
		Resource: finding.Resource{ID: a.ID, Type: a.Type, Provider: a.Provider, Account: a.Account, Region: a.Region, Name: a.Name},
		Evidence: []engine.Evidence{{Path: "resource.versioning.status", Value: "Suspended"}}}
}

// record records one scan of the given assets and findings.
func record(t *testing.T, s *Store, assets []*asset.Asset, fs []*finding.Finding) Recorded {
	t.Helper()
	rec, err := s.BeginScan(context.Background(), ScanInfo{Kind: "snapshot", Sources: []string{"inv.jsonl"}, StartedAt: time.Now(),
		ToolVersion: "test", RulesVersion: "r1", RuleIDs: []string{ruleVersioning.ID, ruleLogging.ID}})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, a := range assets {
		wg.Add(1)
		go func() { // scan workers add concurrently
			defer wg.Done()
			if err := rec.Add(a); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	res := &finding.Result{Findings: fs}
	res.Summary.Assets = len(assets)
	tallies := map[[2]string]*finding.Tally{}
	for _, f := range fs {
		k := [2]string{f.Rule.ID, f.Resource.Account}
		if tallies[k] == nil {
			tallies[k] = &finding.Tally{Rule: f.Rule, Account: f.Resource.Account}
		}
		tallies[k].Add(f.Status)
	}
	for _, tl := range tallies {
		res.Summary.Tallies = append(res.Summary.Tallies, *tl)
	}
	out, err := rec.Finish(res)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func count(t *testing.T, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestMigrations(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		v, err := s.SchemaVersion(ctx)
		ms, _ := Migrations()
		if err != nil || v != ms[len(ms)-1].Version {
			t.Fatalf("schema version %d (%v), want %d", v, err, ms[len(ms)-1].Version)
		}
		// Opening again migrates nothing and keeps the data.
		record(t, s, []*asset.Asset{bucket(t, "111111111111", "a", "Enabled")}, nil)
		again, err := Open(ctx, s.dsn)
		if err != nil {
			t.Fatal(err)
		}
		if n := count(t, again, "scan_records"); n != 1 {
			t.Errorf("%d scans after reopening, want 1", n)
		}
		// A store from a newer cloudward is refused, not misread.
		if _, err := s.db.Exec(s.rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', '')`), 999); err != nil {
			t.Fatal(err)
		}
		again.Close()
		if _, err := Open(ctx, s.dsn); !errors.Is(err, ErrNewerSchema) {
			t.Errorf("opening a newer store: %v, want ErrNewerSchema", err)
		}
	})
}

// TestLifecycle follows assets and findings through four scans.
func TestLifecycle(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		const acct = "111111111111"
		a, b, c := bucket(t, acct, "a", "Enabled"), bucket(t, acct, "b", "Suspended"), bucket(t, acct, "c", "Enabled")
		r1 := record(t, s, []*asset.Asset{a, b, c}, []*finding.Finding{fail(ruleVersioning, b, finding.Fail), fail(ruleLogging, c, finding.Unknown)})
		if r1.Added != 3 || r1.Opened != 2 {
			t.Errorf("scan 1: %+v", r1)
		}
		blobs, versions := count(t, s, "blobs"), count(t, s, "asset_versions")

		// Scan 2: a unchanged (collected again: only collected_at differs),
		// b fixed, c removed, d new and failing.
		a2, b2, d := bucket(t, acct, "a", "Enabled"), bucket(t, acct, "b", "Enabled"), bucket(t, acct, "d", "Suspended")
		r2 := record(t, s, []*asset.Asset{a2, b2, d}, []*finding.Finding{fail(ruleVersioning, d, finding.Fail)})
		if r2.Added != 1 || r2.Changed != 1 || r2.Removed != 1 || r2.Opened != 1 || r2.Resolved != 2 {
			t.Errorf("scan 2: %+v", r2)
		}
		if n := count(t, s, "blobs"); n != blobs+2 {
			t.Errorf("blobs %d → %d: the unchanged asset must cost nothing, the changed and new one a blob each", blobs, n)
		}
		if n := count(t, s, "asset_versions"); n != versions+2 {
			t.Errorf("versions %d → %d, want +2", versions, n)
		}

		// Scan 3: b regresses (same content as in scan 1: no new blob) and
		// its finding reopens; d's finding is seen again.
		b3 := bucket(t, acct, "b", "Suspended")
		r3 := record(t, s, []*asset.Asset{a2, b3, d}, []*finding.Finding{fail(ruleVersioning, b3, finding.Fail), fail(ruleVersioning, d, finding.Fail)})
		if r3.Reopened != 1 || r3.Changed != 1 || r3.Opened != 0 {
			t.Errorf("scan 3: %+v", r3)
		}
		if n := count(t, s, "blobs"); n != blobs+2 {
			t.Errorf("a version seen before must reuse its blob: %d blobs, want %d", n, blobs+2)
		}

		open, err := s.Findings(ctx, FindingFilter{Scope: ScopeCloud, State: "open"})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]FindingRecord{}
		for _, f := range open {
			got[f.ResourceID] = f
		}
		if len(open) != 2 || got["arn:aws:s3:::b"].Reopened != 1 || got["arn:aws:s3:::b"].FirstSeen != r1.ScanID ||
			got["arn:aws:s3:::d"].FirstSeen != r2.ScanID || got["arn:aws:s3:::d"].LastSeen != r3.ScanID {
			t.Errorf("open findings: %+v", open)
		}
		resolved, _ := s.Findings(ctx, FindingFilter{Scope: ScopeCloud, State: "resolved"})
		if len(resolved) != 1 || resolved[0].ResourceID != "arn:aws:s3:::c" || *resolved[0].ResolvedIn != r2.ScanID || resolved[0].LastSeen != r1.ScanID {
			t.Errorf("resolved: %+v", resolved)
		}
		if fs, _ := s.Findings(ctx, FindingFilter{Scope: ScopeCloud, NewSince: r1.ScanID}); len(fs) != 1 || fs[0].ResourceID != "arn:aws:s3:::d" {
			t.Errorf("new since scan 1: %+v", fs)
		}
		if fs, _ := s.Findings(ctx, FindingFilter{Scope: ScopeCloud, Severities: []string{"high"}}); len(fs) != 1 || fs[0].RuleID != ruleLogging.ID {
			t.Errorf("high findings: %+v", fs)
		}
		hist, err := s.FindingHistory(ctx, got["arn:aws:s3:::b"].ID)
		if err != nil || len(hist) != 3 || hist[0].Event != "opened" || hist[1].Event != "resolved" || hist[2].Event != "reopened" {
			t.Errorf("history of b's finding: %+v %v", hist, err)
		}

		// Drift from scan 1 to scan 2, attribute by attribute.
		ch, err := s.Drift(ctx, ScopeCloud, r1.ScanID, r2.ScanID, DriftFilter{})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]AssetChange{}
		for _, c := range ch {
			kinds[c.Name] = c
		}
		if len(ch) != 3 || kinds["c"].Change != Removed || kinds["d"].Change != Added || kinds["b"].Change != Changed {
			t.Fatalf("drift 1→2: %+v", ch)
		}
		if diffs := kinds["b"].Diffs; len(diffs) != 1 || diffs[0].Path != "attributes.versioning.status" ||
			diffs[0].Old != "Suspended" || diffs[0].New != "Enabled" {
			t.Errorf("b's diffs: %+v", diffs)
		}
		// Inventory at each scan, and an asset's history.
		at1, _ := s.Assets(ctx, AssetFilter{Scope: ScopeCloud, AtScan: r1.ScanID})
		now, _ := s.Assets(ctx, AssetFilter{Scope: ScopeCloud, Content: true})
		if len(at1) != 3 || len(now) != 3 || !strings.Contains(string(now[0].Content), `"versioning"`) {
			t.Errorf("inventory at scan 1: %d assets, now: %d", len(at1), len(now))
		}
		h, err := s.AssetHistory(ctx, ScopeCloud, "arn:aws:s3:::b")
		if err != nil || len(h) != 3 || h[0].ToScan == nil || *h[0].ToScan != r2.ScanID || h[2].ToScan != nil {
			t.Errorf("b's history: %+v %v", h, err)
		}
		scans, _ := s.Scans(ctx, "", 0)
		if len(scans) != 3 || scans[0].ID != r3.ScanID || scans[1].DriftRemoved != 1 || scans[0].Accounts[0] != acct {
			t.Errorf("scans: %+v", scans)
		}
	})
}

// TestScopeOfAccounts: a scan of one account neither removes the assets nor
// resolves the findings of another.
func TestScopeOfAccounts(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		x, y := bucket(t, "111111111111", "x", "Suspended"), bucket(t, "222222222222", "y", "Suspended")
		record(t, s, []*asset.Asset{x, y}, []*finding.Finding{fail(ruleVersioning, x, finding.Fail), fail(ruleVersioning, y, finding.Fail)})
		r := record(t, s, []*asset.Asset{bucket(t, "111111111111", "x", "Suspended")}, []*finding.Finding{fail(ruleVersioning, x, finding.Fail)})
		if r.Removed != 0 || r.Resolved != 0 {
			t.Errorf("scan of one account: %+v", r)
		}
		open, _ := s.Findings(context.Background(), FindingFilter{State: "open"})
		if len(open) != 2 {
			t.Errorf("%d open findings, want 2", len(open))
		}
		// Nor does a scan of one region remove another region's assets of
		// the same account.
		other := bucket(t, "111111111111", "z", "Suspended")
		other.Region = "eu-west-1"
		record(t, s, []*asset.Asset{bucket(t, "111111111111", "x", "Suspended"), other}, []*finding.Finding{fail(ruleVersioning, other, finding.Fail)})
		r = record(t, s, []*asset.Asset{bucket(t, "111111111111", "x", "Suspended")}, nil)
		if r.Removed != 0 || r.Resolved != 0 || r.Unsure != 1 {
			t.Errorf("scan of one region: %+v (want z not seen but not removed, its finding open)", r)
		}
		if open, _ := s.Findings(context.Background(), FindingFilter{State: "open", Regions: []string{"eu-west-1"}}); len(open) != 1 {
			t.Errorf("the other region's finding was resolved: %+v", open)
		}
	})
}

func TestBaselines(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		const acct = "111111111111"
		r1 := record(t, s, []*asset.Asset{bucket(t, acct, "a", "Enabled"), bucket(t, acct, "b", "Enabled")}, nil)
		if _, err := s.ApproveBaseline(ctx, Baseline{Scope: ScopeCloud, Account: acct, ScanID: r1.ScanID, ApprovedBy: "alice"}); err != nil {
			t.Fatal(err)
		}
		r2 := record(t, s, []*asset.Asset{bucket(t, acct, "a", "Suspended"), bucket(t, acct, "b", "Suspended"), bucket(t, acct, "c", "Enabled")}, nil)
		// b's new state is approved on its own.
		if _, err := s.ApproveBaseline(ctx, Baseline{Scope: ScopeCloud, AssetUID: "arn:aws:s3:::b", ScanID: r2.ScanID, ApprovedBy: "bob", Note: "suspended on purpose"}); err != nil {
			t.Fatal(err)
		}
		ch, err := s.DriftFromBaselines(ctx, ScopeCloud, DriftFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ch) != 2 || ch[0].Name != "a" || ch[0].Change != Changed || ch[0].Baseline.ApprovedBy != "alice" || ch[1].Name != "c" || ch[1].Change != Added {
			t.Errorf("drift from baselines: %+v", ch)
		}
		if _, err := s.ApproveBaseline(ctx, Baseline{Scope: ScopeCloud, Account: acct, AssetUID: "x", ScanID: r2.ScanID}); err == nil {
			t.Error("a baseline of an account and an asset at once was accepted")
		}
		if _, err := s.ApproveBaseline(ctx, Baseline{Scope: ScopeCloud, Account: acct, ScanID: 999}); !errors.Is(err, ErrNotFound) {
			t.Errorf("baseline of a missing scan: %v", err)
		}
	})
}

func TestExceptions(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		e := &exception.Exception{ID: "EXC-9", Reason: "accepted", Owner: "team", Expires: exception.Date{Time: time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)},
			Match: []exception.Selector{{Rule: "CW-AWS-S3-*", Account: "111111111111", Tags: map[string]string{"env": "dev"}}}}
		if err := s.AddException(ctx, e, "alice"); err != nil {
			t.Fatal(err)
		}
		if err := s.AddException(ctx, e, "alice"); err == nil || !strings.Contains(err.Error(), "already exists") {
			t.Errorf("adding the id twice: %v", err)
		}
		if err := s.RevokeException(ctx, "EXC-9", "bob", "bucket fixed"); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeException(ctx, "EXC-9", "bob", "again"); err == nil {
			t.Error("revoked twice")
		}
		if err := s.RevokeException(ctx, "NOPE", "bob", "x"); !errors.Is(err, ErrNotFound) {
			t.Errorf("revoking a missing exception: %v", err)
		}
		list, err := s.Exceptions(ctx)
		if err != nil || len(list) != 1 || list[0].RevokedBy != "bob" || list[0].Match[0].Tags["env"] != "dev" || list[0].Expires.String() != "2027-01-31" {
			t.Errorf("exceptions: %+v %v", list, err)
		}
		ev, err := s.ExceptionEvents(ctx, "EXC-9")
		if err != nil || len(ev) != 2 || ev[0].Action != "added" || ev[0].Actor != "alice" || ev[1].Action != "revoked" || ev[1].Actor != "bob" {
			t.Errorf("audit trail: %+v %v", ev, err)
		}
	})
}

func TestQueryIsReadOnly(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		b := bucket(t, "111111111111", "a", "Suspended")
		record(t, s, []*asset.Asset{b}, []*finding.Finding{fail(ruleVersioning, b, finding.Fail)})
		res, err := s.Query(ctx, `SELECT type, account, name FROM assets ORDER BY name`, 10, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Rows) != 1 || res.Columns[2] != "name" || res.Rows[0][2] != "a" {
			t.Errorf("assets view: %+v", res)
		}
		for _, q := range []string{`SELECT rule_id, state FROM findings`, `SELECT id, kind FROM scans`, `SELECT id FROM exceptions`,
			`SELECT uid, from_scan FROM asset_history`} {
			if _, err := s.Query(ctx, q, 10, 0); err != nil {
				t.Errorf("%s: %v", q, err)
			}
		}
		writes := []string{`DELETE FROM finding_records`, `DROP TABLE blobs`, `INSERT INTO exception_records (id) VALUES ('x')`,
			`UPDATE scan_records SET kind = 'x'`, `SELECT 1; DELETE FROM finding_records`, `COMMIT; DELETE FROM finding_records`,
			`/* x */ PRAGMA query_only = 0`, `ATTACH 'x.db' AS x`, `SELECT 1 /*; */; SELECT 2`, `123`, ``}
		for _, q := range writes {
			if _, err := s.Query(ctx, q, 10, 0); err == nil {
				t.Errorf("%q was not refused", q)
			}
		}
		for _, q := range []string{`SELECT 'a;b' AS x;`, `-- a comment; with a semicolon
			WITH n AS (SELECT COUNT(*) AS c FROM findings) SELECT c FROM n`, `SELECT "state" FROM findings`} {
			if _, err := s.Query(ctx, q, 10, 0); err != nil {
				t.Errorf("%q: %v", q, err)
			}
		}
		if s.Dialect() == Postgres {
			// Even with the simple protocol asked for in the URL.
			simple, err := Open(ctx, s.dsn+"&default_query_exec_mode=simple_protocol")
			if err != nil {
				t.Fatal(err)
			}
			defer simple.Close()
			if _, err := simple.Query(ctx, "SELECT 1 AS one", 1, 0); err != nil {
				t.Error(err)
			}
			for _, q := range writes {
				if _, err := simple.Query(ctx, q, 10, 0); err == nil {
					t.Errorf("simple protocol: %q was not refused", q)
				}
			}
			// Past the statement check, the transaction still refuses.
			if _, err := simple.Query(ctx, "WITH d AS (DELETE FROM finding_records RETURNING id) SELECT COUNT(*) FROM d", 10, 0); err == nil {
				t.Error("a data-modifying WITH ran in the read-only transaction")
			}
		}
		if n := count(t, s, "finding_records"); n != 1 {
			t.Errorf("%d findings after refused writes, want 1", n)
		}
	})
}

// TestAbortAndConcurrentReaders: readers see the store as it was while a
// scan writes, and an aborted scan leaves nothing.
func TestAbortAndConcurrentReaders(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		b := bucket(t, "111111111111", "a", "Suspended")
		record(t, s, []*asset.Asset{b}, []*finding.Finding{fail(ruleVersioning, b, finding.Fail)})
		rec, err := s.BeginScan(ctx, ScanInfo{Kind: "snapshot", StartedAt: time.Now(), RuleIDs: []string{ruleVersioning.ID}})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 50 {
			if err := rec.Add(bucket(t, "111111111111", fmt.Sprintf("n%d", i), "Enabled")); err != nil {
				t.Fatal(err)
			}
		}
		// While the scan's transaction is open, readers work.
		done := make(chan error, 1)
		go func() {
			fs, err := s.Findings(ctx, FindingFilter{})
			if err == nil && len(fs) != 1 {
				err = fmt.Errorf("%d findings while writing, want 1", len(fs))
			}
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Error(err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("a reader blocked while a scan was writing")
		}
		rec.Abort()
		if n := count(t, s, "scan_records"); n != 1 {
			t.Errorf("%d scans after an aborted one, want 1", n)
		}
		if n := count(t, s, "asset_records"); n != 1 {
			t.Errorf("%d assets after an aborted scan, want 1", n)
		}
	})
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:secret@h:5432/db":                "postgres://u:***@h:5432/db",
		"postgres://u@h/db?password=secret&sslmode=no": "postgres://u@h/db?password=xxx&sslmode=no",
		"postgres://h/db":                              "postgres://h/db",
	} {
		if got := redact(in); got != want || strings.Contains(got, "secret") {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
	if _, err := Open(context.Background(), "pgsql://u:p@h/db"); err == nil || strings.Contains(err.Error(), "p@h") {
		t.Errorf("an unknown scheme: %v", err)
	}
	// SQLite paths with characters a URI reserves open the file they name.
	dir := t.TempDir()
	for _, name := range []string{"a#b.db", "a?x=1.db", "a%20b.db", "a b.db"} {
		s, err := Open(context.Background(), filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		s.Close()
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestUnsureRemovals: an asset the scan did not see is not marked removed
// (nor its findings resolved) when the scan skipped unreadable lines or
// could not list the asset's service in its account.
func TestUnsureRemovals(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		const acct = "111111111111"
		a, b := bucket(t, acct, "a", "Suspended"), bucket(t, acct, "b", "Enabled")
		record(t, s, []*asset.Asset{a, b}, []*finding.Finding{fail(ruleVersioning, a, finding.Fail)})
		scanWith := func(sum finding.Summary) Recorded {
			rec, err := s.BeginScan(ctx, ScanInfo{Kind: "snapshot", StartedAt: time.Now(), RuleIDs: []string{ruleVersioning.ID}})
			if err != nil {
				t.Fatal(err)
			}
			if err := rec.Add(bucket(t, acct, "b", "Enabled")); err != nil {
				t.Fatal(err)
			}
			out, err := rec.Finish(&finding.Result{Summary: sum})
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		if r := scanWith(finding.Summary{Skipped: 1}); r.Removed != 0 || r.Unsure != 1 || r.Resolved != 0 {
			t.Errorf("with a skipped line: %+v", r)
		}
		gap := asset.Gap{Provider: "aws", Account: acct, Region: "us-east-1", Service: "s3", API: "s3:ListBuckets", Code: "AccessDenied"}
		if r := scanWith(finding.Summary{Gaps: []asset.Gap{gap}}); r.Removed != 0 || r.Unsure != 1 || r.Resolved != 0 {
			t.Errorf("with S3 unlisted: %+v", r)
		}
		if r := scanWith(finding.Summary{}); r.Removed != 1 || r.Resolved != 1 {
			t.Errorf("a clean scan without the bucket: %+v", r)
		}
	})
}

// TestListingRecords: a collector's record that it listed a service
// completely lets the store call the last asset of that service in a
// region removed, which it could not tell from the assets alone.
func TestListingRecords(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		const acct = "111111111111"
		record(t, s, []*asset.Asset{bucket(t, acct, "a", "Enabled")}, nil)
		scan := func(listed []asset.Listing) Recorded {
			rec, err := s.BeginScan(ctx, ScanInfo{Kind: "aws", StartedAt: time.Now()})
			if err != nil {
				t.Fatal(err)
			}
			out, err := rec.Finish(&finding.Result{Summary: finding.Summary{Listed: listed}})
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		if r := scan(nil); r.Removed != 0 {
			t.Errorf("without a listing record: %+v", r)
		}
		if r := scan([]asset.Listing{{Provider: "aws", Account: acct, Region: "eu-west-1", Service: "s3"}}); r.Removed != 0 || r.Unsure != 1 {
			t.Errorf("a listing of another region: %+v", r)
		}
		// S3 is listed once per account: "global" covers every region.
		if r := scan([]asset.Listing{{Provider: "aws", Account: acct, Region: "global", Service: "s3"}}); r.Removed != 1 {
			t.Errorf("a complete S3 listing without the bucket: %+v", r)
		}
	})
}
