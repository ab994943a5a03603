package tfplan

import (
	"cloudward/iac/internal/iactest"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"cloudward/iac"
)

func unk() iac.Unknown { return iac.Unknown{Reason: unknownAfterApply} }

// comp is the unknown of a value the provider computes and the
// configuration does not set.
func comp() iac.Unknown { return iac.Unknown{Reason: ComputedAfterApply} }

// ref is the unknown of a value set from an attribute of another resource.
func ref(addr string) iac.Unknown { return iac.Unknown{Reason: addr + " is known only after apply"} }

func parseFile(t testing.TB, name string) ([]iac.Resource, []iac.Diagnostic) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(name, data)
}

func TestParsePlan(t *testing.T) {
	const file = "testdata/plan.json"
	rs, diags := parseFile(t, file)
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	byAddr := map[string]iac.Resource{}
	var order []string
	for _, r := range rs {
		byAddr[r.Address] = r
		order = append(order, r.Address)
	}
	wantOrder := []string{
		"aws_db_instance.main",
		`aws_iam_user.deploy["alice"]`,
		`aws_iam_user.deploy["bob"]`,
		"aws_instance.web[0]",
		"aws_instance.web[1]",
		"aws_s3_bucket.logs",
		"aws_s3_bucket.replica",
		"aws_s3_bucket_public_access_block.logs",
		"module.dr.aws_kms_key.this",
		"module.net.aws_security_group.web[0]",
		"module.net.aws_vpc.this",
		`module.net.module.flow_logs["prod"].aws_flow_log.this`,
	}
	// Not returned: data.aws_caller_identity.current (data source),
	// aws_s3_bucket.old and aws_iam_user.deploy["carol"] (deleted; only
	// in prior_state / resource_changes).
	if diff := cmp.Diff(wantOrder, order); diff != "" {
		t.Fatalf("resources (-want +got):\n%s", diff)
	}

	tests := []struct {
		addr       string
		typ, name  string
		start, end int
		region     string
		attrs      map[string]any // path -> value
		absent     []string       // paths that must not exist
		ranges     map[string][2]int
	}{
		{
			addr: "aws_db_instance.main", typ: "aws_db_instance", name: "main",
			start: 15, end: 41, region: "us-east-1",
			attrs: map[string]any{
				"storage_encrypted":     true,
				"publicly_accessible":   false,
				"allocated_storage":     int64(20),
				"max_allocated_storage": 100.5,
				"kms_key_id":            comp(),
				"endpoint":              comp(),
				// Sensitive values stay as the plan has them.
				"password": "correct-horse-battery-staple",
			},
			ranges: map[string][2]int{"password": {28, 28}},
		},
		{
			addr: `aws_iam_user.deploy["alice"]`, typ: "aws_iam_user", name: "deploy",
			start: 42, end: 58, region: "us-east-1",
			attrs: map[string]any{"name": "deploy-alice", "tags": nil, "tags_all": comp(), "arn": comp()},
		},
		{
			// No-op: everything known, nothing unknown.
			addr: "aws_instance.web[0]", typ: "aws_instance", name: "web",
			start: 76, end: 125, region: "us-east-1",
			attrs: map[string]any{
				"id":                               "i-0a1b2c3d4e5f67890",
				"metadata_options[0].http_tokens":  "required",
				"root_block_device[0].encrypted":   true,
				"root_block_device[0].volume_size": int64(20),
				"metadata_options[0].http_put_response_hop_limit": int64(1),
			},
			absent: []string{"root_block_device[0].kms_key_id", "public_ip"},
			ranges: map[string][2]int{
				"root_block_device":              {97, 104},
				"root_block_device[0]":           {98, 103},
				"root_block_device[0].encrypted": {100, 100},
				"tags.Name":                      {106, 106},
			},
		},
		{
			// Replacement: nested unknowns inside a list of objects, whose
			// members the plan omits.
			addr: "aws_instance.web[1]", typ: "aws_instance", name: "web",
			start: 126, end: 173, region: "us-east-1",
			attrs: map[string]any{
				"id":                              comp(),
				"public_ip":                       comp(),
				"root_block_device[0].encrypted":  true,
				"root_block_device[0].kms_key_id": unk(),
				"root_block_device[0].volume_id":  unk(),
				"metadata_options[0].http_tokens": "required",
				"tags.Name":                       "web-1",
			},
		},
		{
			addr: "aws_s3_bucket.logs", typ: "aws_s3_bucket", name: "logs",
			start: 174, end: 200, region: "us-east-1",
			attrs: map[string]any{
				"bucket":                               "acme-prod-logs",
				"versioning":                           comp(),
				"server_side_encryption_configuration": comp(),
				"region":                               comp(),
				"tags":                                 map[string]any{"env": "prod", "team": "platform"},
				"bucket_prefix":                        nil,
			},
		},
		{
			// Aliased provider aws.west; the resource's own region wins.
			addr: "aws_s3_bucket.replica", typ: "aws_s3_bucket", name: "replica",
			start: 201, end: 215, region: "us-west-2",
			attrs: map[string]any{"region": "us-west-2"},
		},
		{
			addr: "aws_s3_bucket_public_access_block.logs", typ: "aws_s3_bucket_public_access_block", name: "logs",
			start: 216, end: 230, region: "us-east-1",
			attrs: map[string]any{"bucket": ref("aws_s3_bucket.logs.id"), "block_public_acls": true, "restrict_public_buckets": false},
		},
		{
			// Module provider whose region is a variable: not resolved.
			addr: "module.dr.aws_kms_key.this", typ: "aws_kms_key", name: "this",
			start: 235, end: 252, region: "",
			attrs: map[string]any{"enable_key_rotation": true, "deletion_window_in_days": int64(30), "policy": comp()},
		},
		{
			// A list element the plan writes as null is unknown.
			addr: "module.net.aws_security_group.web[0]", typ: "aws_security_group", name: "web",
			start: 258, end: 337, region: "us-east-1",
			attrs: map[string]any{
				"ingress[0].cidr_blocks":     []any{"0.0.0.0/0"},
				"ingress[0].from_port":       int64(443),
				"ingress[1].cidr_blocks":     []any{"10.20.0.0/16", unk()},
				"egress[0].protocol":         "-1",
				"egress[0].ipv6_cidr_blocks": []any{"::/0"},
				"vpc_id":                     ref("module.net.aws_vpc.this.id"),
			},
			ranges: map[string][2]int{
				"ingress":                   {272, 300},
				"ingress[1].cidr_blocks":    {287, 290},
				"ingress[1].cidr_blocks[1]": {289, 289},
			},
		},
		{
			addr: "module.net.aws_vpc.this", typ: "aws_vpc", name: "this",
			start: 338, end: 361, region: "us-east-1",
			attrs: map[string]any{"cidr_block": "10.20.0.0/16", "owner_id": comp(), "tags": map[string]any{"Name": "prod"}},
		},
		{
			// Nested module, for_each key, provider passed as aws.west.
			addr: `module.net.module.flow_logs["prod"].aws_flow_log.this`, typ: "aws_flow_log", name: "this",
			start: 367, end: 382, region: "us-west-2",
			attrs: map[string]any{"traffic_type": "REJECT", "max_aggregation_interval": int64(600), "log_destination": comp()},
		},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			r, ok := byAddr[tt.addr]
			if !ok {
				t.Fatalf("resource %s not found", tt.addr)
			}
			if r.Format != iac.FormatTerraformPlan || r.Type != tt.typ || r.Name != tt.name || r.Region != tt.region {
				t.Errorf("got format=%q type=%q name=%q region=%q, want %q %q %q %q",
					r.Format, r.Type, r.Name, r.Region, iac.FormatTerraformPlan, tt.typ, tt.name, tt.region)
			}
			if want := (iac.Range{File: file, StartLine: tt.start, EndLine: tt.end}); r.Range != want {
				t.Errorf("Range = %+v, want %+v", r.Range, want)
			}
			for path, want := range tt.attrs {
				got, ok := iactest.Lookup(r.Attrs, path)
				if !ok {
					t.Errorf("%s: missing", path)
					continue
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s (-want +got):\n%s", path, diff)
				}
			}
			for _, path := range tt.absent {
				if v, ok := iactest.Lookup(r.Attrs, path); ok {
					t.Errorf("%s = %#v, want absent", path, v)
				}
			}
			for path, want := range tt.ranges {
				got, ok := r.AttrRanges[path]
				if !ok {
					t.Errorf("AttrRanges[%s] missing", path)
					continue
				}
				if got != (iac.Range{File: file, StartLine: want[0], EndLine: want[1]}) {
					t.Errorf("AttrRanges[%s] = %+v, want lines %v", path, got, want)
				}
			}
		})
	}
}

