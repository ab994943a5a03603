package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"cloudward/engine"
	"cloudward/exception"
	"cloudward/finding"
	"cloudward/rule"
	"cloudward/store"
)

// recordSpec describes the scan evaluate records.
type recordSpec struct {
	kind, scope string
	sources     []string
	// before, if set, runs on the result before it is recorded.
	before func(*finding.Result)
	// started, if set, is when the scan began (a live collection before
	// the evaluation); else the evaluation's start.
	started time.Time
}

// storeLocation is the store the command uses: --store, $CLOUDWARD_STORE,
// or the default SQLite file.
func storeLocation(g *globals) (string, error) {
	if g.storeDSN != "" {
		return g.storeDSN, nil
	}
	if env := os.Getenv("CLOUDWARD_STORE"); env != "" {
		return env, nil
	}
	p, err := store.DefaultPath()
	if err != nil {
		return "", usageErr("%v", err)
	}
	return p, nil
}

// openStore opens the store once per command.
func openStore(ctx context.Context, g *globals) (*store.Store, error) {
	if g.st != nil {
		return g.st, nil
	}
	loc, err := storeLocation(g)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, loc)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	g.st = st
	return st, nil
}

// storeExists reports whether the store has been created: a PostgreSQL
// URL always counts; a SQLite file must exist. Commands that only read
// from a store do not create one.
func storeExists(g *globals) bool {
	loc, err := storeLocation(g)
	if err != nil {
		return false
	}
	if strings.HasPrefix(loc, "postgres://") || strings.HasPrefix(loc, "postgresql://") {
		return true
	}
	_, err = os.Stat(strings.TrimPrefix(loc, "sqlite:"))
	return !errors.Is(err, fs.ErrNotExist)
}

// readStore opens the store for a command that reads history, with a
// helpful error when nothing was recorded yet.
func readStore(ctx context.Context, g *globals) (*store.Store, error) {
	if !storeExists(g) {
		loc, _ := storeLocation(g)
		return nil, usageErr("no store at %s yet: scans record there (cloudward scan snapshot FILE), or name one with --store", loc)
	}
	return openStore(ctx, g)
}

// registerRecord adds --no-record to a scan command and returns a function
// that sets g.record for the scan unless it was given.
func registerRecord(c *cobra.Command, g *globals, kind string) func(scope string, sources []string) {
	var no bool
	c.Flags().BoolVar(&no, "no-record", false, "do not record the scan in the history store")
	return func(scope string, sources []string) {
		if !no {
			g.record = &recordSpec{kind: kind, scope: scope, sources: sources}
		}
	}
}

// absPaths makes paths absolute, for IaC scopes and recorded sources.
func absPaths(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		if a, err := filepath.Abs(p); err == nil && p != "-" {
			out[i] = a
		} else {
			out[i] = p
		}
	}
	return out
}

// rulesVersion digests the rules a scan evaluated (id, severity, types,
// when and condition), so the store says which scans ran the same library.
func rulesVersion(rs []*rule.Rule) string {
	h := sha256.New()
	sorted := slices.Clone(rs)
	slices.SortFunc(sorted, func(a, b *rule.Rule) int { return strings.Compare(a.ID, b.ID) })
	for _, r := range sorted {
		h.Write([]byte(r.ID + "\x00" + r.Severity.String() + "\x00" + strings.Join(r.ResourceTypes, ",") + "\x00" + r.When + "\x00" + r.Condition + "\x00"))
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))[:16]
}

// beginRecording starts recording the scan g.record describes.
func beginRecording(ctx context.Context, g *globals, eng *engine.Engine) (*store.Recording, error) {
	st, err := openStore(ctx, g)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(eng.Rules()))
	for _, r := range eng.Rules() {
		ids = append(ids, r.ID)
	}
	started := g.record.started
	if started.IsZero() {
		started = time.Now()
	}
	rec, err := st.BeginScan(ctx, store.ScanInfo{Kind: g.record.kind, Scope: g.record.scope, Sources: g.record.sources,
		StartedAt: started, ToolVersion: Version, RulesVersion: rulesVersion(eng.Rules()), RuleIDs: ids})
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return rec, nil
}

// finishRecording commits the recorded scan and notes it in the summary.
func finishRecording(g *globals, rec *store.Recording, res *finding.Result) error {
	if g.record.before != nil {
		g.record.before(res)
	}
	out, err := rec.Finish(res)
	if err != nil {
		// The report is still written; the command then fails.
		fmt.Fprintf(g.stderr, "error: the scan could not be recorded (the report is still written): %v\n", err)
		g.recordErr = err
		return nil
	}
	res.Summary.History = &finding.History{Store: g.st.Location, ScanID: out.ScanID, Previous: out.Previous, Added: out.Added, Removed: out.Removed,
		Changed: out.Changed, Unsure: out.Unsure, Opened: out.Opened, Reopened: out.Reopened, Resolved: out.Resolved}
	return nil
}

// storeExceptions returns the exceptions kept in the store that are in
// force (not revoked), when a store exists.
func storeExceptions(ctx context.Context, g *globals) ([]*exception.Exception, error) {
	if !storeExists(g) {
		return nil, nil
	}
	st, err := openStore(ctx, g)
	if err != nil {
		return nil, err
	}
	recs, err := st.Exceptions(ctx)
	if err != nil {
		return nil, usageErr("reading exceptions from the store: %v", err)
	}
	var out []*exception.Exception
	for _, r := range recs {
		if r.RevokedAt == "" {
			out = append(out, r.Exception)
		}
	}
	return out, nil
}

// actor names who makes a change: $CLOUDWARD_ACTOR, else the OS user.
func actor() string {
	if a := os.Getenv("CLOUDWARD_ACTOR"); a != "" {
		return a
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "unknown"
}
