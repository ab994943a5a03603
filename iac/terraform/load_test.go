package terraform

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"cloudward/iac"
)

func byAddr(rs []iac.Resource) map[string]iac.Resource {
	m := map[string]iac.Resource{}
	for _, r := range rs {
		m[r.Address] = r
	}
	return m
}

func addrs(rs []iac.Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Address)
	}
	return out
}

func rng(file string, start, end int) iac.Range {
	return iac.Range{File: file, StartLine: start, EndLine: end}
}

// diagsMatching returns the diagnostics whose message contains sub.
func diagsMatching(ds []iac.Diagnostic, sub string) []iac.Diagnostic {
	var out []iac.Diagnostic
	for _, d := range ds {
		if strings.Contains(d.Message, sub) {
			out = append(out, d)
		}
	}
	return out
}

func TestLoadS3(t *testing.T) {
	rs, ds := Load("testdata/s3", Options{})
	main := filepath.Join("testdata", "s3", "main.tf")
	want := []iac.Resource{
		{
			Format: "terraform", Type: "aws_s3_bucket", Address: "aws_s3_bucket.logs", Name: "logs",
			Range: rng(main, 9, 13),
			AttrRanges: map[string]iac.Range{
				"bucket": rng(main, 10, 10), "force_destroy": rng(main, 11, 11), "tags": rng(main, 12, 12),
			},
			Attrs: map[string]any{
				// prod.auto.tfvars (loaded after terraform.tfvars) wins.
				"bucket":        "acme-prod-logs",
				"force_destroy": true,
				"tags":          map[string]any{"Environment": "prod", "ManagedBy": "terraform", "Owner": "platform"},
			},
			Region: "us-east-1", Account: "111122223333",
		},
		{
			Format: "terraform", Type: "aws_s3_bucket_public_access_block", Address: "aws_s3_bucket_public_access_block.logs", Name: "logs",
			Range: rng(main, 15, 21),
			AttrRanges: map[string]iac.Range{
				"bucket": rng(main, 16, 16), "block_public_acls": rng(main, 17, 17), "block_public_policy": rng(main, 18, 18),
				"ignore_public_acls": rng(main, 19, 19), "restrict_public_buckets": rng(main, 20, 20),
			},
			Attrs: map[string]any{
				"bucket":                  iac.Unknown{Reason: "aws_s3_bucket.logs.id is known only after apply"},
				"block_public_acls":       true,
				"block_public_policy":     true,
				"ignore_public_acls":      true,
				"restrict_public_buckets": true,
			},
			Region: "us-east-1", Account: "111122223333",
		},
		{
			Format: "terraform", Type: "aws_s3_bucket_server_side_encryption_configuration",
			Address: "aws_s3_bucket_server_side_encryption_configuration.logs", Name: "logs",
			Range: rng(main, 23, 33),
			AttrRanges: map[string]iac.Range{
				"bucket":  rng(main, 24, 24),
				"rule[0]": rng(main, 26, 32),
				"rule[0].apply_server_side_encryption_by_default":                   rng(main, 27, 30),
				"rule[0].apply_server_side_encryption_by_default.sse_algorithm":     rng(main, 28, 28),
				"rule[0].apply_server_side_encryption_by_default.kms_master_key_id": rng(main, 29, 29),
				"rule[0].bucket_key_enabled":                                        rng(main, 31, 31),
			},
			Attrs: map[string]any{
				// The configured bucket name resolves through the reference.
				"bucket": "acme-prod-logs",
				"rule": []any{map[string]any{
					"apply_server_side_encryption_by_default": map[string]any{
						"sse_algorithm":     "aws:kms",
						"kms_master_key_id": iac.Unknown{Reason: "variable kms_key_arn has no value"},
					},
					"bucket_key_enabled": true,
				}},
			},
			Region: "us-east-1", Account: "111122223333",
		},
		{
			Format: "terraform", Type: "aws_s3_bucket_versioning", Address: "aws_s3_bucket_versioning.logs", Name: "logs",
			Range: rng(main, 35, 40),
			AttrRanges: map[string]iac.Range{
				"bucket": rng(main, 36, 36), "versioning_configuration": rng(main, 37, 39),
				"versioning_configuration.status": rng(main, 38, 38),
			},
			Attrs: map[string]any{
				"bucket":                   iac.Unknown{Reason: "aws_s3_bucket.logs.id is known only after apply"},
				"versioning_configuration": map[string]any{"status": "Enabled"},
			},
			Region: "us-east-1", Account: "111122223333",
		},
	}
	got := byAddr(rs)
	if len(rs) != 5 {
		t.Fatalf("got %d resources %v, want 5", len(rs), addrs(rs))
	}
	for _, w := range want {
		if diff := cmp.Diff(w, got[w.Address]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", w.Address, diff)
		}
	}
	pol := got["aws_s3_bucket_policy.logs"]
	if u, ok := pol.Attrs["policy"].(iac.Unknown); !ok || u.Reason != "aws_s3_bucket.logs.arn is known only after apply" {
		t.Errorf("policy = %#v, want unknown because of the bucket ARN", pol.Attrs["policy"])
	}
	if pol.Range != rng(main, 42, 69) {
		t.Errorf("policy range = %v", pol.Range)
	}
	wantDiags := []iac.Diagnostic{{
		File: filepath.Join("testdata", "s3", "variables.tf"), Line: 15, Column: 1, Severity: "warning",
		Message: `variable "kms_key_arn" has no value: set it with -var, -var-file, a .tfvars file or a default; values that use it are unknown`,
	}}
	if diff := cmp.Diff(wantDiags, ds); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

func TestLoadVarPrecedence(t *testing.T) {
	dir := t.TempDir()
	varFile := filepath.Join(dir, "extra.tfvars")
	if err := os.WriteFile(varFile, []byte("env = \"from-file\"\nbucket_prefix = \"filepfx\"\nkms_key_arn = \"arn:aws:kms:us-east-1:111122223333:key/abc\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rs, ds := Load("testdata/s3", Options{
		VarFiles: []string{varFile},
		Vars:     map[string]string{"env": "dev", "region": "ap-south-1", "tags": `{ Owner = "cli", Cost = "1" }`},
		Env:      map[string]string{"TF_VAR_bucket_prefix": "envpfx", "TF_VAR_force_destroy": "false", "HOME": "/x"},
	})
	got := byAddr(rs)
	b := got["aws_s3_bucket.logs"]
	want := map[string]any{
		"bucket":        "filepfx-dev-logs", // -var beats -var-file beats auto files beats env
		"force_destroy": true,               // prod.auto.tfvars beats TF_VAR_
		"tags":          map[string]any{"Owner": "cli", "Cost": "1", "Environment": "dev", "ManagedBy": "terraform"},
	}
	if diff := cmp.Diff(want, b.Attrs); diff != "" {
		t.Errorf("attrs (-want +got):\n%s", diff)
	}
	if b.Region != "ap-south-1" {
		t.Errorf("region = %q", b.Region)
	}
	enc := got["aws_s3_bucket_server_side_encryption_configuration.logs"].Attrs["rule"].([]any)[0].(map[string]any)
	if k := enc["apply_server_side_encryption_by_default"].(map[string]any)["kms_master_key_id"]; k != "arn:aws:kms:us-east-1:111122223333:key/abc" {
		t.Errorf("kms key = %#v", k)
	}
	if len(ds) != 0 {
		t.Errorf("diagnostics: %v", ds)
	}
}

func TestCLIValueParsing(t *testing.T) {
	dir := writeModule(t, map[string]string{"main.tf": `
variable "untyped" {}
variable "str" { type = string }
variable "num" { type = number }
variable "lst" { type = list(number) }
variable "anyv" { type = any }
variable "plain" {}
resource "test_x" "x" {
  untyped = var.untyped
  str     = var.str
  num     = var.num
  lst     = var.lst
  anyv    = var.anyv
  plain   = var.plain
}
`})
	rs, ds := Load(dir, Options{Vars: map[string]string{
		"untyped": "[1, 2]", "str": "[1, 2]", "num": "12", "lst": "[3]", "anyv": `{a = true}`, "plain": "hello world",
	}})
	if len(ds) != 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	want := map[string]any{
		"untyped": []any{int64(1), int64(2)},
		"str":     "[1, 2]",
		"num":     int64(12),
		"lst":     []any{int64(3)},
		"anyv":    map[string]any{"a": true},
		"plain":   "hello world",
	}
	if diff := cmp.Diff(want, rs[0].Attrs); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestLoadNetwork(t *testing.T) {
	rs, ds := Load("testdata/network", Options{})
	main := filepath.Join("testdata", "network", "main.tf")
	wantAddrs := []string{
		"aws_vpc.main",
		`aws_subnet.this["a"]`, `aws_subnet.this["b"]`,
		"aws_security_group.web",
		"aws_vpc_security_group_ingress_rule.db", "aws_vpc_security_group_ingress_rule.rdp",
		"aws_instance.web[0]", "aws_instance.web[1]",
	}
	if diff := cmp.Diff(wantAddrs, addrs(rs)); diff != "" {
		t.Fatalf("addresses (-want +got):\n%s", diff)
	}
	if len(ds) != 0 {
		t.Errorf("diagnostics: %v", ds)
	}
	got := byAddr(rs)

	sg := got["aws_security_group.web"]
	wantSG := map[string]any{
		"name": "web", "description": "Web servers",
		"vpc_id": iac.Unknown{Reason: "aws_vpc.main.id is known only after apply"},
		"ingress": []any{
			map[string]any{"description": "SSH from admins", "from_port": int64(22), "to_port": int64(22), "protocol": "tcp",
				"cidr_blocks": []any{"203.0.113.0/24", "198.51.100.0/24"}},
			map[string]any{"description": "web", "from_port": int64(80), "to_port": int64(80), "protocol": "tcp",
				"cidr_blocks": []any{"0.0.0.0/0"}},
			map[string]any{"description": "tls", "from_port": int64(443), "to_port": int64(443), "protocol": "tcp",
				"cidr_blocks": []any{"0.0.0.0/0"}},
		},
		"egress": []any{
			map[string]any{"from_port": int64(0), "to_port": int64(0), "protocol": "-1", "cidr_blocks": []any{"0.0.0.0/0"}},
		},
	}
	if diff := cmp.Diff(wantSG, sg.Attrs); diff != "" {
		t.Errorf("security group (-want +got):\n%s", diff)
	}
	for path, want := range map[string]iac.Range{
		"ingress[0]":                rng(main, 67, 73),
		"ingress[0].cidr_blocks":    rng(main, 72, 72),
		"ingress[1]":                rng(main, 75, 85), // generated by the dynamic block
		"ingress[1].cidr_blocks":    rng(main, 83, 83), // from its content block
		"ingress[2].from_port":      rng(main, 80, 80),
		"ingress[1].cidr_blocks[0]": rng(main, 83, 83),
		"egress[0].protocol":        rng(main, 90, 90),
	} {
		if g := sg.AttrRanges[path]; g != want {
			t.Errorf("AttrRanges[%q] = %v, want %v", path, g, want)
		}
	}
	if sg.Range != rng(main, 62, 97) || sg.Region != "eu-west-1" {
		t.Errorf("range %v region %q", sg.Range, sg.Region)
	}
	if got["aws_vpc_security_group_ingress_rule.rdp"].Region != "us-east-1" {
		t.Errorf("aliased provider region not applied")
	}

	w1 := got["aws_instance.web[1]"]
	wantW1 := map[string]any{
		"ami": "ami-0abcdef1234567890", "instance_type": "t3.micro",
		"subnet_id":              iac.Unknown{Reason: `aws_subnet.this["a"].id is known only after apply`},
		"vpc_security_group_ids": []any{iac.Unknown{Reason: "aws_security_group.web.id is known only after apply"}},
		"monitoring":             true,
		"metadata_options":       map[string]any{"http_tokens": "required", "http_endpoint": "enabled"},
		"root_block_device":      map[string]any{"encrypted": true, "volume_size": int64(30)},
		"ebs_block_device":       []any{map[string]any{"device_name": "/dev/sdf", "encrypted": false}},
		"tags":                   map[string]any{"Name": "web-02"},
	}
	if diff := cmp.Diff(wantW1, w1.Attrs); diff != "" {
		t.Errorf("instance (-want +got):\n%s", diff)
	}
	if got["aws_instance.web[0]"].Attrs["instance_type"] != "t3.large" {
		t.Errorf("count.index conditional")
	}
	if _, ok := w1.AttrRanges["depends_on"]; ok {
		t.Errorf("meta-argument in AttrRanges")
	}
	if w1.AttrRanges["root_block_device.volume_size"] != rng(main, 131, 131) {
		t.Errorf("root_block_device.volume_size range %v", w1.AttrRanges["root_block_device.volume_size"])
	}
	sb := got[`aws_subnet.this["b"]`].Attrs
	if sb["cidr_block"] != "10.20.1.0/24" || sb["availability_zone"] != "eu-west-1b" || sb["map_public_ip_on_launch"] != false {
		t.Errorf("subnet b = %#v", sb)
	}
}

func TestLoadModules(t *testing.T) {
	rs, ds := Load("testdata/modules", Options{})
	wantAddrs := []string{
		"aws_s3_bucket_policy.audit",
		"aws_flow_log.main",
		`module.app_bucket["billing"].aws_s3_bucket.this`,
		`module.app_bucket["billing"].aws_s3_bucket_versioning.this`,
		`module.app_bucket["billing"].aws_s3_bucket_server_side_encryption_configuration.this`,
		`module.app_bucket["reports"].aws_s3_bucket.this`,
		`module.app_bucket["reports"].aws_s3_bucket_versioning.this`,
		`module.app_bucket["reports"].aws_s3_bucket_server_side_encryption_configuration.this`,
		"module.audit_bucket.aws_s3_bucket.this",
		"module.audit_bucket.aws_s3_bucket_versioning.this",
		"module.audit_bucket.aws_s3_bucket_server_side_encryption_configuration.this",
		"module.audit_bucket.module.key[0].aws_kms_key.this",
		"module.audit_bucket.module.key[0].aws_kms_alias.this",
		"module.vpc.aws_vpc.this",
		"module.vpc.aws_default_security_group.this",
		"module.vpc.module.flowlogs[0].aws_cloudwatch_log_group.this",
	}
	if diff := cmp.Diff(wantAddrs, addrs(rs)); diff != "" {
		t.Fatalf("addresses (-want +got):\n%s", diff)
	}
	got := byAddr(rs)
	check := func(addr, attr string, want any) {
		t.Helper()
		if diff := cmp.Diff(want, got[addr].Attrs[attr]); diff != "" {
			t.Errorf("%s.%s (-want +got):\n%s", addr, attr, diff)
		}
	}
	check("aws_s3_bucket_policy.audit", "bucket", "acme-audit")
	check("aws_s3_bucket_policy.audit", "policy", iac.Unknown{Reason: "module.audit_bucket.aws_s3_bucket.this.arn is known only after apply"})
	check("aws_flow_log.main", "log_destination", "acme-billing")
	check("aws_flow_log.main", "vpc_id", iac.Unknown{Reason: "module.vpc.aws_vpc.this.id is known only after apply"})
	check(`module.app_bucket["reports"].aws_s3_bucket_versioning.this`, "versioning_configuration", map[string]any{"status": "Suspended"})
	check(`module.app_bucket["billing"].aws_s3_bucket_versioning.this`, "versioning_configuration", map[string]any{"status": "Enabled"})
	check("module.audit_bucket.aws_s3_bucket_server_side_encryption_configuration.this", "rule", []any{map[string]any{
		"apply_server_side_encryption_by_default": map[string]any{
			"sse_algorithm":     "aws:kms",
			"kms_master_key_id": iac.Unknown{Reason: "module.audit_bucket.module.key[0].aws_kms_key.this.arn is known only after apply"},
		},
	}})
	check(`module.app_bucket["billing"].aws_s3_bucket_server_side_encryption_configuration.this`, "rule", []any{map[string]any{
		"apply_server_side_encryption_by_default": map[string]any{"sse_algorithm": "AES256", "kms_master_key_id": nil},
	}})
	check("module.audit_bucket.module.key[0].aws_kms_alias.this", "name", "alias/acme-audit")
	check("module.vpc.aws_vpc.this", "tags", map[string]any{"Name": "main"})
	for _, r := range rs {
		if r.Region != "eu-central-1" {
			t.Errorf("%s: region %q (inherited from the root provider)", r.Address, r.Region)
		}
	}
	kms := got["module.audit_bucket.module.key[0].aws_kms_key.this"]
	if want := rng(filepath.Join("testdata", "modules", "modules", "kms", "main.tf"), 5, 8); kms.Range != want {
		t.Errorf("module resource range %v, want %v", kms.Range, want)
	}
	vpc := got["module.vpc.aws_vpc.this"]
	if want := filepath.Join("testdata", "modules", ".terraform", "modules", "vpc", "main.tf"); vpc.Range.File != want {
		t.Errorf("downloaded module file %q, want %q", vpc.Range.File, want)
	}
	if len(ds) != 1 || ds[0].Severity != "warning" || ds[0].Line != 37 || !strings.Contains(ds[0].Message, `module "not_downloaded"`) ||
		!strings.Contains(ds[0].Message, "terraform init") {
		t.Errorf("diagnostics: %v", ds)
	}
}

func TestModulesWithoutManifest(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"main.tf":            "module \"remote\" {\n  source = \"hashicorp/consul/aws\"\n}\nmodule \"local\" {\n  source = \"./m\"\n  n = 2\n}\n",
		"m/main.tf":          "variable \"n\" {}\nresource \"aws_sqs_queue\" \"q\" {\n  count = var.n\n  name = \"q${count.index}\"\n}\noutput \"names\" {\n  value = aws_sqs_queue.q[*].name\n}\n",
		"other.tf":           "resource \"aws_sns_topic\" \"t\" {\n  name = join(\"+\", module.local.names)\n  display_name = module.remote.anything\n}\n",
		"terraform.tfvars":   "",
		"ignored/.hidden.tf": "this is not parsed",
	})
	rs, ds := Load(dir, Options{})
	if diff := cmp.Diff([]string{"aws_sns_topic.t", "module.local.aws_sqs_queue.q[0]", "module.local.aws_sqs_queue.q[1]"}, addrs(rs)); diff != "" {
		t.Fatalf("addresses (-want +got):\n%s", diff)
	}
	if rs[0].Attrs["name"] != "q0+q1" {
		t.Errorf("name = %#v", rs[0].Attrs["name"])
	}
	if u, ok := rs[0].Attrs["display_name"].(iac.Unknown); !ok || !strings.Contains(u.Reason, "module.remote (hashicorp/consul/aws) has not been downloaded") {
		t.Errorf("display_name = %#v", rs[0].Attrs["display_name"])
	}
	if len(diagsMatching(ds, "has not been downloaded")) != 1 {
		t.Errorf("diagnostics: %v", ds)
	}
}

