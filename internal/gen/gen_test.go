package gen_test

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"cloudward/asset"
	"cloudward/asset/aws"
	"cloudward/internal/gen"
	"cloudward/inventory"
	"cloudward/rules"

	"github.com/valyala/fastjson"
)

var update = flag.Bool("update", false, "rewrite examples/demo-inventory.jsonl")

var reg = asset.NewRegistry(aws.Types()...)

const demoPath = "../../examples/demo-inventory.jsonl"

// demoOptions are the options of the bundled example inventory.
var demoOptions = gen.Options{Assets: 360, Seed: 7, Accounts: 2}

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
	for _, n := range []int{300, 5000, 50000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			st := inspect(t, write(t, gen.Options{Assets: n, Seed: int64(n)}), n)
			shares[n] = st.shares()
			t.Logf("%d assets: %d accounts, %d regions, %d unknown (%.2f%%), %.1f%% well configured; types %v",
				n, len(st.accounts), len(st.regions), st.unknowns, 100*float64(st.unknowns)/float64(n),
				100*st.goodShare(), st.fmtShares())
			if n >= 5000 {
				if u := float64(st.unknowns) / float64(n); u < 0.006 || u > 0.014 {
					t.Errorf("%.2f%% of assets have an unknown attribute, want about 1%%", 100*u)
				}
				if g := st.goodShare(); g < 0.72 || g > 0.88 {
					t.Errorf("%.1f%% of resources are well configured, want about 80%%", 100*g)
				}
				if f := float64(st.vpcsWithFlowLogs) / float64(st.types["aws.ec2.vpc"]); f < 0.7 {
					t.Errorf("only %.0f%% of VPCs have a flow log", 100*f)
				}
			}
		})
	}
	// The mix of types must not depend on the size.
	for typ, big := range shares[50000] {
		for _, n := range []int{300, 5000} {
			tol := 0.015
			if n == 300 {
				tol = 0.05
			}
			if d := math.Abs(shares[n][typ] - big); d > tol {
				t.Errorf("%s: %.1f%% of %d assets but %.1f%% of 50000", typ, 100*shares[n][typ], n, 100*big)
			}
		}
	}
}

func TestOptions(t *testing.T) {
	// Regions, accounts and a tiny budget: the per-account baseline is kept.
	opts := gen.Options{Assets: 1, Seed: 1, Accounts: 4, Regions: []string{"eu-central-1"}}
	var types []string
	accounts := map[string]bool{}
	err := gen.Generate(reg, opts, func(a *asset.Asset) error {
		types = append(types, a.Type)
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
	if len(accounts) != 4 || len(types) < 4*3 || len(types) > 4*4 {
		t.Errorf("got %d assets in %d accounts: %v", len(types), len(accounts), types)
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
// checks the properties every generated inventory must have.
func inspect(t *testing.T, data []byte, want int) *stats {
	t.Helper()
	st := &stats{accounts: map[string]bool{}, regions: map[string]bool{}, types: map[string]int{}}
	ids := map[string]bool{}
	accountPAB := map[string]bool{}
	vpcs := map[string]bool{}     // account/region/vpc-id
	flowLogs := map[string]bool{} // account/region/resource-id of active flow logs
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
		if a.Root.HasUnknowns() {
			st.unknowns++
			continue
		}
		attr := v.Get("attributes")
		key := a.Account + "/" + a.Region + "/"
		switch a.Type {
		case "aws.account":
			accountPAB[a.Account] = allTrue(attr.Get("s3_public_access_block"))
		case "aws.ec2.vpc":
			vpcs[key+string(attr.GetStringBytes("vpc_id"))] = true
		case "aws.ec2.flow_log":
			if string(attr.GetStringBytes("flow_log_status")) == "ACTIVE" {
				flowLogs[key+string(attr.GetStringBytes("resource_id"))] = true
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
	// Every asset type a built-in rule judges must appear, so the demo and
	// the benchmarks exercise every rule.
	rs, errs := rules.Builtin()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	judged := map[string]bool{}
	for _, r := range rs {
		for _, typ := range r.ResourceTypes {
			judged[typ] = true
		}
	}
	for typ := range judged {
		if st.types[typ] == 0 {
			t.Errorf("no %s asset, though rules judge that type", typ)
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
