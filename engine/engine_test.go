package engine_test

import (
	"strings"
	"testing"
	"time"

	"cloudward/asset"
	"cloudward/asset/aws"
	"cloudward/engine"
	"cloudward/rule"

	"github.com/valyala/fastjson"
)

var reg = asset.NewRegistry(aws.Types()...)

var opts = engine.Options{
	Now:          time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
	AccountTypes: map[string]string{"aws": aws.AccountType},
}

func mustRule(t testing.TB, yaml string) *rule.Rule {
	t.Helper()
	r, err := rule.Parse([]byte(yaml), "test/rule.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustAsset(t testing.TB, js string) *asset.Asset {
	t.Helper()
	v, err := fastjson.Parse(js)
	if err != nil {
		t.Fatal(err)
	}
	d, err := reg.Decode(v)
	if err != nil {
		t.Fatal(err)
	}
	return d.Asset
}

const bucketRule = `id: T-S3-1
title: test
severity: high
resource_types: [aws.s3.bucket]
condition: |
  resource.public_access_block.block_public_acls &&
    resource.encryption.enabled
`

func eval(t *testing.T, r *rule.Rule, a *asset.Asset, ctx *asset.Context) engine.Result {
	t.Helper()
	e, errs := engine.New(reg, []*rule.Rule{r}, opts)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if ctx != nil {
		e.PrepareContext(ctx)
	}
	res := e.NewEvaluator().Evaluate(a, ctx, true, nil)
	if len(res) != 1 {
		t.Fatalf("want 1 result, got %d", len(res))
	}
	return res[0]
}

func TestStatuses(t *testing.T) {
	r := mustRule(t, bucketRule)
	cases := []struct {
		name  string
		attrs string
		want  engine.Status
	}{
		{"pass", `{"public_access_block":{"block_public_acls":true},"encryption":{"enabled":true}}`, engine.Pass},
		{"fail", `{"public_access_block":{"block_public_acls":true},"encryption":{"enabled":false}}`, engine.Fail},
		{"absent is zero", `{"encryption":{"enabled":true}}`, engine.Fail},
		{"unknown decides", `{"public_access_block":{"block_public_acls":true},"encryption":{"$unknown":"AccessDenied: s3:GetEncryptionConfiguration"}}`, engine.Unknown},
		{"unknown nested", `{"public_access_block":{"block_public_acls":true},"encryption":{"enabled":{"$unknown":"throttled"}}}`, engine.Unknown},
		{"false short-circuits unknown", `{"public_access_block":{"block_public_acls":false},"encryption":{"$unknown":"denied"}}`, engine.Fail},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := mustAsset(t, `{"type":"aws.s3.bucket","id":"arn:aws:s3:::b","account":"1","region":"us-east-1","attributes":`+c.attrs+`}`)
			got := eval(t, r, a, nil)
			if got.Status != c.want {
				t.Fatalf("status %v, want %v (reason %q, evidence %+v)", got.Status, c.want, got.Reason, got.Evidence)
			}
			if got.Status == engine.Unknown && !strings.Contains(got.Reason, "resource.encryption") {
				t.Errorf("reason %q does not name the unknown path", got.Reason)
			}
		})
	}
}

func TestTypeCheckError(t *testing.T) {
	r := mustRule(t, `id: T-S3-2
title: test
severity: high
resource_types: [aws.s3.bucket]
condition: |
  resource.encryption.enabled &&
    resource.versioning.mfa_delet
`)
	_, errs := engine.New(reg, []*rule.Rule{r}, opts)
	if len(errs) != 1 {
		t.Fatalf("want 1 error, got %v", errs)
	}
	msg := errs[0].Error()
	if !strings.HasPrefix(msg, "test/rule.yaml:7:") || !strings.Contains(msg, "mfa_delet") {
		t.Fatalf("error %q should name file, line 7 and the field", msg)
	}
}