func TestLoadBrokenFile(t *testing.T) {
	rs, ds := Load("testdata/broken", Options{})
	if diff := cmp.Diff([]string{"aws_sns_topic.alerts", "aws_sqs_queue.dead"}, addrs(rs)); diff != "" {
		t.Errorf("addresses (-want +got):\n%s", diff)
	}
	if len(ds) != 1 {
		t.Fatalf("diagnostics: %v", ds)
	}
	d := ds[0]
	if d.File != filepath.Join("testdata", "broken", "broken.tf") || d.Line != 3 || d.Column != 29 || d.Severity != "error" ||
		!strings.Contains(d.Message, "Invalid expression") || !strings.Contains(d.Message, "skipped") {
		t.Errorf("diagnostic %+v", d)
	}
}

func TestLoadJSON(t *testing.T) {
	rs, ds := Load("testdata/json", Options{})
	if len(ds) != 0 {
		t.Errorf("diagnostics: %v", ds)
	}
	if len(rs) != 1 || rs[0].Address != "aws_security_group.sg[0]" {
		t.Fatalf("resources %v", addrs(rs))
	}
	want := map[string]any{
		"name": "json-sg-x", "description": "from json", "tags": map[string]any{"Team": "sec"},
		"egress": []any{map[string]any{"from_port": int64(0), "to_port": int64(0), "protocol": "-1", "cidr_blocks": []any{"0.0.0.0/0"}}},
		"ingress": []any{
			map[string]any{"from_port": int64(22), "to_port": int64(22), "protocol": "tcp", "cidr_blocks": []any{"10.0.0.0/8"}},
			map[string]any{"from_port": int64(443), "to_port": int64(443), "protocol": "tcp", "cidr_blocks": []any{"10.0.0.0/8"}},
		},
	}
	if diff := cmp.Diff(want, rs[0].Attrs); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	f := filepath.Join("testdata", "json", "main.tf.json")
	if rs[0].AttrRanges["egress[0].protocol"] != rng(f, 16, 16) || rs[0].AttrRanges["tags.Team"] != rng(f, 15, 15) {
		t.Errorf("ranges %v", rs[0].AttrRanges)
	}
	if rs[0].Range.StartLine != 11 {
		t.Errorf("range %v", rs[0].Range)
	}
}

