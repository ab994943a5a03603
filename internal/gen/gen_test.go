package gen_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"cloudward/asset"
	"cloudward/asset/aws"
	"cloudward/finding"
	"cloudward/internal/gen"
	"cloudward/inventory"
	"cloudward/rule"
	"cloudward/scan"

	"github.com/valyala/fastjson"
)

var update = flag.Bool("update", false, "rewrite examples/demo-inventory.jsonl")

var reg = asset.NewRegistry(aws.Types()...)

const demoPath = "../../examples/demo-inventory.jsonl"

// demoOptions are the options of the bundled example inventory: every
// asset type, two accounts (one run by the book, one neglected), three
// regions, and still small enough to read.
var demoOptions = gen.Options{Assets: 1000, Seed: 7, Accounts: 2}

func write(t testing.TB, opts gen.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gen.Write(&buf, reg, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDemoInventory keeps examples/demo-inventory.jsonl in step with the
// generator; run `go test ./internal/gen -update` after changing either.
func TestDemoInventory(t *testing.T) {
	got := write(t, demoOptions)
	if *update {
		if err := os.WriteFile(demoPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", demoPath, len(got))
		return
	}
	want, err := os.ReadFile(demoPath)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/gen -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := 0; i < max(len(gl), len(wl)); i++ {
			var g, w []byte
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if !bytes.Equal(g, w) {
				t.Fatalf("%s is stale (first difference on line %d); run go test ./internal/gen -update\n got: %s\nwant: %s",
					demoPath, i+1, g, w)
			}
		}
	}
	st := inspect(t, got, demoOptions.Assets)
	if st.unknowns == 0 {
		t.Error("the demo has no asset with an unknown attribute")
	}
	if st.gaps < st.unknowns {
		t.Errorf("%d assets with unknown attributes but %d gap records; every failed read is a gap", st.unknowns, st.gaps)
	}
}

// TestWriteMatchesInventoryWriter checks that gen.Write, which encodes
// assets on several goroutines with its own encoder, writes exactly what
// inventory.Writer writes for the same assets and gaps.
func TestWriteMatchesInventoryWriter(t *testing.T) {
	for _, opts := range []gen.Options{demoOptions, {Assets: 20000, Seed: 3, Accounts: 3, Regions: []string{"eu-central-1", "us-west-2"}}} {
		got := write(t, opts)
		var want bytes.Buffer
		iw := inventory.NewWriter(&want, inventory.Header{GeneratedAt: gen.DefaultNow, Generator: gen.Generator, Description: gen.Describe(opts)})
		err := gen.Generate(reg, opts, func(a *asset.Asset) error {
			if err := iw.Write(a); err != nil {
				return err
			}
			for _, u := range a.Root.UnknownFields() {
				code, api, _ := strings.Cut(u.Reason, ": ")
				service, _, isAction := strings.Cut(api, ":")
				if !isAction || strings.Contains(api, " ") {
					api = ""
					service = strings.Split(a.Type, ".")[1]
				}
				iw.Gap(asset.Gap{Provider: a.Provider, Account: a.Account, Region: a.Region, Service: service,
					API: api, Resource: a.ID, Code: code, Message: u.Reason + " (reading " + u.Path + ")"})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := iw.Flush(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want.Bytes(), []byte("\n"))
			for i := 0; i < min(len(gl), len(wl)); i++ {
				if !bytes.Equal(gl[i], wl[i]) {
					t.Fatalf("%+v: line %d differs\n got: %s\nwant: %s", opts, i+1, gl[i], wl[i])
				}
			}
			t.Fatalf("%+v: %d lines, want %d", opts, len(gl), len(wl))
		}
	}
}

// failingWriter fails after n bytes.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n -= len(p); w.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestWriteError(t *testing.T) {
	err := gen.Write(&failingWriter{n: 100000}, reg, gen.Options{Assets: 50000, Seed: 1})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("got %v, want the writer's error", err)
	}
}

// TestDemoScan scans the bundled demo with the built-in rules, as of the
// generator's reference time: every rule should apply to something, and
// the account-wide stories should come out as designed — the first account
// covers most CIS monitoring controls end to end (trail, log group, metric
// filter, alarm, subscribed topic), the second almost none.
func TestDemoScan(t *testing.T) {
	rs, errs := scan.LoadRules(nil, false)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	eng, errs := scan.NewEngine(rs, gen.DefaultNow)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	res, err := scan.Snapshot(context.Background(), []string{demoPath}, scan.Options{Registry: scan.Registry(), Engine: eng})
	if err != nil {
		t.Fatal(err)
	}
	sum := res.Summary
	if len(sum.Warnings) > 0 {
		t.Errorf("warnings: %+v", sum.Warnings)
	}
	if r := sum.Results; r.Pass == 0 || r.Fail == 0 || r.Unknown == 0 || r.Fail > r.Pass/2 {
		t.Errorf("results %+v, want mostly PASS, a fair share of FAIL and a few UNKNOWN", r)
	}
	tally := map[string]finding.Counts{} // rule/account
	applies := map[string]bool{}
	for _, x := range sum.Tallies {
		tally[x.Rule.ID+"/"+x.Account] = x.Counts
		if x.Pass+x.Fail+x.Unknown > 0 {
			applies[x.Rule.ID] = true
		}
	}
	// The demo is an AWS inventory: Kubernetes and Azure rules judge IaC.
	var idle []string
	rs = slices.DeleteFunc(rs, func(r *rule.Rule) bool { return !strings.HasPrefix(r.ResourceTypes[0], "aws.") })
	for _, r := range rs {
		if !applies[r.ID] {
			idle = append(idle, r.ID)
		}
	}
	if len(idle) > len(rs)/20 {
		t.Errorf("%d of %d rules apply to nothing in the demo: %v", len(idle), len(rs), idle)
	} else if len(idle) > 0 {
		t.Logf("rules that apply to nothing in the demo: %v", idle)
	}

	status := func(rule, account string) string {
		c, ok := tally[rule+"/"+account]
		switch {
		case !ok:
			return "missing"
		case c.Fail > 0:
			return "FAIL"
		case c.Unknown > 0:
			return "UNKNOWN"
		case c.Pass > 0:
			return "PASS"
		}
		return "N/A"
	}
	const well, weak = "111111111111", "222222222222"
	for i := 1; i <= 15; i++ {
		rule := fmt.Sprintf("CW-AWS-CLOUDWATCH-%03d", i)
		wantWell := map[int]string{8: "FAIL", 12: "FAIL", 15: "FAIL"}[i] // alarm disabled, no alarm, no filter
		if wantWell == "" {
			wantWell = "PASS"
		}
		wantWeak := map[int]string{3: "PASS", 10: "PASS"}[i]
		if wantWeak == "" {
			wantWeak = "FAIL"
		}
		if got := status(rule, well); got != wantWell {
			t.Errorf("%s in the well-run account: %s, want %s", rule, got, wantWell)
		}
		if got := status(rule, weak); got != wantWeak {
			t.Errorf("%s in the neglected account: %s, want %s", rule, got, wantWeak)
		}
	}
	for _, c := range []struct{ rule, account, want string }{
		{"CW-AWS-CONFIG-001", well, "PASS"},         // recorders and channels in every region
		{"CW-AWS-CONFIG-001", weak, "FAIL"},         // stopped in one region, never set up in another
		{"CW-AWS-SECURITYHUB-001", well, "PASS"},    // every region
		{"CW-AWS-ACCESSANALYZER-001", weak, "FAIL"}, // a failed analyzer
		{"CW-AWS-IAM-018", well, "PASS"},            // the support role the summary names exists
		{"CW-AWS-CLOUDTRAIL-005", well, "PASS"},     // the trail's bucket is in the inventory, with access logs
		{"CW-AWS-CLOUDTRAIL-004", well, "PASS"},     // trails deliver to CloudWatch Logs
		{"CW-AWS-LOGS-001", well, "PASS"},           // the trail's log group keeps a year
		{"CW-AWS-LOGS-002", weak, "FAIL"},           // … and is not encrypted in the neglected account
	} {
		if got := status(c.rule, c.account); got != c.want {
			t.Errorf("%s in %s: %s, want %s", c.rule, c.account, got, c.want)
		}
	}
	// Flow logs are related to their VPCs by id: most VPCs have one.
	if w, n := tally["CW-AWS-VPC-001/"+well], tally["CW-AWS-VPC-001/"+weak]; w.Pass == 0 || n.Pass == 0 || w.Fail+n.Fail == 0 {
		t.Errorf("VPC flow logs: %+v in the well-run account, %+v in the other; want mostly PASS, some FAIL", w, n)
	}
}

func TestDeterministic(t *testing.T) {
	opts := gen.Options{Assets: 3000, Seed: 42, Accounts: 3}
	a, b := write(t, opts), write(t, opts)
	if !bytes.Equal(a, b) {
		t.Fatal("the same options gave different inventories")
	}
	opts.Seed = 43
	if c := write(t, opts); bytes.Equal(a, c) {
		t.Fatal("different seeds gave the same inventory")
	}
}

func TestSizes(t *testing.T) {
	shares := map[int]map[string]float64{}
	for _, n := range []int{2000, 10000, 50000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			st := inspect(t, write(t, gen.Options{Assets: n, Seed: int64(n)}), n)
			shares[n] = st.shares()
			t.Logf("%d assets: %d accounts, %d regions, %d unknown (%.2f%%), %.1f%% well configured; types %v",
				n, len(st.accounts), len(st.regions), st.unknowns, 100*float64(st.unknowns)/float64(n),
				100*st.goodShare(), st.fmtShares())
			if n >= 10000 {
				if u := float64(st.unknowns) / float64(n); u < 0.006 || u > 0.014 {
					t.Errorf("%.2f%% of assets have an unknown attribute, want about 1%%", 100*u)
				}
				// Mostly well configured; the first account is run better
				// than usual, the second worse.
				if g := st.goodShare(); g < 0.75 || g > 0.92 {
					t.Errorf("%.1f%% of resources are well configured, want about 85–90%%", 100*g)
				}
				if f := float64(st.vpcsWithFlowLogs) / float64(st.types["aws.ec2.vpc"]); f < 0.7 {
					t.Errorf("only %.0f%% of VPCs have a flow log", 100*f)
				}
			}
			if n == 50000 {
				// A big estate is mostly compute, storage and network;
				// account-wide things stay one per account or region.
				var bulk float64
				for typ, sh := range shares[n] {
					if strings.HasPrefix(typ, "aws.ec2.") || strings.HasPrefix(typ, "aws.s3.") ||
						strings.HasPrefix(typ, "aws.rds.") || strings.HasPrefix(typ, "aws.lambda.") {
						bulk += sh
					}
				}
				if bulk < 0.6 {
					t.Errorf("compute, storage and network are %.0f%% of the assets, want most", 100*bulk)
				}
				for _, typ := range []string{"aws.account", "aws.iam.account_summary", "aws.ec2.region_settings",
					"aws.config.region_status", "aws.securityhub.hub", "aws.guardduty.detector", "aws.accessanalyzer.region_status"} {
					if want := perAccount(typ, len(st.accounts), len(st.regions)); st.types[typ] != want {
						t.Errorf("%d %s assets, want %d", st.types[typ], typ, want)
					}
				}
			}
		})
	}
	// The mix of types must not depend on the size (beyond the fixed
	// per-account baseline, which weighs more in small inventories).
	for typ, big := range shares[50000] {
		for _, n := range []int{2000, 10000} {
			tol := 0.015
			if n == 2000 {
				tol = 0.03
			}
			if d := math.Abs(shares[n][typ] - big); d > tol {
				t.Errorf("%s: %.1f%% of %d assets but %.1f%% of 50000", typ, 100*shares[n][typ], n, 100*big)
			}
		}
	}
}

