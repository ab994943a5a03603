package cli

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cloudward/store"
)

// cliProcess starts the CLI as a child process (the test binary re-executed).
func cliProcess(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "CLOUDWARD_TEST_AS_CLI=1")
	cmd.Dir = "../.."
	return cmd
}

// checkStore verifies a store's consistency after a crash: SQLite's own
// integrity check, and cloudward's invariants (every asset has at most one
// current version, every version and finding refers to a recorded scan,
// every scan is complete).
func checkStore(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ok string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q %v", ok, err)
	}
	for what, q := range map[string]string{
		"assets with two current versions": `SELECT COUNT(*) FROM (SELECT asset_id FROM asset_versions WHERE to_scan IS NULL GROUP BY asset_id HAVING COUNT(*) > 1) x`,
		"versions of unrecorded scans":     `SELECT COUNT(*) FROM asset_versions v WHERE NOT EXISTS (SELECT 1 FROM scan_records s WHERE s.id = v.from_scan)`,
		"findings of unrecorded scans":     `SELECT COUNT(*) FROM finding_records f WHERE NOT EXISTS (SELECT 1 FROM scan_records s WHERE s.id = f.last_seen)`,
		"versions without content":         `SELECT COUNT(*) FROM asset_versions v WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.hash = v.hash)`,
		"scans without tallies":            `SELECT COUNT(*) FROM scan_records s WHERE NOT EXISTS (SELECT 1 FROM scan_tallies t WHERE t.scan_id = s.id)`,
	} {
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d (%v)", what, n, err)
		}
	}
	var scans int
	db.QueryRow("SELECT COUNT(*) FROM scan_records").Scan(&scans)
	return scans
}

// TestKillMidScan kills scans at moments spread over their run and checks
// that the store stays consistent: it holds exactly the scans that
// completed, and the next scan records normally. Readers keep working
// while a scan writes.
func TestKillMidScan(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; not in -short")
	}
	dir := t.TempDir()
	st := filepath.Join(dir, "store.db")
	// Two unrelated inventories: every scan of the second after the first
	// rewrites everything (new assets, removed assets, new findings).
	inv1, inv2 := filepath.Join(dir, "inv1.jsonl"), filepath.Join(dir, "inv2.jsonl")
	for inv, seed := range map[string]string{inv1: "3", inv2: "4"} {
		if code, _, stderr := run(t, "", "dev", "gen-inventory", "--assets", "20000", "--seed", seed, "-o", inv); code != ExitOK {
			t.Fatalf("gen-inventory: %s", stderr)
		}
	}
	scanOf := func(inv string) []string {
		return []string{"scan", "snapshot", inv, "--store", st, "-q", "-f", "json", "-o", os.DevNull, "--no-exceptions"}
	}
	start := time.Now()
	if out, err := cliProcess(t, scanOf(inv1)...).CombinedOutput(); err != nil {
		t.Fatalf("first scan: %v\n%s", err, out)
	}
	full := time.Since(start)
	if n := checkStore(t, st); n != 1 {
		t.Fatalf("%d scans after the first, want 1", n)
	}

	completed, finished := 1, 0
	for _, frac := range []float64{0.15, 0.35, 0.55, 0.75, 0.9} {
		// Always the inventory the store does not hold, so the scan
		// rewrites everything.
		next := inv2
		if completed%2 == 0 {
			next = inv1
		}
		cmd := cliProcess(t, scanOf(next)...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// A reader while the scan writes.
		time.Sleep(time.Duration(float64(full) * frac / 2))
		readStart := time.Now()
		s, err := store.Open(context.Background(), st)
		if err != nil {
			t.Fatalf("opening the store during a scan: %v", err)
		}
		if _, err := s.Findings(context.Background(), store.FindingFilter{State: "open", Limit: 10}); err != nil {
			t.Errorf("findings list during a scan: %v", err)
		}
		s.Close()
		if d := time.Since(readStart); d > time.Second {
			t.Errorf("a reader took %v while a scan was writing: it waited for the writer", d)
		}
		time.Sleep(time.Duration(float64(full) * frac / 2))
		cmd.Process.Kill() // SIGKILL: no cleanup runs
		exited := cmd.Wait() == nil
		// The scan is in the store if it committed, which may happen just
		// before the kill lands; it is never there in part (checkStore).
		n := checkStore(t, st)
		switch {
		case n == completed+1:
			completed++
			finished++
		case n != completed || exited:
			t.Fatalf("killed at %.0f%% of a scan: %d scans recorded, %d before (process finished: %v)", frac*100, n, completed, exited)
		}
	}
	t.Logf("a full scan takes %v; %d of 5 killed scans had committed", full, finished)
	if finished > 3 {
		t.Errorf("%d of 5 scans finished before their kill: the test killed too few mid-write", finished)
	}
	// The store takes the next scan as if nothing happened.
	last := inv1
	if completed%2 == 0 {
		last = inv2
	}
	if out, err := cliProcess(t, scanOf(last)...).CombinedOutput(); err != nil {
		t.Fatalf("scan after the kills: %v\n%s", err, out)
	}
	if n := checkStore(t, st); n != completed+1 {
		t.Errorf("%d scans, want %d", n, completed+1)
	}
	if completed == 1 { // no killed scan committed: the store is as after the first scan
		_, out, _ := run(t, "", "scans", "list", "--store", st)
		if !strings.Contains(out, "+0 -0 ~0") {
			t.Errorf("rescanning the first inventory after only killed scans should show no drift:\n%s", out)
		}
	}
}
