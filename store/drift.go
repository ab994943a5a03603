package store

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
)

// Change kinds.
const (
	Added   = "added"
	Removed = "removed"
	Changed = "changed"
)

// AttrDiff is one attribute that differs: its path ("attributes.
// encryption.enabled", "tags.env") and its old and new values (absent:
// nil, and Missing says which side lacks it).
type AttrDiff struct {
	Path    string `json:"path"`
	Old     any    `json:"old"`
	New     any    `json:"new"`
	Missing string `json:"missing,omitempty"` // "old" or "new" when one side lacks the attribute
}

// AssetChange is one asset that differs between two states.
type AssetChange struct {
	Change     string     `json:"change"`
	UID        string     `json:"uid"`
	Type       string     `json:"type"`
	Account    string     `json:"account"`
	Region     string     `json:"region"`
	ResourceID string     `json:"id"`
	Name       string     `json:"name"`
	Diffs      []AttrDiff `json:"diffs,omitempty"`
	// Baseline is the baseline the change is measured from (drift
	// --baseline).
	Baseline *Baseline `json:"baseline,omitempty"`
}

// DriftFilter narrows a drift report.
type DriftFilter struct {
	Types, Accounts []string
}

// Drift compares the assets of scope as of two scans.
func (s *Store) Drift(ctx context.Context, scope string, from, to int64, f DriftFilter) ([]AssetChange, error) {
	for _, id := range []int64{from, to} {
		if _, err := s.GetScan(ctx, id); err != nil {
			return nil, err
		}
	}
	before, err := s.Assets(ctx, AssetFilter{Scope: scope, AtScan: from, Types: f.Types, Accounts: f.Accounts})
	if err != nil {
		return nil, err
	}
	after, err := s.Assets(ctx, AssetFilter{Scope: scope, AtScan: to, Types: f.Types, Accounts: f.Accounts})
	if err != nil {
		return nil, err
	}
	return s.compare(ctx, before, after, nil)
}

// compare lists the differences between two sets of asset versions; keep,
// when set, limits the comparison to the uids it accepts.
func (s *Store) compare(ctx context.Context, before, after []AssetRecord, keep func(AssetRecord) bool) ([]AssetChange, error) {
	old := map[string]AssetRecord{}
	for _, a := range before {
		if keep == nil || keep(a) {
			old[a.UID] = a
		}
	}
	var out []AssetChange
	seen := map[string]bool{}
	for _, a := range after {
		if keep != nil && !keep(a) {
			continue
		}
		seen[a.UID] = true
		o, ok := old[a.UID]
		switch {
		case !ok:
			out = append(out, change(Added, a))
		case o.Hash != a.Hash:
			c := change(Changed, a)
			diffs, err := s.diffBlobs(ctx, o.Hash, a.Hash)
			if err != nil {
				return nil, err
			}
			c.Diffs = diffs
			out = append(out, c)
		}
	}
	for uid, o := range old {
		if !seen[uid] {
			out = append(out, change(Removed, o))
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Type != out[j].Type {
			return out[i].Type < out[j].Type
		}
		return out[i].UID < out[j].UID
	})
	return out, nil
}

func change(kind string, a AssetRecord) AssetChange {
	return AssetChange{Change: kind, UID: a.UID, Type: a.Type, Account: a.Account, Region: a.Region, ResourceID: a.ResourceID, Name: a.Name}
}

func (s *Store) blob(ctx context.Context, hash string) (map[string]any, error) {
	var body any
	if err := s.db.QueryRowContext(ctx, s.rebind(`SELECT body FROM blobs WHERE hash = ?`), hash).Scan(&body); err != nil {
		return nil, fmt.Errorf("blob %s: %w", hash, err)
	}
	raw, err := decodeContent(body)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	return m, nil
}

func (s *Store) diffBlobs(ctx context.Context, oldHash, newHash string) ([]AttrDiff, error) {
	o, err := s.blob(ctx, oldHash)
	if err != nil {
		return nil, err
	}
	n, err := s.blob(ctx, newHash)
	if err != nil {
		return nil, err
	}
	// The envelope's identity fields cannot differ for one uid; name,
	// tags, attributes and relationships can.
	var out []AttrDiff
	for _, k := range []string{"name", "tags", "attributes", "relationships"} {
		DiffValues(k, o[k], n[k], &out)
	}
	return out, nil
}

// DiffValues appends the differences between two JSON values at path
// (empty at the top level):
// objects are compared key by key, lists of equal length element by
// element, anything else as a whole.
func DiffValues(path string, old, new any, out *[]AttrDiff) {
	if reflect.DeepEqual(old, new) {
		return
	}
	om, ok1 := old.(map[string]any)
	nm, ok2 := new.(map[string]any)
	if ok1 && ok2 {
		keys := map[string]bool{}
		for k := range om {
			keys[k] = true
		}
		for k := range nm {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			ov, inOld := om[k]
			nv, inNew := nm[k]
			p := k
			if path != "" {
				p = path + "." + k
			}
			switch {
			case !inOld:
				*out = append(*out, AttrDiff{Path: p, New: nv, Missing: "old"})
			case !inNew:
				*out = append(*out, AttrDiff{Path: p, Old: ov, Missing: "new"})
			default:
				DiffValues(p, ov, nv, out)
			}
		}
		return
	}
	ol, ok1 := old.([]any)
	nl, ok2 := new.([]any)
	if ok1 && ok2 && len(ol) == len(nl) {
		for i := range ol {
			DiffValues(path+"["+strconv.Itoa(i)+"]", ol[i], nl[i], out)
		}
		return
	}
	d := AttrDiff{Path: path, Old: old, New: new}
	switch {
	case old == nil:
		d.Missing = "old"
	case new == nil:
		d.Missing = "new"
	}
	*out = append(*out, d)
}