// TestManyAccounts checks inventories whose further accounts are drawn at
// random, in other regions.
func TestManyAccounts(t *testing.T) {
	for _, opts := range []gen.Options{
		{Assets: 20000, Seed: 11, Accounts: 6},
		{Assets: 8000, Seed: 12, Accounts: 3, Regions: []string{"eu-central-1", "eu-north-1", "us-west-2", "sa-east-1"}},
	} {
		st := inspect(t, write(t, opts), opts.Assets)
		if len(st.accounts) != opts.Accounts {
			t.Errorf("%d accounts, want %d", len(st.accounts), opts.Accounts)
		}
	}
}

// perAccount is how many assets of an account-wide type an inventory has.
func perAccount(typ string, accounts, regions int) int {
	switch typ {
	case "aws.account", "aws.iam.account_summary":
		return accounts
	}
	return accounts * regions
}

func TestOptions(t *testing.T) {
	// Regions, accounts and a tiny budget: only the per-account baseline.
	opts := gen.Options{Assets: 1, Seed: 1, Accounts: 4, Regions: []string{"eu-central-1"}}
	types := map[string]int{}
	accounts := map[string]bool{}
	n := 0
	err := gen.Generate(reg, opts, func(a *asset.Asset) error {
		n++
		types[a.Type]++
		accounts[a.Account] = true
		if a.Region != "eu-central-1" && a.Region != "global" {
			t.Errorf("asset in region %s", a.Region)
		}
		if len(a.Account) != 12 {
			t.Errorf("account id %q", a.Account)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(accounts) != 4 || n < 4*30 || n > 4*80 {
		t.Errorf("got %d assets in %d accounts: %v", n, len(accounts), types)
	}
	for _, typ := range []string{"aws.account", "aws.iam.account_summary", "aws.ec2.region_settings",
		"aws.config.region_status", "aws.securityhub.hub", "aws.guardduty.detector", "aws.accessanalyzer.region_status"} {
		if types[typ] != 4 {
			t.Errorf("%d %s assets, want one per account", types[typ], typ)
		}
	}
	for _, typ := range []string{"aws.ec2.instance", "aws.s3.bucket", "aws.iam.user", "aws.lambda.function"} {
		if types[typ] != 0 {
			t.Errorf("%d %s assets beyond the baseline", types[typ], typ)
		}
	}

	for _, bad := range []gen.Options{{Assets: 0}, {Assets: 10, Accounts: -1}, {Assets: 10, Regions: []string{"a", "a"}}} {
		if err := gen.Generate(reg, bad, func(*asset.Asset) error { return nil }); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	if err := gen.Generate(asset.NewRegistry(), gen.Options{Assets: 10}, func(*asset.Asset) error { return nil }); err == nil {
		t.Error("an empty registry was accepted")
	}

	stop := errors.New("stop")
	calls := 0
	err = gen.Generate(reg, gen.Options{Assets: 1000}, func(*asset.Asset) error {
		calls++
		if calls == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 10 {
		t.Errorf("emit error: got %v after %d calls", err, calls)
	}
}

// stats summarize an inventory.
type stats struct {
	n                int
	accounts         map[string]bool
	regions          map[string]bool
	types            map[string]int
	unknowns         int
	gaps             int
	good, judged     int
	vpcsWithFlowLogs int
}

func (s *stats) shares() map[string]float64 {
	out := map[string]float64{}
	for k, v := range s.types {
		out[k] = float64(v) / float64(s.n)
	}
	return out
}

func (s *stats) fmtShares() string {
	keys := make([]string, 0, len(s.types))
	for k := range s.types {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%.1f%%", strings.TrimPrefix(k, "aws."), 100*float64(s.types[k])/float64(s.n))
	}
	return b.String()
}

func (s *stats) goodShare() float64 { return float64(s.good) / float64(s.judged) }

// inspect decodes every line of an inventory through the registry and
// checks the properties every generated inventory must have, including
// that the values other assets refer to (log groups, topics, buckets,
// recorders, group members, …) line up.
func inspect(t *testing.T, data []byte, want int) *stats {
	t.Helper()
	st := &stats{accounts: map[string]bool{}, regions: map[string]bool{}, types: map[string]int{}}
	ids := map[string]bool{}
	accountPAB := map[string]bool{}
	vpcs := map[string]bool{}     // account/region/vpc-id
	flowLogs := map[string]bool{} // account/region/resource-id of active flow logs
	// References to check once every asset is read: what refers, to what.
	type ref struct{ from, to string }
	var refs []ref
	has := map[string]bool{}  // keys of things that can be referred to
	count := map[string]int{} // account/region/type counts, for the region summaries
	var summaries []ref       // a summary's expected count, checked against count
	var p fastjson.Parser
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	line := 0
	for sc.Scan() {
		line++
		v, err := p.ParseBytes(sc.Bytes())
		if err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		if line == 1 {
			if v.GetInt("cloudward_inventory") != 1 || string(v.GetStringBytes("generator")) != gen.Generator {
				t.Fatalf("bad header: %s", sc.Bytes())
			}
			continue
		}
		if string(v.GetStringBytes("record")) == inventory.GapRecord {
			st.gaps++
			if len(v.GetStringBytes("resource")) == 0 || len(v.GetStringBytes("code")) == 0 {
				t.Fatalf("line %d: gap without resource or code: %s", line, sc.Bytes())
			}
			continue
		}
		d, err := reg.Decode(v)
		if err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		if len(d.Ignored) > 0 {
			t.Fatalf("line %d: ignored attributes %v", line, d.Ignored)
		}
		a := d.Asset
		st.n++
		st.accounts[a.Account] = true
		if a.Region != "global" {
			st.regions[a.Region] = true
		}
		st.types[a.Type]++
		if ids[a.ID] {
			t.Fatalf("line %d: duplicate id %s", line, a.ID)
		}
		ids[a.ID] = true
		if a.Source.Collector != "aws" || !a.Source.CollectedAt.Equal(gen.DefaultNow) {
			t.Fatalf("line %d: source %+v", line, a.Source)
		}
		attr := v.Get("attributes")
		str := func(keys ...string) string { return string(attr.GetStringBytes(keys...)) }
		key := a.Account + "/" + a.Region + "/"
		has[a.Type+" "+a.ID] = true
		count[key+a.Type]++
		switch a.Type {
		case "aws.cloudtrail.trail":
			if g := strings.TrimSuffix(str("cloudwatch_logs_log_group_arn"), ":*"); g != "" {
				refs = append(refs, ref{a.ID, "aws.logs.log_group " + g})
			}
			refs = append(refs, ref{a.ID, "bucket " + a.Account + "/" + str("s3_bucket_name")})
		case "aws.s3.bucket":
			has["bucket "+a.Account+"/"+a.Name] = true
		case "aws.logs.log_group":
			has["group "+key+str("log_group_name")] = true
		case "aws.logs.metric_filter":
			refs = append(refs, ref{a.ID, "group " + key + str("log_group_name")})
		case "aws.cloudwatch.alarm":
			for _, x := range attr.GetArray("alarm_actions") {
				if act := string(x.GetStringBytes()); strings.HasPrefix(act, "arn:aws:sns:") {
					refs = append(refs, ref{a.ID, "aws.sns.topic " + act})
				}
			}
		case "aws.sns.subscription":
			refs = append(refs, ref{a.ID, "aws.sns.topic " + str("topic_arn")})
		case "aws.config.region_status":
			summaries = append(summaries, ref{key + "aws.config.recorder", fmt.Sprint(attr.GetInt("recorders_count"))},
				ref{key + "aws.config.delivery_channel", fmt.Sprint(attr.GetInt("delivery_channels_count"))})
		case "aws.accessanalyzer.region_status":
			summaries = append(summaries, ref{key + "aws.accessanalyzer.analyzer", fmt.Sprint(attr.GetInt("analyzer_count"))})
		case "aws.iam.user":
			for _, x := range attr.GetArray("groups") {
				refs = append(refs, ref{a.ID, "group " + a.Account + "/" + string(x.GetStringBytes())})
			}
		case "aws.iam.group":
			has["group "+a.Account+"/"+a.Name] = true
			for _, x := range attr.GetArray("members") {
				refs = append(refs, ref{a.ID, "aws.iam.user arn:aws:iam::" + a.Account + ":user/" + string(x.GetStringBytes())})
			}
		case "aws.iam.account_summary":
			for _, x := range attr.GetArray("support_policy_roles") {
				refs = append(refs, ref{a.ID, "aws.iam.role arn:aws:iam::" + a.Account + ":role/" + string(x.GetStringBytes())})
			}
		}
		if a.Root.HasUnknowns() {
			st.unknowns++
			continue
		}
		switch a.Type {
		case "aws.account":
			accountPAB[a.Account] = allTrue(attr.Get("s3_public_access_block"))
		case "aws.ec2.vpc":
			vpcs[key+str("vpc_id")] = true
		case "aws.ec2.flow_log":
			if str("flow_log_status") == "ACTIVE" {
				flowLogs[key+str("resource_id")] = true
			}
		}
		if ok, judged := wellConfigured(a.Type, attr, accountPAB[a.Account]); judged {
			st.judged++
			if ok {
				st.good++
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	missing := 0
	for _, r := range refs {
		if !has[r.to] {
			if missing++; missing <= 5 {
				t.Errorf("%s refers to %s, which is not in the inventory", r.from, r.to)
			}
		}
	}
	for _, s := range summaries {
		if got := fmt.Sprint(count[s.from]); got != s.to {
			t.Errorf("the region summary counts %s %s, the inventory has %s", s.to, s.from, got)
		}
	}
	for k := range vpcs {
		if flowLogs[k] {
			st.vpcsWithFlowLogs++
		}
		st.judged++
		if flowLogs[k] {
			st.good++
		}
	}
	if st.n != want {
		t.Errorf("got %d assets, want %d", st.n, want)
	}
	if len(st.accounts) < 2 || len(st.regions) < 3 {
		t.Errorf("%d accounts and %d regions, want at least 2 and 3", len(st.accounts), len(st.regions))
	}
	// Every asset type must appear, so the demo and the benchmarks
	// exercise every rule.
	for _, ts := range reg.Types() {
		if st.types[ts.Name] == 0 {
			t.Errorf("no %s asset", ts.Name)
		}
	}
	return st
}

// wellConfigured applies a rough version of the usual posture checks to a
// resource, so the test can keep the share of misconfigured resources
// realistic. Types it does not judge return judged == false.
func wellConfigured(typ string, attr *fastjson.Value, accountPAB bool) (ok, judged bool) {
	str := func(keys ...string) string { return string(attr.GetStringBytes(keys...)) }
	switch typ {
	case "aws.s3.bucket":
		return (accountPAB || allTrue(attr.Get("public_access_block"))) &&
			attr.GetBool("encryption", "enabled") && str("versioning", "status") == "Enabled" &&
			attr.GetBool("logging", "enabled") && !attr.GetBool("policy_is_public") && !attr.GetBool("acl_is_public"), true
	case "aws.ec2.security_group":
		if attr.GetBool("is_default") {
			return len(attr.GetArray("ingress"))+len(attr.GetArray("egress")) == 0, true
		}
		for _, r := range attr.GetArray("ingress") {
			world := false
			for _, c := range append(r.GetArray("cidr_ipv4"), r.GetArray("cidr_ipv6")...) {
				if s := string(c.GetStringBytes()); s == "0.0.0.0/0" || s == "::/0" {
					world = true
				}
			}
			from, to := r.GetInt("from_port"), r.GetInt("to_port")
			admin := string(r.GetStringBytes("ip_protocol")) == "-1" ||
				(from <= 22 && 22 <= to) || (from <= 3389 && 3389 <= to)
			if world && admin {
				return false, true
			}
		}
		return true, true
	case "aws.ec2.instance":
		return str("metadata_options", "http_tokens") == "required", true
	case "aws.ec2.volume":
		return attr.GetBool("encrypted"), true
	case "aws.iam.user":
		if attr.GetBool("password_enabled") {
			if !attr.GetBool("mfa_active") {
				return false, true
			}
			if last, err := time.Parse(time.RFC3339, str("password_last_used")); err == nil && gen.DefaultNow.Sub(last) > 90*24*time.Hour {
				return false, true
			}
		}
		for _, k := range attr.GetArray("access_keys") {
			created, _ := time.Parse(time.RFC3339, string(k.GetStringBytes("create_date")))
			if string(k.GetStringBytes("status")) == "Active" && gen.DefaultNow.Sub(created) > 90*24*time.Hour {
				return false, true
			}
		}
		for _, p := range attr.GetArray("attached_policy_arns") {
			if strings.HasSuffix(string(p.GetStringBytes()), "/AdministratorAccess") {
				return false, true
			}
		}
		return true, true
	case "aws.kms.key":
		if str("key_manager") == "CUSTOMER" && str("key_spec") == "SYMMETRIC_DEFAULT" &&
			str("origin") == "AWS_KMS" && str("key_state") == "Enabled" {
			return attr.GetBool("rotation_enabled"), true
		}
		return true, true
	case "aws.rds.instance":
		return !attr.GetBool("publicly_accessible") && attr.GetBool("storage_encrypted") &&
			attr.GetInt("backup_retention_period") >= 7 && attr.GetBool("auto_minor_version_upgrade"), true
	}
	return false, false
}

func allTrue(v *fastjson.Value) bool {
	if v == nil {
		return false
	}
	for _, k := range []string{"block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"} {
		if !v.GetBool(k) {
			return false
		}
	}
	return true
}

// BenchmarkGenerate measures generation alone (assets handed to a no-op
// callback); BenchmarkWrite adds JSON encoding of every asset.
func BenchmarkGenerate(b *testing.B) {
	const n = 100_000
	b.ReportAllocs()
	total := 0
	for b.Loop() {
		err := gen.Generate(reg, gen.Options{Assets: n, Seed: 1}, func(*asset.Asset) error {
			total++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "assets/s")
}

func BenchmarkWrite(b *testing.B) {
	const n = 100_000
	b.ReportAllocs()
	total := 0
	for b.Loop() {
		if err := gen.Write(io.Discard, reg, gen.Options{Assets: n, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		total += n
	}
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "assets/s")
}
