package adapt

import (
	"reflect"
	"testing"

	"cloudward/iac"
	"cloudward/iac/tfplan"
	"cloudward/scan"
)

// Plan shapes: nested blocks as lists of objects, provider-computed values
// the configuration does not set (left to this package's defaults),
// unknowns linked to their resource through the configuration's
// references, and configured unknowns kept unknown.
func TestPlanShapes(t *testing.T) {
	data := `{"format_version":"1.2","terraform_version":"1.9.5",
"planned_values":{"root_module":{"resources":[
 {"address":"aws_s3_bucket.b[0]","mode":"managed","type":"aws_s3_bucket","name":"b","index":0,"values":{"bucket":"plan-b0","force_destroy":false,"tags":null}},
 {"address":"aws_s3_bucket_versioning.v[0]","mode":"managed","type":"aws_s3_bucket_versioning","name":"v","index":0,
  "values":{"expected_bucket_owner":null,"mfa":null,"versioning_configuration":[{"status":"Enabled"}]}},
 {"address":"aws_kms_key.k","mode":"managed","type":"aws_kms_key","name":"k","values":{"enable_key_rotation":true,"is_enabled":true}},
 {"address":"aws_s3_bucket_server_side_encryption_configuration.e","mode":"managed","type":"aws_s3_bucket_server_side_encryption_configuration","name":"e",
  "values":{"bucket":"plan-b0","rule":[{"apply_server_side_encryption_by_default":[{"sse_algorithm":"aws:kms"}],"bucket_key_enabled":true}]}},
 {"address":"aws_instance.i","mode":"managed","type":"aws_instance","name":"i","values":{"ami":"ami-1","instance_type":"t3.micro","launch_template":[]}},
 {"address":"aws_ebs_volume.v","mode":"managed","type":"aws_ebs_volume","name":"v","values":{"availability_zone":"us-east-1a","size":10}}
 ]}},
"resource_changes":[
 {"address":"aws_s3_bucket.b[0]","mode":"managed","change":{"actions":["create"],"after_unknown":{"id":true,"arn":true,"versioning":true,"logging":true,"acl":true,"policy":true,"server_side_encryption_configuration":true,"object_lock_enabled":true}}},
 {"address":"aws_s3_bucket_versioning.v[0]","mode":"managed","change":{"actions":["create"],"after_unknown":{"bucket":true,"id":true,"versioning_configuration":[{"mfa_delete":true}]}}},
 {"address":"aws_s3_bucket_server_side_encryption_configuration.e","mode":"managed","change":{"actions":["create"],"after_unknown":{"id":true,"rule":[{"apply_server_side_encryption_by_default":[{"kms_master_key_id":true}]}]}}},
 {"address":"aws_instance.i","mode":"managed","change":{"actions":["create"],"after_unknown":{"id":true,"metadata_options":true,"associate_public_ip_address":true,"subnet_id":true,"ebs_optimized":true}}},
 {"address":"aws_ebs_volume.v","mode":"managed","change":{"actions":["create"],"after_unknown":{"id":true,"encrypted":true,"kms_key_id":true}}}],
"configuration":{"provider_config":{"aws":{"name":"aws","expressions":{"region":{"constant_value":"eu-west-1"}}}},
 "root_module":{"resources":[
 {"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","provider_config_key":"aws","expressions":{"bucket":{"constant_value":"plan-b0"}},"count_expression":{"constant_value":1}},
 {"address":"aws_s3_bucket_versioning.v","mode":"managed","type":"aws_s3_bucket_versioning","name":"v","provider_config_key":"aws",
  "expressions":{"bucket":{"references":["aws_s3_bucket.b","count.index"]},"versioning_configuration":[{"status":{"constant_value":"Enabled"}}]},"count_expression":{"constant_value":1}},
 {"address":"aws_kms_key.k","mode":"managed","type":"aws_kms_key","name":"k","provider_config_key":"aws","expressions":{"enable_key_rotation":{"constant_value":true}}},
 {"address":"aws_s3_bucket_server_side_encryption_configuration.e","mode":"managed","type":"aws_s3_bucket_server_side_encryption_configuration","name":"e","provider_config_key":"aws",
  "expressions":{"bucket":{"constant_value":"plan-b0"},"rule":[{"bucket_key_enabled":{"constant_value":true},"apply_server_side_encryption_by_default":[{"sse_algorithm":{"constant_value":"aws:kms"},"kms_master_key_id":{"references":["aws_kms_key.k.arn","aws_kms_key.k"]}}]}]}},
 {"address":"aws_instance.i","mode":"managed","type":"aws_instance","name":"i","provider_config_key":"aws","expressions":{"ami":{"constant_value":"ami-1"},"instance_type":{"constant_value":"t3.micro"}}},
 {"address":"aws_ebs_volume.v","mode":"managed","type":"aws_ebs_volume","name":"v","provider_config_key":"aws","expressions":{"availability_zone":{"constant_value":"us-east-1a"},"size":{"constant_value":10}}}
]}}}`
	rs, diags := tfplan.Parse("plan.json", []byte(data))
	if len(diags) != 0 {
		t.Fatalf("parse: %v", diags)
	}
	assets, diags := Assets(scan.Registry(), rs)
	for _, d := range diags {
		t.Errorf("diagnostic: %v", d)
	}
	as := byID(t, assets)
	check(t, as, "aws_s3_bucket.b[0]", "aws.s3.bucket",
		// Linked through "aws_s3_bucket.b[0].* is known only after apply".
		want{"versioning.status", "Enabled"},
		want{"versioning.mfa_delete", false},
		// Linked by the literal bucket name; the key, a KMS key of the
		// plan known only after apply, is named by its address.
		want{"encryption.enabled", true},
		want{"encryption.sse_algorithm", "aws:kms"},
		want{"encryption.kms_key_id", "aws_kms_key.k"},
		want{"encryption.bucket_key_enabled", true},
		// Computed by the provider, not configured: AWS defaults.
		want{"public_access_block.block_public_acls", true},
		want{"logging.enabled", false},
		want{"acl_is_public", false},
		want{"policy_is_public", false},
		want{"object_lock_enabled", false},
	)
	if a := as["aws_s3_bucket.b[0]"]; a != nil && a.Region != "eu-west-1" {
		t.Errorf("region %q", a.Region)
	}
	check(t, as, "aws_instance.i", "aws.ec2.instance",
		want{"metadata_options.http_tokens", "optional"},
		want{"metadata_options.http_endpoint", "enabled"},
		want{"metadata_options.http_put_response_hop_limit", int64(1)},
		want{"ebs_optimized", false},
	)
	// encrypted is computed (it follows the region's EBS default), as when
	// the configuration omits it.
	check(t, as, "aws_ebs_volume.v", "aws.ec2.volume")
	tfRS := []iac.Resource{{Format: iac.FormatTerraform, Type: "aws_ebs_volume", Address: "aws_ebs_volume.v", Attrs: map[string]any{"availability_zone": "us-east-1a", "size": int64(10)}}}
	tfAssets, _ := Assets(scan.Registry(), tfRS)
	if got, want := at(as["aws_ebs_volume.v"], "encrypted"), at(tfAssets[0], "encrypted"); !equalAny(got, want) {
		t.Errorf("volume encrypted = %v, configuration gives %v", got, want)
	}
	// The input resources are not modified.
	for _, r := range rs {
		if r.Address == "aws_instance.i" {
			if _, ok := r.Attrs["metadata_options"].(iac.Unknown); !ok {
				t.Errorf("input attrs modified: %v", r.Attrs["metadata_options"])
			}
		}
	}
}

func TestBlock(t *testing.T) {
	m := map[string]any{"a": int64(1)}
	u := iac.Unknown{Reason: "x"}
	for _, tt := range []struct {
		in   any
		want map[string]any
		unk  bool
	}{
		{m, m, false},
		{[]any{m}, m, false},
		{[]any{m, map[string]any{}}, m, false},
		{[]any{}, nil, false},
		{nil, nil, false},
		{"s", nil, false},
		{u, nil, true},
		{[]any{u}, nil, true},
	} {
		got, gu := block(tt.in)
		if !equalAny(got, tt.want) || (gu != nil) != tt.unk {
			t.Errorf("block(%v) = %v, %v", tt.in, got, gu)
		}
	}
}

func equalAny(a, b any) bool { return reflect.DeepEqual(a, b) }
