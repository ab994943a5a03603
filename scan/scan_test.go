package scan_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"cloudward/engine"
	"cloudward/finding"
	"cloudward/rule"
	"cloudward/scan"
)

var now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

const accountRule = `id: T-ACCT-1
title: bucket or account blocks public ACLs
severity: high
resource_types: [aws.s3.bucket]
condition: resource.public_access_block.block_public_acls || account.s3_public_access_block.block_public_acls
`

const encRule = `id: T-S3-2
title: bucket encrypted
severity: medium
resource_types: [aws.s3.bucket]
condition: resource.encryption.enabled
`

func engineFor(t *testing.T, yamls ...string) *engine.Engine {
	t.Helper()
	var rs []*rule.Rule
	for i, y := range yamls {
		r, err := rule.Parse([]byte(y), "rule"+string(rune('0'+i))+".yaml")
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	e, errs := scan.NewEngine(rs, now)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return e
}

func write(t *testing.T, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "inv.jsonl")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	account      = `{"provider":"aws","account":"1","region":"global","type":"aws.account","id":"1","attributes":{"s3_public_access_block":{"block_public_acls":true}}}`
	openBucket   = `{"provider":"aws","account":"2","region":"us-east-1","type":"aws.s3.bucket","id":"arn:aws:s3:::open","attributes":{}}`
	closedBucket = `{"provider":"aws","account":"2","region":"us-east-1","type":"aws.s3.bucket","id":"arn:aws:s3:::closed","attributes":{"public_access_block":{"block_public_acls":true},"encryption":{"enabled":true}}}`
	coveredByAcc = `{"provider":"aws","account":"1","region":"us-east-1","type":"aws.s3.bucket","id":"arn:aws:s3:::covered","attributes":{}}`
)

func statusOf(res *finding.Result, rid, id string) string {
	for _, f := range res.Findings {
		if f.Rule.ID == rid && f.Resource.ID == id {
			return f.Status.String()
		}
	}
	return "none"
}

