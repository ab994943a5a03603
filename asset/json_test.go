package asset_test

import (
	"strings"
	"testing"

	"cloudward/asset"
	"cloudward/asset/aws"

	"cel.dev/cel-go/common/types"
	"github.com/valyala/fastjson"
)

var reg = asset.NewRegistry(aws.Types()...)

func decode(t testing.TB, js string) (asset.Decoded, error) {
	t.Helper()
	v, err := fastjson.Parse(js)
	if err != nil {
		t.Fatal(err)
	}
	return reg.Decode(v)
}

func TestRoundTrip(t *testing.T) {
	src := `{"provider":"aws","account":"1","region":"us-east-1","type":"aws.s3.bucket","id":"arn:aws:s3:::b","name":"b","tags":{"env":"prod"},"attributes":{"creation_date":"2024-01-02T03:04:05Z","encryption":{"enabled":true,"sse_algorithm":"aws:kms"},"logging":{"$unknown":"AccessDenied: s3:GetBucketLogging"},"policy":{"Statement":[{"Effect":"Allow","Principal":"*"}]}},"relationships":[{"type":"logs_to","target":"arn:aws:s3:::logs"}],"source":{"collector":"aws","collected_at":"2026-06-01T00:00:00Z"}}`
	d, err := decode(t, src)
	if err != nil {
		t.Fatal(err)
	}
	a := d.Asset
	if reason, ok := a.Root.UnknownReason("logging"); !ok || reason != "AccessDenied: s3:GetBucketLogging" {
		t.Fatalf("logging should be unknown, got %q %v", reason, ok)
	}
	if !a.Root.HasUnknowns() {
		t.Fatal("HasUnknowns")
	}
	if _, ok := a.Root.Get("versioning"); ok {
		t.Fatal("versioning is absent, not present")
	}
	out, err := a.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	d2, err := decode(t, string(out))
	if err != nil {
		t.Fatalf("re-decode %s: %v", out, err)
	}
	out2, _ := d2.Asset.MarshalJSON()
	if string(out) != string(out2) {
		t.Fatalf("not stable:\n%s\n%s", out, out2)
	}
	for _, want := range []string{`"logging":{"$unknown":"AccessDenied: s3:GetBucketLogging"}`, `"tags":{"env":"prod"}`, `"Principal":"*"`, `"target":"arn:aws:s3:::logs"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("%s lacks %s", out, want)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	cases := []struct{ js, want string }{
		{`[]`, "expected a JSON object"},
		{`{"id":"x"}`, "type: missing"},
		{`{"type":"aws.s3.bucket"}`, "id: missing"},
		{`{"type":"aws.s3.bucket","id":1}`, "id: expected a string"},
		{`{"type":"aws.s3.bucket","id":"x","tags":{"a":1}}`, "tags.a: expected a string"},
		{`{"type":"aws.s3.bucket","id":"x","attributes":{"encryption":{"enabled":"true"}}}`, "attributes.encryption.enabled: expected bool, got string"},
		{`{"type":"aws.iam.user","id":"x","attributes":{"create_date":"yesterday"}}`, "attributes.create_date: expected an RFC 3339 timestamp"},
		{`{"type":"aws.ec2.security_group","id":"x","attributes":{"ingress":[{"from_port":1.5}]}}`, "attributes.ingress[0].from_port: expected an integer"},
		{`{"type":"aws.ec2.security_group","id":"x","attributes":{"ingress":[{"$unknown":"x"}]}}`, "attributes.ingress[0]: a list element cannot be unknown"},
		{`{"type":"aws.nope","id":"x"}`, `unknown asset type "aws.nope"`},
	}
	for _, c := range cases {
		_, err := decode(t, c.js)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err %v, want %q", c.js, err, c.want)
		}
	}
}

func TestNativeValues(t *testing.T) {
	d, err := decode(t, `{"type":"aws.ec2.security_group","id":"x","attributes":{"ingress":[{"from_port":22,"cidr_ipv4":["0.0.0.0/0"]}]}}`)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := d.Asset.Root.Get("ingress")
	got := asset.Native(v).([]any)[0].(map[string]any)
	if got["from_port"] != int64(22) || got["cidr_ipv4"].([]any)[0] != "0.0.0.0/0" {
		t.Fatalf("%#v", got)
	}
	if asset.Native(types.NewUnknown(0, nil)) != "<unknown>" {
		t.Fatal("unknown")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(`{"provider":"aws","account":"1","type":"aws.s3.bucket","id":"b","attributes":{"encryption":{"enabled":true},"policy":{"a":[1,2.5,null]}}}`)
	f.Add(`{"type":"aws.ec2.security_group","id":"x","attributes":{"ingress":[{"from_port":22,"cidr_ipv4":["0.0.0.0/0"]}],"egress":{"$unknown":"x"}}}`)
	f.Add(`{"type":"aws.account","id":"1","attributes":{"password_policy":{"minimum_password_length":14}}}`)
	f.Fuzz(func(t *testing.T, js string) {
		v, err := fastjson.Parse(js)
		if err != nil {
			return
		}
		d, err := reg.Decode(v)
		if err != nil {
			return
		}
		out, err := d.Asset.MarshalJSON()
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		v2, err := fastjson.ParseBytes(out)
		if err != nil {
			t.Fatalf("marshalled invalid JSON %s: %v", out, err)
		}
		if _, err := reg.Decode(v2); err != nil {
			t.Fatalf("re-decode of %s: %v", out, err)
		}
	})
}