// Baseline is an approved state: of every asset of an account, or of one
// asset, as recorded by a scan.
type Baseline struct {
	ID         int64  `json:"id"`
	Scope      string `json:"scope"`
	Account    string `json:"account,omitempty"`
	AssetUID   string `json:"asset,omitempty"`
	ScanID     int64  `json:"scan"`
	ApprovedBy string `json:"approved_by"`
	ApprovedAt string `json:"approved_at"`
	Note       string `json:"note,omitempty"`
}

// ApproveBaseline records an approved state: account (every asset of it)
// or assetUID (one asset), as of scan.
func (s *Store) ApproveBaseline(ctx context.Context, b Baseline) (Baseline, error) {
	if (b.Account == "") == (b.AssetUID == "") {
		return b, fmt.Errorf("a baseline is of one account or of one asset")
	}
	if _, err := s.GetScan(ctx, b.ScanID); err != nil {
		return b, err
	}
	if b.AssetUID != "" {
		hist, err := s.AssetHistory(ctx, b.Scope, b.AssetUID)
		if err != nil {
			return b, err
		}
		b.AssetUID = hist[0].UID
	}
	b.ApprovedAt = now()
	err := s.db.QueryRowContext(ctx, s.rebind(`INSERT INTO baselines (scope, account, asset_uid, scan_id, approved_by, approved_at, note)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), b.Scope, b.Account, b.AssetUID, b.ScanID, b.ApprovedBy, b.ApprovedAt, b.Note).Scan(&b.ID)
	return b, err
}

// Baselines lists the baselines of a scope, newest first.
func (s *Store) Baselines(ctx context.Context, scope string) ([]Baseline, error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT id, scope, account, asset_uid, scan_id, approved_by, approved_at, note
		FROM baselines WHERE scope = ? ORDER BY id DESC`), scope)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Baseline
	for rows.Next() {
		var b Baseline
		if err := rows.Scan(&b.ID, &b.Scope, &b.Account, &b.AssetUID, &b.ScanID, &b.ApprovedBy, &b.ApprovedAt, &b.Note); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// DriftFromBaselines reports every deviation of the current state from the
// approved baselines: for each account with a baseline, the assets added,
// removed or changed since its newest baseline; an asset with a baseline of
// its own is measured from that instead.
func (s *Store) DriftFromBaselines(ctx context.Context, scope string, f DriftFilter) ([]AssetChange, error) {
	bs, err := s.Baselines(ctx, scope)
	if err != nil {
		return nil, err
	}
	if len(bs) == 0 {
		return nil, fmt.Errorf("no baseline approved in scope %s: %w (see `cloudward baseline approve`)", scope, ErrNotFound)
	}
	byAccount, byAsset := map[string]Baseline{}, map[string]Baseline{}
	for _, b := range bs { // newest first: keep the first of each
		if b.AssetUID != "" {
			if _, ok := byAsset[b.AssetUID]; !ok {
				byAsset[b.AssetUID] = b
			}
		} else if _, ok := byAccount[b.Account]; !ok {
			byAccount[b.Account] = b
		}
	}
	current, err := s.Assets(ctx, AssetFilter{Scope: scope, Types: f.Types, Accounts: f.Accounts})
	if err != nil {
		return nil, err
	}
	var out []AssetChange
	// Account baselines, skipping assets with their own.
	for acct, b := range byAccount {
		if len(f.Accounts) > 0 && !slices.Contains(f.Accounts, acct) {
			continue
		}
		before, err := s.Assets(ctx, AssetFilter{Scope: scope, AtScan: b.ScanID, Types: f.Types, Accounts: []string{acct}})
		if err != nil {
			return nil, err
		}
		cs, err := s.compare(ctx, before, current, func(a AssetRecord) bool {
			_, own := byAsset[a.UID]
			return a.Account == acct && !own
		})
		if err != nil {
			return nil, err
		}
		for i := range cs {
			cs[i].Baseline = &b
		}
		out = append(out, cs...)
	}
	for uid, b := range byAsset {
		before, err := s.Assets(ctx, AssetFilter{Scope: scope, AtScan: b.ScanID, Types: f.Types, Accounts: f.Accounts, UIDs: []string{uid}})
		if err != nil {
			return nil, err
		}
		cs, err := s.compare(ctx, before, current, func(a AssetRecord) bool { return a.UID == uid })
		if err != nil {
			return nil, err
		}
		for i := range cs {
			cs[i].Baseline = &b
		}
		out = append(out, cs...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Type != out[j].Type {
			return out[i].Type < out[j].Type
		}
		return out[i].UID < out[j].UID
	})
	return out, nil
}
