package tfplan

import (
	"bytes"
	"fmt"
	"testing"
)

// bigPlan builds a pretty-printed plan with n resources.
func bigPlan(n int) []byte {
	var b bytes.Buffer
	b.WriteString("{\n  \"format_version\": \"1.2\",\n  \"terraform_version\": \"1.9.5\",\n  \"planned_values\": {\n    \"root_module\": {\n      \"resources\": [\n")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `        {
          "address": "aws_instance.web[%d]",
          "mode": "managed",
          "type": "aws_instance",
          "name": "web",
          "index": %d,
          "values": {
            "ami": "ami-0c55b159cbfafe1f0",
            "instance_type": "t3.micro",
            "metadata_options": [{"http_tokens": "required", "http_endpoint": "enabled"}],
            "root_block_device": [{"encrypted": true, "volume_size": 20}],
            "tags": {"Name": "web-%d", "env": "prod"}
          }
        }`, i, i, i)
	}
	b.WriteString("\n      ]\n    }\n  },\n  \"resource_changes\": [\n")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `    {"address": "aws_instance.web[%d]", "mode": "managed", "change": {"actions": ["create"], "after_unknown": {"id": true, "arn": true, "root_block_device": [{"kms_key_id": true}]}}}`, i)
	}
	b.WriteString("\n  ]\n}\n")
	return b.Bytes()
}

func BenchmarkParse(b *testing.B) {
	data := bigPlan(20000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rs, diags := Parse("big.json", data)
		if len(rs) != 20000 || len(diags) != 0 {
			b.Fatalf("%d resources, %v", len(rs), diags)
		}
	}
}
