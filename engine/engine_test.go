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

func TestCostLimitStopsRunawayRule(t *testing.T) {
	r := mustRule(t, `id: T-COST-1
title: runaway
severity: low
resource_types: [aws.ec2.security_group]
condition: |
  resource.ingress.all(a, resource.ingress.all(b, resource.ingress.all(c,
    a.cidr_ipv4.all(x, b.cidr_ipv4.all(y, c.cidr_ipv4.all(z, x + y + z != ""))))))
`)
	var rules []string
	for i := 0; i < 40; i++ {
		rules = append(rules, `{"ip_protocol":"tcp","from_port":1,"to_port":2,"cidr_ipv4":["10.0.0.0/8","10.1.0.0/16","10.2.0.0/16"]}`)
	}
	a := mustAsset(t, `{"type":"aws.ec2.security_group","id":"sg-1","account":"1","attributes":{"ingress":[`+strings.Join(rules, ",")+`]}}`)
	got := eval(t, r, a, nil)
	if got.Status != engine.Unknown || !strings.Contains(got.Reason, "cost limit") {
		t.Fatalf("got %v (%s), want UNKNOWN for exceeding the cost limit", got.Status, got.Reason)
	}
}

// A condition linear in its input runs untracked: a security group with
// 300,000 rules costs more than the runtime limit would allow, yet it is
// judged, because the work is bounded by the input already read.
func TestLinearRuleIsNotCostLimited(t *testing.T) {
	r := mustRule(t, `id: T-COST-2
title: linear
severity: low
resource_types: [aws.ec2.security_group]
condition: |
  !resource.ingress.exists(a, a.cidr_ipv4.exists(c, c == '0.0.0.0/0'))
`)
	var b strings.Builder
	for i := 0; i < 300000; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"cidr_ipv4":["10.0.0.0/8"]}`)
	}
	a := mustAsset(t, `{"type":"aws.ec2.security_group","id":"sg-1","account":"1","attributes":{"ingress":[`+b.String()+`]}}`)
	if got := eval(t, r, a, nil); got.Status != engine.Pass {
		t.Fatalf("got %v (%s), want PASS", got.Status, got.Reason)
	}
}

func TestRelationAndEvidence(t *testing.T) {
	r := mustRule(t, `id: T-VPC-1
title: flow logs
severity: medium
resource_types: [aws.ec2.vpc]
condition: resource.flow_logs.exists(f, f.flow_log_status == "ACTIVE")
`)
	vpc := mustAsset(t, `{"type":"aws.ec2.vpc","id":"arn:vpc/vpc-1","account":"1","region":"eu-west-1","attributes":{"vpc_id":"vpc-1"}}`)
	other := mustAsset(t, `{"type":"aws.ec2.flow_log","id":"fl-2","account":"1","region":"eu-west-1","attributes":{"resource_id":"vpc-2","flow_log_status":"ACTIVE"}}`)
	inactive := mustAsset(t, `{"type":"aws.ec2.flow_log","id":"fl-1","account":"1","region":"eu-west-1","attributes":{"resource_id":"vpc-1","flow_log_status":"INACTIVE"}}`)
	otherRegion := mustAsset(t, `{"type":"aws.ec2.flow_log","id":"fl-3","account":"1","region":"us-east-1","attributes":{"resource_id":"vpc-1","flow_log_status":"ACTIVE"}}`)

	e, errs := engine.New(reg, []*rule.Rule{r}, opts)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if !e.NeedsContext("aws.ec2.vpc") || !e.HoldInContext("aws.ec2.flow_log") || e.HoldInContext("aws.s3.bucket") {
		t.Fatal("relation analysis: vpc needs context and flow logs are held")
	}
	ctx := e.NewContext()
	for _, a := range []*asset.Asset{vpc, other, inactive, otherRegion} {
		ctx.Add(a)
	}
	e.PrepareContext(ctx)
	res := e.NewEvaluator().Evaluate(vpc, ctx, true, nil)
	if res[0].Status != engine.Fail {
		t.Fatalf("only an inactive flow log in the region: got %v", res[0].Status)
	}
	if len(res[0].Evidence) != 1 || res[0].Evidence[0].Path != "resource.flow_logs[*].flow_log_status" {
		t.Fatalf("evidence %+v", res[0].Evidence)
	}
	if got, ok := res[0].Evidence[0].Value.([]any); !ok || len(got) != 1 || got[0] != "INACTIVE" {
		t.Fatalf("evidence value %#v", res[0].Evidence[0].Value)
	}

	active := mustAsset(t, `{"type":"aws.ec2.flow_log","id":"fl-4","account":"1","region":"eu-west-1","attributes":{"resource_id":"vpc-1","flow_log_status":"ACTIVE"}}`)
	ctx.Add(active)
	e.PrepareContext(ctx)
	if res := e.NewEvaluator().Evaluate(vpc, ctx, true, nil); res[0].Status != engine.Pass {
		t.Fatalf("with an active flow log: got %v", res[0].Status)
	}
}

func TestWhenPrecondition(t *testing.T) {
	r := mustRule(t, `id: T-KMS-1
title: rotation
severity: medium
resource_types: [aws.kms.key]
when: resource.key_manager == "CUSTOMER"
condition: resource.rotation_enabled
`)
	awsKey := mustAsset(t, `{"type":"aws.kms.key","id":"k1","account":"1","attributes":{"key_manager":"AWS"}}`)
	e, _ := engine.New(reg, []*rule.Rule{r}, opts)
	if res := e.NewEvaluator().Evaluate(awsKey, nil, true, nil); len(res) != 0 {
		t.Fatalf("AWS-managed key: want not applicable, got %+v", res)
	}
	unk := mustAsset(t, `{"type":"aws.kms.key","id":"k2","account":"1","attributes":{"key_manager":{"$unknown":"AccessDenied: kms:DescribeKey"}}}`)
	if res := e.NewEvaluator().Evaluate(unk, nil, true, nil); len(res) != 1 || res[0].Status != engine.Unknown {
		t.Fatalf("unknown precondition: want UNKNOWN, got %+v", res)
	}
}

func TestLoadErrors(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"not bool", "id: T-X-1\ntitle: t\nseverity: low\nresource_types: [aws.s3.bucket]\ncondition: resource.name\n",
			"test/rule.yaml:5:12: condition must be a bool expression"},
		{"unknown type", "id: T-X-1\ntitle: t\nseverity: low\nresource_types: [aws.s3.buckets]\ncondition: true\n",
			`resource type "aws.s3.buckets" is not a known asset type`},
		{"syntax", "id: T-X-1\ntitle: t\nseverity: low\nresource_types: [aws.s3.bucket]\ncondition: \"resource.name == \"\n",
			"test/rule.yaml:5:"},
		{"wrong operand type", "id: T-X-1\ntitle: t\nseverity: low\nresource_types: [aws.s3.bucket]\ncondition: resource.encryption.enabled == \"yes\"\n",
			"no matching overload"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := engine.New(reg, []*rule.Rule{mustRule(t, c.yaml)}, opts)
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), c.want) {
				t.Fatalf("errors %v, want one containing %q", errs, c.want)
			}
		})
	}
}