func TestLoadEdge(t *testing.T) {
	rs, ds := Load("testdata/edge", Options{})
	got := byAddr(rs)
	if diff := cmp.Diff([]string{"aws_iam_role.r", "aws_instance.unknown_count", "aws_ssm_parameter.p", "aws_s3_object.o"}, addrs(rs)); diff != "" {
		t.Fatalf("addresses (-want +got):\n%s", diff)
	}
	role := got["aws_iam_role.r"].Attrs
	wantRole := map[string]any{
		"name":                 iac.Unknown{Reason: "data.aws_caller_identity.current.account_id is read from the provider during plan"},
		"assume_role_policy":   iac.Unknown{Reason: "data.aws_iam_policy_document.assume.json is read from the provider during plan"},
		"description":          "Role for ALPHA, BETA\n",
		"max_session_duration": int64(7200),
	}
	if diff := cmp.Diff(wantRole, role); diff != "" {
		t.Errorf("role (-want +got):\n%s", diff)
	}
	inst := got["aws_instance.unknown_count"].Attrs
	if u, ok := inst["tags"].(map[string]any)["Index"].(iac.Unknown); !ok ||
		u.Reason != "count of aws_instance.unknown_count is not known statically (variable n has no value)" {
		t.Errorf("count.index of the representative instance = %#v", inst["tags"])
	}
	p := got["aws_ssm_parameter.p"].Attrs
	wantP := map[string]any{
		"name":            iac.Unknown{Reason: "cycle: local.a -> local.b -> local.a"},
		"type":            "String",
		"value":           `{"by_name":{"alpha":0,"beta":1},"ports":{"http":80,"https":443},"ratio":3.5,"tripled":[0,6]}`,
		"tier":            iac.Unknown{Reason: "function provider::aws::arn_parse is not supported by static analysis"},
		"description":     iac.Unknown{Reason: "timestamp() is known only after apply"},
		"key_id":          "fallback",
		"overwrite":       true,
		"insecure_value":  iac.Unknown{Reason: "data.aws_caller_identity.current.account_id is read from the provider during plan"},
		"allowed_pattern": iac.Unknown{Reason: "aws_iam_role.r.arn is known only after apply"},
		"data_type":       iac.Unknown{Reason: "count of aws_instance.unknown_count is not known statically (variable n has no value)"},
	}
	if diff := cmp.Diff(wantP, p); diff != "" {
		t.Errorf("parameter (-want +got):\n%s", diff)
	}
	o := got["aws_s3_object.o"].Attrs
	if o["key"] != "overridden.json" || o["content"] != "{\n  \"bucket\": \"edge-bucket\",\n  \"admins\": [\"alice\", \"bob\"]\n}\n" ||
		o["source_hash"] != "627a61d26060d7904027bf97e1797c16" {
		t.Errorf("object = %#v", o)
	}
	if r := got["aws_s3_object.o"].AttrRanges["key"]; r.File != filepath.Join("testdata", "edge", "override.tf") || r.StartLine != 2 {
		t.Errorf("overridden key range %v", r)
	}
	main := filepath.Join("testdata", "edge", "main.tf")
	wantDiags := []iac.Diagnostic{
		{File: main, Line: 1, Column: 1, Severity: "warning", Message: `variable "n" has no value: set it with -var, -var-file, a .tfvars file or a default; values that use it are unknown`},
		{File: main, Line: 17, Column: 3, Severity: "error", Message: "cycle: local.a -> local.b -> local.a; the values in the cycle cannot be evaluated, remove the circular reference"},
		{File: main, Line: 51, Column: 19, Severity: "warning", Message: "count of aws_instance.unknown_count is not known statically (variable n has no value); one representative instance is scanned, with count.index unknown"},
		{File: main, Line: 74, Column: 17, Severity: "warning", Message: "function provider::aws::arn_parse is not supported by static analysis; values computed with it are unknown"},
	}
	if diff := cmp.Diff(wantDiags, ds); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

func TestRepeatedBlockRule(t *testing.T) {
	dir := writeModule(t, map[string]string{"main.tf": `
resource "test_lb" "one" {
  widget { n = 1 }
  gadget { n = 1 }
}
resource "test_lb" "two" {
  widget { n = 1 }
  widget { n = 2 }
  gadget { n = 2 }
}
resource "test_other" "x" {
  widget { n = 3 }
}
`})
	rs, ds := Load(dir, Options{})
	if len(ds) != 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	got := byAddr(rs)
	// widget repeats in one test_lb, so it is a list in every test_lb...
	if diff := cmp.Diff([]any{map[string]any{"n": int64(1)}}, got["test_lb.one"].Attrs["widget"]); diff != "" {
		t.Errorf("one.widget: %s", diff)
	}
	if _, ok := got["test_lb.one"].AttrRanges["widget[0].n"]; !ok {
		t.Errorf("list path missing: %v", got["test_lb.one"].AttrRanges)
	}
	// ...but not in other resource types; gadget never repeats: a map.
	if diff := cmp.Diff(map[string]any{"n": int64(3)}, got["test_other.x"].Attrs["widget"]); diff != "" {
		t.Errorf("other.widget: %s", diff)
	}
	if diff := cmp.Diff(map[string]any{"n": int64(2)}, got["test_lb.two"].Attrs["gadget"]); diff != "" {
		t.Errorf("two.gadget: %s", diff)
	}
}

func TestDynamicBlocks(t *testing.T) {
	dir := writeModule(t, map[string]string{"main.tf": `
variable "unset" {}
variable "rules" {
  default = {
    web = { ports = [80, 443] }
    ssh = { ports = [22] }
  }
}
resource "aws_security_group" "nested" {
  dynamic "ingress" {
    for_each = var.rules
    content {
      description = ingress.key
      dynamic "port" {
        for_each = ingress.value.ports
        iterator = pt
        content {
          number = pt.value
          pos    = pt.key
        }
      }
    }
  }
}
resource "aws_security_group" "unknown" {
  ingress {
    from_port   = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
  dynamic "ingress" {
    for_each = var.unset
    content {
      from_port = ingress.value
    }
  }
  dynamic "versioning" {
    for_each = var.unset
    content {
      enabled = true
    }
  }
}
`})
	rs, _ := Load(dir, Options{})
	got := byAddr(rs)
	want := []any{
		map[string]any{"description": "ssh", "port": []any{map[string]any{"number": int64(22), "pos": int64(0)}}},
		map[string]any{"description": "web", "port": []any{
			map[string]any{"number": int64(80), "pos": int64(0)}, map[string]any{"number": int64(443), "pos": int64(1)},
		}},
	}
	if diff := cmp.Diff(want, got["aws_security_group.nested"].Attrs["ingress"]); diff != "" {
		t.Errorf("nested dynamic (-want +got):\n%s", diff)
	}
	u := iac.Unknown{Reason: "variable unset has no value"}
	wantU := map[string]any{
		"ingress":    []any{map[string]any{"from_port": int64(22), "cidr_blocks": []any{"0.0.0.0/0"}}, u},
		"versioning": u,
	}
	if diff := cmp.Diff(wantU, got["aws_security_group.unknown"].Attrs); diff != "" {
		t.Errorf("unknown dynamic (-want +got):\n%s", diff)
	}
}

func TestSingleFileAndMissing(t *testing.T) {
	rs, ds := Load(filepath.Join("testdata", "broken", "good.tf"), Options{})
	if len(rs) != 1 || rs[0].Address != "aws_sns_topic.alerts" || len(ds) != 0 {
		t.Errorf("single file: %v %v", addrs(rs), ds)
	}
	rs, ds = Load(filepath.Join("testdata", "does-not-exist"), Options{})
	if len(rs) != 0 || len(ds) != 1 || ds[0].Severity != "error" {
		t.Errorf("missing: %v %v", addrs(rs), ds)
	}
}

func TestInvalidConfigurations(t *testing.T) {
	cases := []struct {
		name      string
		files     map[string]string
		wantAddrs []string
		wantDiag  string
	}{
		{"recursive module", map[string]string{
			"main.tf": "module \"self\" {\n  source = \"./\"\n}\nresource \"a_b\" \"c\" {}\n",
		}, []string{"a_b.c"}, "recursive module"},
		{"for_each over a list", map[string]string{
			"main.tf": "resource \"a_b\" \"c\" {\n  for_each = [\"x\"]\n  v = each.key\n}\n",
		}, []string{"a_b.c"}, "convert a list with toset()"},
		{"negative count", map[string]string{
			"main.tf": "resource \"a_b\" \"c\" {\n  count = -1\n}\n",
		}, []string{"a_b.c"}, "non-negative whole number"},
		{"undeclared variable", map[string]string{
			"main.tf": "resource \"a_b\" \"c\" {\n  v = var.nope\n}\n",
		}, []string{"a_b.c"}, `undeclared input variable "nope"`},
		{"undeclared resource", map[string]string{
			"main.tf": "resource \"a_b\" \"c\" {\n  v = a_b.nope.id\n}\n",
		}, []string{"a_b.c"}, "undeclared resource a_b.nope"},
		{"self reference", map[string]string{
			"main.tf": "resource \"a_b\" \"c\" {\n  v = a_b.c.id\n}\n",
		}, []string{"a_b.c"}, "cycle: a_b.c -> a_b.c"},
		{"count outside count", map[string]string{
			"main.tf": "resource \"a_b\" \"c\" {\n  v = count.index\n}\n",
		}, []string{"a_b.c"}, `reference to "count" in a block that does not set count`},
		{"duplicate resource", map[string]string{
			"a.tf": "resource \"a_b\" \"c\" {}\n", "b.tf": "resource \"a_b\" \"c\" {}\n",
		}, []string{"a_b.c"}, `duplicate resource "a_b.c"`},
		{"type mismatch", map[string]string{
			"main.tf": "variable \"n\" {\n  type = number\n  default = \"x\"\n}\nresource \"a_b\" \"c\" {\n  v = var.n\n}\n",
		}, []string{"a_b.c"}, `invalid value for variable "n"`},
		{"missing module source dir", map[string]string{
			"main.tf": "module \"m\" {\n  source = \"./nowhere\"\n}\n",
		}, nil, "does not exist"},
		{"deep nesting", map[string]string{
			"main.tf": "locals {\n  a = " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n}\n",
			"ok.tf":   "resource \"a_b\" \"c\" {}\n",
		}, []string{"a_b.c"}, "nested more than 10000 levels deep"},
		{"huge count", map[string]string{
			"main.tf": "resource \"a_b\" \"c\" {\n  count = 100000000\n}\n",
		}, nil, "more than the 1000 instances"},
	}
	defer func(n int) { maxInstances = n }(maxInstances)
	maxInstances = 1000
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs, ds := Load(writeModule(t, c.files), Options{})
			if c.wantAddrs != nil {
				if diff := cmp.Diff(c.wantAddrs, addrs(rs)); diff != "" {
					t.Errorf("addresses (-want +got):\n%s", diff)
				}
			}
			if len(diagsMatching(ds, c.wantDiag)) == 0 {
				t.Errorf("no diagnostic containing %q in %v", c.wantDiag, ds)
			}
			for _, d := range ds {
				if d.Line == 0 && !strings.Contains(c.wantDiag, "instances") && d.File == "" {
					t.Errorf("diagnostic without location: %v", d)
				}
			}
		})
	}
}