func TestContextAcrossFile(t *testing.T) {
	// The account asset comes after the bucket it covers: the first pass
	// must still find it.
	p := write(t, coveredByAcc, openBucket, closedBucket, account)
	res, err := scan.Snapshot(context.Background(), []string{p},
		scan.Options{Registry: scan.Registry(), Engine: engineFor(t, accountRule), IncludePassed: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := statusOf(res, "T-ACCT-1", "arn:aws:s3:::covered"); got != "PASS" {
		t.Errorf("covered by account setting: %s, want PASS", got)
	}
	// Account 2 has no aws.account asset: the open bucket depends on it.
	if got := statusOf(res, "T-ACCT-1", "arn:aws:s3:::open"); got != "UNKNOWN" {
		t.Errorf("no account asset: %s, want UNKNOWN", got)
	}
	if got := statusOf(res, "T-ACCT-1", "arn:aws:s3:::closed"); got != "PASS" {
		t.Errorf("bucket-level setting: %s, want PASS", got)
	}
	if res.Summary.Assets != 4 || res.Summary.Results.Total() != 3 {
		t.Errorf("summary %+v", res.Summary)
	}
}

func TestMalformedLinesAreReportedAndSkipped(t *testing.T) {
	p := write(t,
		closedBucket,
		`{"type":"aws.s3.bucket", this is not json`,
		`{"provider":"aws","account":"2","type":"aws.s3.bucket","id":"x","attributes":{"encryption":{"enabled":"yes"}}}`,
		`{"provider":"aws","account":"2","type":"aws.example.unregistered","id":"fn"}`,
		`{"provider":"aws","account":"2","type":"aws.example.unregistered","id":"fn2"}`,
		`{"provider":"aws","account":"2","type":"aws.s3.bucket","id":"y","attributes":{"colour":"blue"}}`,
		openBucket,
	)
	res, err := scan.Snapshot(context.Background(), []string{p},
		scan.Options{Registry: scan.Registry(), Engine: engineFor(t, encRule)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary.Assets != 3 || res.Summary.Skipped != 4 {
		t.Fatalf("assets %d skipped %d, want 3 and 4", res.Summary.Assets, res.Summary.Skipped)
	}
	want := []string{
		":2: malformed asset",
		":3: malformed asset: attributes.encryption.enabled: expected bool, got string",
		`:4: unknown asset type "aws.example.unregistered"`,
		`:6: attributes.colour is not in the aws.s3.bucket schema; ignored`,
	}
	var got []string
	for _, w := range res.Summary.Warnings {
		got = append(got, w.Source+":"+strconv.Itoa(w.Line)+": "+w.Message)
	}
	all := strings.Join(got, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("warnings lack %q:\n%s", w, all)
		}
	}
	for _, w := range res.Summary.Warnings {
		if w.Kind == "unknown_type" && w.Count != 2 {
			t.Errorf("unknown type warning should fold 2 occurrences: %+v", w)
		}
	}
	if res.Summary.Results.Fail != 2 || res.Summary.Results.Pass != 1 {
		t.Errorf("results %+v, want 2 FAIL 1 PASS", res.Summary.Results)
	}
}

func TestStrictStopsAtFirstBadLine(t *testing.T) {
	p := write(t, closedBucket, `not json`, openBucket)
	_, err := scan.Snapshot(context.Background(), []string{p},
		scan.Options{Registry: scan.Registry(), Engine: engineFor(t, encRule), Strict: true})
	var ie *scan.InputError
	if !errors.As(err, &ie) || ie.Line != 2 {
		t.Fatalf("err %v, want an InputError at line 2", err)
	}
}

func TestUnreadableFile(t *testing.T) {
	_, err := scan.Snapshot(context.Background(), []string{filepath.Join(t.TempDir(), "missing.jsonl")},
		scan.Options{Registry: scan.Registry(), Engine: engineFor(t, encRule)})
	var ie *scan.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("err %v, want an InputError", err)
	}
}

func TestNewerFormatVersionIsRejected(t *testing.T) {
	p := write(t, `{"cloudward_inventory": 99}`, closedBucket)
	_, err := scan.Snapshot(context.Background(), []string{p},
		scan.Options{Registry: scan.Registry(), Engine: engineFor(t, encRule)})
	if err == nil || !strings.Contains(err.Error(), "version 99") {
		t.Fatalf("err %v, want a version error", err)
	}
}

func TestDeterministicOrder(t *testing.T) {
	var lines []string
	for i := 0; i < 3000; i++ {
		lines = append(lines, strings.Replace(openBucket, `"open"`, `"b`+strconv.Itoa(i)+`"`, 1))
	}
	p := write(t, lines...)
	var first []string
	for run := 0; run < 2; run++ {
		res, err := scan.Snapshot(context.Background(), []string{p},
			scan.Options{Registry: scan.Registry(), Engine: engineFor(t, encRule, accountRule), Workers: 2 + run})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, f := range res.Findings {
			ids = append(ids, f.Rule.ID+" "+f.Resource.ID)
		}
		if run == 0 {
			first = ids
		} else if strings.Join(first, ",") != strings.Join(ids, ",") {
			t.Fatal("finding order differs between runs")
		}
	}
	if len(first) != 6000 {
		t.Fatalf("%d findings, want 6000", len(first))
	}
}

func TestManyMalformedLinesAreFolded(t *testing.T) {
	var lines []string
	for i := 0; i < 1500; i++ {
		lines = append(lines, "garbage")
	}
	lines = append(lines, closedBucket)
	p := write(t, lines...)
	res, err := scan.Snapshot(context.Background(), []string{p},
		scan.Options{Registry: scan.Registry(), Engine: engineFor(t, encRule)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Summary.Warnings) != 1001 || res.Summary.Skipped != 1500 || res.Summary.Assets != 1 {
		t.Fatalf("%d warnings, %d skipped, %d assets", len(res.Summary.Warnings), res.Summary.Skipped, res.Summary.Assets)
	}
	last := res.Summary.Warnings[0] // sorted by source, line: the folded one has no line
	if last.Count != 500 || !strings.Contains(last.Message, "500 more malformed lines") {
		t.Fatalf("folded warning %+v", last)
	}
}

func TestGapRecordsAreFoldedIntoTheSummary(t *testing.T) {
	gap := `{"record":"gap","provider":"aws","account":"2","region":"us-east-1","service":"s3","api":"s3:GetEncryptionConfiguration","resource":"arn:aws:s3:::%s","code":"AccessDenied","message":"denied"}`
	p := write(t, closedBucket,
		strings.Replace(gap, "%s", "a", 1),
		strings.Replace(gap, "%s", "b", 1),
		`{"record":"gap","provider":"aws","account":"2","region":"eu-west-1","service":"ec2","api":"ec2:DescribeVolumes","code":"Throttling","message":"rate exceeded"}`,
		openBucket)
	res, err := scan.Snapshot(context.Background(), []string{p},
		scan.Options{Registry: scan.Registry(), Engine: engineFor(t, encRule)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary.Assets != 2 || len(res.Summary.Warnings) != 0 {
		t.Fatalf("gap lines are not assets nor warnings: %+v", res.Summary)
	}
	if len(res.Summary.Gaps) != 2 {
		t.Fatalf("gaps %+v, want 2 folded entries", res.Summary.Gaps)
	}
	for _, g := range res.Summary.Gaps {
		if g.API == "s3:GetEncryptionConfiguration" && g.Count != 2 {
			t.Errorf("identical gaps should fold: %+v", g)
		}
	}
}

func TestListingRecordsReachTheSummary(t *testing.T) {
	p := write(t, closedBucket,
		`{"record":"listed","provider":"aws","account":"2","region":"global","service":"s3"}`,
		`{"record":"listed","provider":"aws","account":"2","region":"eu-west-1","service":"ec2"}`,
		openBucket)
	res, err := scan.Snapshot(context.Background(), []string{p},
		scan.Options{Registry: scan.Registry(), Engine: engineFor(t, encRule)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary.Assets != 2 || len(res.Summary.Warnings) != 0 || res.Summary.Skipped != 0 {
		t.Fatalf("listing lines are not assets nor warnings: %+v", res.Summary)
	}
	if len(res.Summary.Listed) != 2 || res.Summary.Listed[0].Service+res.Summary.Listed[1].Service != "s3ec2" &&
		res.Summary.Listed[0].Service+res.Summary.Listed[1].Service != "ec2s3" {
		t.Errorf("listed %+v", res.Summary.Listed)
	}
}
