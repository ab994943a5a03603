package adapt

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/valyala/fastjson"

	"cloudward/asset"
	"cloudward/engine"
	"cloudward/iac/cloudformation"
	"cloudward/scan"
)

// evaluate runs the built-in rules over assets (with the context the
// engine needs) and returns rule id -> asset id -> status.
func evaluate(t *testing.T, assets []*asset.Asset) map[string]map[string]engine.Status {
	t.Helper()
	rs, errs := scan.LoadRules(nil, false)
	for _, err := range errs {
		t.Fatal(err)
	}
	eng, errs := scan.NewEngine(rs, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	for _, err := range errs {
		t.Fatal(err)
	}
	ctx := eng.NewContext()
	for _, a := range assets {
		ctx.Add(a)
	}
	eng.PrepareContext(ctx)
	ev := eng.NewEvaluator()
	out := map[string]map[string]engine.Status{}
	for _, a := range assets {
		for _, r := range ev.Evaluate(a, ctx, false, nil) {
			id := r.Program.Rule.ID
			if out[id] == nil {
				out[id] = map[string]engine.Status{}
			}
			out[id][a.ID] = r.Status
		}
	}
	return out
}

// liveAssets reads the live-collector form of the equivalence fixture; its
// first asset is the account every format is judged with, as the
// collector reports it (no account-level Block Public Access).
func liveAssets(t *testing.T) []*asset.Asset {
	t.Helper()
	// Not ruletest.Load: ruletest imports this package.
	data, err := os.ReadFile(filepath.Join("testdata", "live", "equivalence.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	reg := scan.Registry()
	var as []*asset.Asset
	var p fastjson.Parser
	for i, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		v, err := p.ParseBytes(line)
		if err != nil {
			t.Fatalf("equivalence.jsonl:%d: %v", i+1, err)
		}
		d, err := reg.Decode(v)
		if err != nil {
			t.Fatalf("equivalence.jsonl:%d: %v", i+1, err)
		}
		if len(d.Ignored) > 0 {
			t.Fatalf("equivalence.jsonl:%d: attributes not in the %s schema: %v", i+1, d.Asset.Type, d.Ignored)
		}
		as = append(as, d.Asset)
	}
	return as
}

// TestEquivalence judges the same settings written in Terraform, in
// CloudFormation and as live collector assets with the same rules, and
// requires the same outcome.
func TestEquivalence(t *testing.T) {
	live := liveAssets(t)
	tf, tfDiags := loadTF(t, "equivalence")
	cfn, cfnDiags := loadCFN(t, "equivalence.yaml", cloudformation.Options{Region: "us-east-1", AccountID: "111122223333"})
	plan, planDiags := loadPlan(t, "equivalence.json")
	for _, d := range append(append(tfDiags, cfnDiags...), planDiags...) {
		t.Errorf("diagnostic: %v", d)
	}
	// The account asset comes from the live collector in every case.
	account := live[0]
	withAccount := func(m map[string]*asset.Asset) []*asset.Asset {
		out := []*asset.Asset{account}
		for _, a := range m {
			out = append(out, a)
		}
		return out
	}
	// The logical subject each asset id stands for, per format.
	tfSubjects := map[string]string{
		"aws_s3_bucket.pass_blocked": "blocked", "aws_s3_bucket.pass_defaults": "defaults", "aws_s3_bucket.fail_open": "open",
		"aws_security_group.pass_https": "https", "aws_security_group.fail_ssh": "ssh", "aws_security_group.fail_rdp_rule": "all",
		"aws_instance.pass_imdsv2": "imdsv2", "aws_instance.fail_imdsv1": "imdsv1",
		"aws_db_instance.pass_db": "db-private", "aws_db_instance.fail_db": "db-public",
		"aws_ebs_volume.pass_volume": "vol-encrypted", "aws_ebs_volume.fail_volume": "vol-plain",
	}
	subjects := map[string]map[string]string{
		// The plan of the Terraform configuration has its addresses.
		"terraform-plan": tfSubjects,
		"terraform": {
			"aws_s3_bucket.pass_blocked": "blocked", "aws_s3_bucket.pass_defaults": "defaults", "aws_s3_bucket.fail_open": "open",
			"aws_security_group.pass_https": "https", "aws_security_group.fail_ssh": "ssh", "aws_security_group.fail_rdp_rule": "all",
			"aws_instance.pass_imdsv2": "imdsv2", "aws_instance.fail_imdsv1": "imdsv1",
			"aws_db_instance.pass_db": "db-private", "aws_db_instance.fail_db": "db-public",
			"aws_ebs_volume.pass_volume": "vol-encrypted", "aws_ebs_volume.fail_volume": "vol-plain",
		},
		"cloudformation": {
			"PassBlocked": "blocked", "PassDefaults": "defaults", "FailOpen": "open",
			"PassHttps": "https", "FailSsh": "ssh", "FailRdpRule": "all",
			"PassImdsv2": "imdsv2", "FailImdsv1": "imdsv1",
			"PassDb": "db-private", "FailDb": "db-public",
			"PassVolume": "vol-encrypted", "FailVolume": "vol-plain",
		},
		"live": {
			"arn:aws:s3:::eq-blocked": "blocked", "arn:aws:s3:::eq-defaults": "defaults", "arn:aws:s3:::eq-open": "open",
			"pass-sg-0000000000000001": "https", "fail-sg-0000000000000002": "ssh", "fail-sg-0000000000000003": "all",
			"pass-i-01": "imdsv2", "fail-i-02": "imdsv1",
			"arn:aws:rds:us-east-1:111122223333:db:pass-eq-private": "db-private", "arn:aws:rds:us-east-1:111122223333:db:fail-eq-public": "db-public",
			"pass-vol-01": "vol-encrypted", "fail-vol-02": "vol-plain",
		},
	}
	P, F := engine.Pass, engine.Fail
	want := map[string]map[string]engine.Status{
		"CW-AWS-S3-001":  {"blocked": P, "defaults": P, "open": F},
		"CW-AWS-S3-002":  {"blocked": P, "defaults": P, "open": P},
		"CW-AWS-S3-013":  {"blocked": P, "defaults": F, "open": F},
		"CW-AWS-S3-010":  {"blocked": P, "defaults": P, "open": P},
		"CW-AWS-S3-011":  {"blocked": P, "defaults": P, "open": P},
		"CW-AWS-S3-009":  {"blocked": P, "defaults": P, "open": P},
		"CW-AWS-EC2-001": {"https": P, "ssh": F, "all": F},
		"CW-AWS-EC2-011": {"https": P, "ssh": P, "all": F},
		"CW-AWS-EC2-005": {"imdsv2": P, "imdsv1": F},
		"CW-AWS-EC2-025": {"imdsv2": P, "imdsv1": P},
		"CW-AWS-RDS-001": {"db-private": P, "db-public": F},
		"CW-AWS-RDS-002": {"db-private": P, "db-public": F},
		"CW-AWS-EC2-006": {"vol-encrypted": P, "vol-plain": F},
	}
	results := map[string]map[string]map[string]engine.Status{
		"terraform":      evaluate(t, withAccount(tf)),
		"terraform-plan": evaluate(t, withAccount(plan)),
		"cloudformation": evaluate(t, withAccount(cfn)),
		"live":           evaluate(t, live),
	}
	for format, res := range results {
		for rule, exp := range want {
			got := map[string]engine.Status{}
			for id, st := range res[rule] {
				if s, ok := subjects[format][id]; ok {
					got[s] = st
				}
			}
			for s, w := range exp {
				if g, ok := got[s]; !ok {
					t.Errorf("%s %s %s: not evaluated, want %s", format, rule, s, w)
				} else if g != w {
					t.Errorf("%s %s %s: got %s, want %s", format, rule, s, g, w)
				}
			}
		}
	}
	// The plan gives every rule the verdict the configuration it comes
	// from gets, not only the rules above.
	for rule, byID := range results["terraform"] {
		for id, st := range byID {
			if got, ok := results["terraform-plan"][rule][id]; !ok {
				t.Errorf("terraform-plan %s %s: not evaluated, terraform gives %s", rule, id, st)
			} else if got != st {
				t.Errorf("terraform-plan %s %s: got %s, terraform gives %s", rule, id, got, st)
			}
		}
	}
	for rule, byID := range results["terraform-plan"] {
		for id, st := range byID {
			if _, ok := results["terraform"][rule][id]; !ok {
				t.Errorf("terraform-plan %s %s: %s, not evaluated for terraform", rule, id, st)
			}
		}
	}
	for id, a := range tf {
		if p := plan[id]; p == nil {
			t.Errorf("terraform-plan: no asset %s", id)
		} else if p.Type != a.Type || p.Account != a.Account || p.Region != a.Region || p.Name != a.Name {
			t.Errorf("terraform-plan %s: %s %s/%s %q, terraform %s %s/%s %q", id, p.Type, p.Account, p.Region, p.Name, a.Type, a.Account, a.Region, a.Name)
		}
	}
	if len(plan) != len(tf) {
		t.Errorf("terraform-plan: %d assets, terraform %d", len(plan), len(tf))
	}
	// Source lines point at the Terraform and CloudFormation code.
	if a := tf["aws_instance.fail_imdsv1"]; a.Source.File != filepath.Join("testdata", "terraform", "equivalence", "main.tf") || a.Source.StartLine != 85 || a.Source.EndLine != 88 {
		t.Errorf("terraform source = %+v", a.Source)
	}
	if a := cfn["FailImdsv1"]; a.Source.File != filepath.Join("testdata", "cloudformation", "equivalence.yaml") || a.Source.StartLine != 75 || a.Source.EndLine != 79 {
		t.Errorf("cloudformation source = %+v", a.Source)
	}
}