func TestDiagnosticsSortedAndUnique(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"main.tf": "resource \"a_b\" \"c\" {\n  count = 5\n  v = var.nope\n}\n",
	})
	_, ds := Load(dir, Options{})
	if len(ds) != 1 {
		t.Errorf("want the error once for the 5 instances: %v", ds)
	}
	if !sort.SliceIsSorted(ds, func(i, j int) bool { return ds[i].Line < ds[j].Line }) {
		t.Errorf("unsorted")
	}
}

func TestModuleProvidersAndUnknownCount(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"main.tf": `
variable "replicas" {}
provider "aws" {
  region = var.home
}
provider "aws" {
  alias  = "dr"
  region = "us-west-2"
}
module "dr" {
  source    = "./m"
  providers = { aws = aws.dr }
}
module "home" {
  source = "./m"
}
module "many" {
  source = "./m"
  count  = var.replicas
}
resource "aws_sns_topic" "t" {
  name = module.many[0].queue
}
`,
		"terraform.tfvars.json": `{"home": "eu-north-1"}`,
		"vars.tf":               "variable \"home\" {\n  type = string\n}\n",
		"m/main.tf":             "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\noutput \"queue\" {\n  value = aws_sqs_queue.q.name\n}\n",
	})
	rs, ds := Load(dir, Options{})
	got := byAddr(rs)
	if diff := cmp.Diff([]string{"aws_sns_topic.t", "module.dr.aws_sqs_queue.q", "module.home.aws_sqs_queue.q", "module.many.aws_sqs_queue.q"}, addrs(rs)); diff != "" {
		t.Fatalf("addresses (-want +got):\n%s", diff)
	}
	for addr, want := range map[string]string{
		"module.dr.aws_sqs_queue.q": "us-west-2", "module.home.aws_sqs_queue.q": "eu-north-1", "aws_sns_topic.t": "eu-north-1",
	} {
		if got[addr].Region != want {
			t.Errorf("%s region %q, want %q", addr, got[addr].Region, want)
		}
	}
	if u, ok := got["aws_sns_topic.t"].Attrs["name"].(iac.Unknown); !ok || !strings.Contains(u.Reason, "count of module.many is not known statically (variable replicas has no value)") {
		t.Errorf("name = %#v", got["aws_sns_topic.t"].Attrs["name"])
	}
	if len(diagsMatching(ds, "one representative instance")) != 1 || len(diagsMatching(ds, `variable "replicas" has no value`)) != 1 {
		t.Errorf("diagnostics %v", ds)
	}
}