// The compact form terraform writes by default parses to the same
// resources, all on line 1.
func TestParseCompactPlan(t *testing.T) {
	pretty, _ := parseFile(t, "testdata/plan.json")
	compact, diags := parseFile(t, "testdata/plan-compact.json")
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if len(compact) != len(pretty) {
		t.Fatalf("%d resources, want %d", len(compact), len(pretty))
	}
	for i := range compact {
		if diff := cmp.Diff(pretty[i].Attrs, compact[i].Attrs); diff != "" {
			t.Errorf("%s attrs differ (-pretty +compact):\n%s", pretty[i].Address, diff)
		}
		if r := compact[i].Range; r.StartLine != 1 || r.EndLine != 1 {
			t.Errorf("%s range %+v, want line 1", compact[i].Address, r)
		}
	}
}

func TestDetect(t *testing.T) {
	plan, err := os.ReadFile("testdata/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"plan.json", string(plan), true},
		{"tfplan", "\xef\xbb\xbf" + string(plan), true},
		{"state.json", `{"format_version":"1.0","terraform_version":"1.9.5","values":{"root_module":{}}}`, false},
		{"template.json", `{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","resources":[]}`, false},
		{"list.json", `[{"format_version":"1.2","terraform_version":"1","planned_values":{}}]`, false},
		{"empty.json", ``, false},
		{"main.tf", `resource "aws_s3_bucket" "b" {}`, false},
	}
	for _, tt := range tests {
		if got := Detect(tt.name, []byte(tt.data)); got != tt.want {
			t.Errorf("Detect(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name      string
		data      string
		resources int
		diags     []iac.Diagnostic // Message compared by prefix
	}{
		{
			name: "syntax error",
			data: "{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {\n    \"root_module\": {\n      \"resources\": [\n        {\"address\": \"a.b\",}\n",
			diags: []iac.Diagnostic{{Line: 6, Column: 27, Severity: iac.SeverityError,
				Message: "invalid JSON in Terraform plan: trailing comma before '}'; remove it"}},
		},
		{
			name: "truncated",
			data: "{\"format_version\": \"1.2\", \"planned_values\": {",
			diags: []iac.Diagnostic{{Line: 1, Column: 46, Severity: iac.SeverityError,
				Message: "invalid JSON in Terraform plan: unexpected end of file; expected a member name"}},
		},
		{
			name:  "not an object",
			data:  "\n[1, 2]",
			diags: []iac.Diagnostic{{Line: 2, Column: 1, Severity: iac.SeverityError, Message: "not a Terraform plan: the top-level value is an array"}},
		},
		{
			name:  "state file",
			data:  `{"format_version":"1.0","terraform_version":"1.9.5","values":{"root_module":{}}}`,
			diags: []iac.Diagnostic{{Line: 1, Column: 1, Severity: iac.SeverityError, Message: "not a Terraform plan: planned_values is missing"}},
		},
		{
			name: "future format, errored plan, bad entries",
			data: `{"format_version":"2.0","errored":true,"planned_values":{"root_module":{"resources":[
  7,
  {"mode":"managed","type":"aws_s3_bucket"},
  {"address":"aws_s3_bucket.a","mode":"managed","type":"aws_s3_bucket","name":"a","values":[]},
  {"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","values":{"bucket":"b"}},
  {"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","values":{"bucket":"b"}}
 ],"child_modules":{}}}}`,
			resources: 2,
			diags: []iac.Diagnostic{
				{Line: 1, Column: 19, Severity: iac.SeverityWarning, Message: `plan format_version "2.0" is newer than the supported`},
				{Line: 1, Column: 35, Severity: iac.SeverityWarning, Message: "the plan is marked errored"},
				{Line: 2, Column: 3, Severity: iac.SeverityWarning, Message: "a resource in planned_values is a number"},
				{Line: 3, Column: 3, Severity: iac.SeverityWarning, Message: "a resource in planned_values has no address or type"},
				{Line: 4, Column: 92, Severity: iac.SeverityWarning, Message: "values of aws_s3_bucket.a is an array"},
				{Line: 6, Column: 3, Severity: iac.SeverityWarning, Message: "resource aws_s3_bucket.b appears twice in planned_values (first at line 5)"},
				{Line: 7, Column: 20, Severity: iac.SeverityWarning, Message: "child_modules is an object"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, diags := Parse("plan.json", []byte(tt.data))
			if len(rs) != tt.resources {
				t.Errorf("%d resources, want %d", len(rs), tt.resources)
			}
			if len(diags) != len(tt.diags) {
				t.Fatalf("diagnostics:\n%v\nwant %d", diags, len(tt.diags))
			}
			for i, d := range diags {
				w := tt.diags[i]
				if d.File != "plan.json" || d.Line != w.Line || d.Column != w.Column || d.Severity != w.Severity || !strings.HasPrefix(d.Message, w.Message) {
					t.Errorf("diagnostic %d = %+v\nwant %+v", i, d, w)
				}
			}
		})
	}
}

// Sensitive values never reach diagnostics, even for malformed entries.
func TestSensitiveNotInDiagnostics(t *testing.T) {
	data := `{"format_version":"1.2","planned_values":{"root_module":{"resources":[
 {"address":"aws_db_instance.x","mode":"managed","type":"aws_db_instance","name":"x","values":{"password":"s3cret-value"}},
 {"address":"aws_db_instance.x","mode":"managed","type":"aws_db_instance","name":"x","values":{"password":"s3cret-value"}}]}},
 "resource_changes":[{"address":"aws_db_instance.x","mode":"managed","change":{"actions":["create"],"after_unknown":{"password":{"x":true}},"after_sensitive":{"password":true}}}]}`
	rs, diags := Parse("p.json", []byte(data))
	if len(rs) != 1 || len(diags) != 1 {
		t.Fatalf("got %d resources, diagnostics %v", len(rs), diags)
	}
	if strings.Contains(diags[0].Message, "s3cret") {
		t.Errorf("diagnostic leaks a value: %s", diags[0].Message)
	}
	// after_unknown describing members of a string: the value is unknown.
	if got := rs[0].Attrs["password"]; got != unk() {
		t.Errorf("password = %#v, want unknown", got)
	}
}

func TestModuleCalls(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		ok   bool
	}{
		{"module.net", []string{"net"}, true},
		{`module.net[0].module.flow_logs["a.b]c"].module.x`, []string{"net", "flow_logs", "x"}, true},
		{`module.a["x\"y"]`, []string{"a"}, true},
		{"module.", nil, false},
		{"net", nil, false},
		{`module.a["x`, nil, false},
	}
	for _, tt := range tests {
		got, ok := moduleCalls(tt.in)
		if ok != tt.ok || !cmp.Equal(got, tt.want) {
			t.Errorf("moduleCalls(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/plan.json", "testdata/plan-compact.json"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"a.b","mode":"managed","type":"a","name":"b","values":{"x":[1,{"y":null}]}}]}},"resource_changes":[{"address":"a.b","change":{"actions":["update"],"after_unknown":{"x":[true,{"y":true,"z":[true]}]}}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, diags := Parse("fuzz.json", data)
		for _, d := range diags {
			if d.File != "fuzz.json" || d.Message == "" || (d.Severity != iac.SeverityError && d.Severity != iac.SeverityWarning) {
				t.Fatalf("bad diagnostic %+v", d)
			}
			if d.Severity == iac.SeverityError && len(rs) > 0 {
				t.Fatalf("error diagnostic with resources: %+v", d)
			}
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, r := range rs {
			if r.Address == "" || r.Type == "" || r.Attrs == nil || r.Format != iac.FormatTerraformPlan {
				t.Fatalf("bad resource %+v", r)
			}
			if r.Range.StartLine < 1 || r.Range.EndLine < r.Range.StartLine || r.Range.EndLine > lines {
				t.Fatalf("bad range %+v (file has %d lines)", r.Range, lines)
			}
			for p, ar := range r.AttrRanges {
				if ar.StartLine < r.Range.StartLine || ar.EndLine > r.Range.EndLine || ar.EndLine < ar.StartLine {
					t.Fatalf("attr range %s %+v outside %+v", p, ar, r.Range)
				}
			}
			checkValue(t, r.Attrs)
		}
	})
}

// checkValue fails unless v holds only the value types iac.Resource allows.
func checkValue(t *testing.T, v any) {
	switch x := v.(type) {
	case nil, bool, int64, float64, string, iac.Unknown:
	case []any:
		for _, e := range x {
			checkValue(t, e)
		}
	case map[string]any:
		for _, e := range x {
			checkValue(t, e)
		}
	default:
		t.Fatalf("value of type %T", v)
	}
}

// Unknown values are linked to the resource attribute their configuration
// expression references, as iac/terraform links them.
func TestUnknownReasons(t *testing.T) {
	data := `{"format_version":"1.2","terraform_version":"1.9.5",
"planned_values":{"root_module":{"resources":[
 {"address":"aws_s3_bucket.b[0]","mode":"managed","type":"aws_s3_bucket","name":"b","index":0,"values":{"bucket":"b0"}},
 {"address":"aws_s3_bucket.b[1]","mode":"managed","type":"aws_s3_bucket","name":"b","index":1,"values":{"bucket":"b1"}},
 {"address":"aws_s3_bucket.one","mode":"managed","type":"aws_s3_bucket","name":"one","values":{"bucket":"one"}},
 {"address":"aws_s3_bucket_public_access_block.p[0]","mode":"managed","type":"aws_s3_bucket_public_access_block","name":"p","index":0,"values":{"block_public_acls":true}},
 {"address":"aws_s3_bucket_public_access_block.p[1]","mode":"managed","type":"aws_s3_bucket_public_access_block","name":"p","index":1,"values":{"block_public_acls":true}},
 {"address":"aws_s3_bucket_versioning.v[\"x\"]","mode":"managed","type":"aws_s3_bucket_versioning","name":"v","index":"x","values":{"versioning_configuration":[{"status":"Enabled"}]}},
 {"address":"aws_s3_bucket_server_side_encryption_configuration.e","mode":"managed","type":"aws_s3_bucket_server_side_encryption_configuration","name":"e","values":{"bucket":"one","rule":[{"apply_server_side_encryption_by_default":[{"sse_algorithm":"aws:kms"}]}]}}
 ],"child_modules":[{"address":"module.m[0]","resources":[
 {"address":"module.m[0].aws_kms_key.k","mode":"managed","type":"aws_kms_key","name":"k","values":{}},
 {"address":"module.m[0].aws_kms_alias.a","mode":"managed","type":"aws_kms_alias","name":"a","values":{"name":"alias/x"}}]}]}},
"resource_changes":[
 {"address":"aws_s3_bucket_public_access_block.p[0]","mode":"managed","change":{"actions":["create"],"after_unknown":{"bucket":true,"id":true}}},
 {"address":"aws_s3_bucket_public_access_block.p[1]","mode":"managed","change":{"actions":["create"],"after_unknown":{"bucket":true,"id":true}}},
 {"address":"aws_s3_bucket_versioning.v[\"x\"]","mode":"managed","change":{"actions":["create"],"after_unknown":{"bucket":true,"expected_bucket_owner":true,"versioning_configuration":[{"mfa_delete":true}]}}},
 {"address":"aws_s3_bucket_server_side_encryption_configuration.e","mode":"managed","change":{"actions":["create"],"after_unknown":{"rule":[{"apply_server_side_encryption_by_default":[{"kms_master_key_id":true}],"bucket_key_enabled":true}]}}},
 {"address":"module.m[0].aws_kms_alias.a","mode":"managed","change":{"actions":["create"],"after_unknown":{"target_key_id":true,"arn":true}}}],
"configuration":{"root_module":{"resources":[
 {"address":"aws_s3_bucket_public_access_block.p","mode":"managed","type":"aws_s3_bucket_public_access_block","name":"p",
  "expressions":{"bucket":{"references":["aws_s3_bucket.b","count.index"]},"block_public_acls":{"constant_value":true}},"count_expression":{"constant_value":2}},
 {"address":"aws_s3_bucket_versioning.v","mode":"managed","type":"aws_s3_bucket_versioning","name":"v",
  "expressions":{"bucket":{"references":["each.value","var.names","aws_s3_bucket.one.id","aws_s3_bucket.one"]},
   "versioning_configuration":[{"status":{"constant_value":"Enabled"}}]},"for_each_expression":{"references":["var.names"]}},
 {"address":"aws_s3_bucket_server_side_encryption_configuration.e","mode":"managed","type":"aws_s3_bucket_server_side_encryption_configuration","name":"e",
  "expressions":{"bucket":{"constant_value":"one"},"rule":[{"apply_server_side_encryption_by_default":[{"sse_algorithm":{"constant_value":"aws:kms"},
   "kms_master_key_id":{"references":["module.m[0].key_arn","module.m[0]","module.m"]}}]}]}}],
 "module_calls":{"m":{"source":"./m","count_expression":{"constant_value":1},"module":{"resources":[
 {"address":"aws_kms_alias.a","mode":"managed","type":"aws_kms_alias","name":"a",
  "expressions":{"name":{"constant_value":"alias/x"},"target_key_id":{"references":["aws_kms_key.k.key_id","aws_kms_key.k"]}}}]}}}}}}`
	rs, diags := Parse("p.json", []byte(data))
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	byAddr := map[string]iac.Resource{}
	for _, r := range rs {
		byAddr[r.Address] = r
	}
	tests := []struct {
		addr, path string
		want       any
	}{
		// count: the target with instances, referenced without a key
		// (aws_s3_bucket.b[count.index].id, whose references are
		// aws_s3_bucket.b and count.index), takes the referencing key.
		{"aws_s3_bucket_public_access_block.p[0]", "bucket", ref("aws_s3_bucket.b[0].*")},
		{"aws_s3_bucket_public_access_block.p[1]", "bucket", ref("aws_s3_bucket.b[1].*")},
		{"aws_s3_bucket_public_access_block.p[1]", "id", comp()},
		// The first reference to a resource attribute wins; each.value and
		// var.names are skipped.
		{`aws_s3_bucket_versioning.v["x"]`, "bucket", ref("aws_s3_bucket.one.id")},
		// Not in the configuration: computed.
		{`aws_s3_bucket_versioning.v["x"]`, "expected_bucket_owner", comp()},
		{`aws_s3_bucket_versioning.v["x"]`, "versioning_configuration[0].mfa_delete", comp()},
		{`aws_s3_bucket_versioning.v["x"]`, "versioning_configuration[0].status", "Enabled"},
		// A module output is no resource attribute: the plain reason.
		{"aws_s3_bucket_server_side_encryption_configuration.e", "rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id", unk()},
		{"aws_s3_bucket_server_side_encryption_configuration.e", "rule[0].bucket_key_enabled", comp()},
		// Inside a module instance: the module path is prefixed.
		{"module.m[0].aws_kms_alias.a", "target_key_id", ref("module.m[0].aws_kms_key.k.key_id")},
		{"module.m[0].aws_kms_alias.a", "arn", comp()},
	}
	for _, tt := range tests {
		r, ok := byAddr[tt.addr]
		if !ok {
			t.Errorf("%s: not found", tt.addr)
			continue
		}
		got, ok := iactest.Lookup(r.Attrs, tt.path)
		if !ok {
			t.Errorf("%s %s: missing", tt.addr, tt.path)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s %s (-want +got):\n%s", tt.addr, tt.path, diff)
		}
	}
}

func TestResolveReference(t *testing.T) {
	p := &parser{planned: map[string]bool{
		"aws_s3_bucket.a": true, "aws_s3_bucket.c[0]": true, "aws_s3_bucket.c[1]": true, `aws_s3_bucket.d["k"]`: true,
		"module.n.aws_vpc.v": true,
	}}
	tests := []struct {
		ref, modAddr, self string
		addr, attr         string
		ok                 bool
	}{
		{"aws_s3_bucket.a.id", "", "aws_x.y", "aws_s3_bucket.a", "id", true},
		{"aws_s3_bucket.a.tags.Name", "", "aws_x.y", "aws_s3_bucket.a", "tags", true},
		{"aws_s3_bucket.a", "", "aws_x.y", "", "", false},
		{"aws_s3_bucket.c[1].arn", "", "aws_x.y", "aws_s3_bucket.c[1]", "arn", true},
		{"aws_s3_bucket.c.arn", "", "aws_x.y[1]", "aws_s3_bucket.c[1]", "arn", true},
		// Several instances and no matching key: the address without key.
		{"aws_s3_bucket.c.arn", "", "aws_x.y", "aws_s3_bucket.c", "arn", true},
		// The only instance.
		{"aws_s3_bucket.d.arn", "", "aws_x.y", `aws_s3_bucket.d["k"]`, "arn", true},
		{"aws_vpc.v.id", "module.n", "module.n.aws_x.y", "module.n.aws_vpc.v", "id", true},
		{"data.aws_iam_policy_document.d.json", "", "aws_x.y", "data.aws_iam_policy_document.d", "json", true},
		{"var.x", "", "aws_x.y", "", "", false},
		{"local.x.y", "", "aws_x.y", "", "", false},
		{"module.m.out", "", "aws_x.y", "", "", false},
		{"each.value.id", "", "aws_x.y", "", "", false},
		{"count.index", "", "aws_x.y", "", "", false},
	}
	for _, tt := range tests {
		rc := &reasons{p: p, modAddr: tt.modAddr, typ: "aws_x", name: "y", addr: tt.self}
		addr, attr, ok := rc.resolve(tt.ref)
		if addr != tt.addr || attr != tt.attr || ok != tt.ok {
			t.Errorf("resolve(%q) from %s = %q, %q, %v; want %q, %q, %v", tt.ref, tt.self, addr, attr, ok, tt.addr, tt.attr, tt.ok)
		}
	}
}
