package engine_test

import (
	"testing"

	"cloudward/engine"
	"cloudward/rule"
)

// BenchmarkEvaluate measures one (rule, asset) evaluation of a typical
// condition: nested field selection and boolean logic on a decoded asset.
func BenchmarkEvaluate(b *testing.B) {
	r := mustRule(b, bucketRule)
	e, errs := engine.New(reg, []*rule.Rule{r}, opts)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	a := mustAsset(b, `{"type":"aws.s3.bucket","id":"arn:aws:s3:::b","account":"1","region":"us-east-1","attributes":{"public_access_block":{"block_public_acls":true},"encryption":{"enabled":true}}}`)
	ev := e.NewEvaluator()
	out := make([]engine.Result, 0, 4)
	b.ReportAllocs()
	for b.Loop() {
		out = ev.Evaluate(a, nil, false, out[:0])
	}
	if out[0].Status != engine.Pass {
		b.Fatal(out[0])
	}
}

// BenchmarkEvaluateComprehension measures a security-group style rule: a
// comprehension over rules and CIDRs.
func BenchmarkEvaluateComprehension(b *testing.B) {
	r := mustRule(b, `id: T-EC2-1
title: t
severity: high
resource_types: [aws.ec2.security_group]
condition: |
  !resource.ingress.exists(r,
    (r.ip_protocol == "-1" || r.ip_protocol == "tcp") &&
    r.cidr_ipv4.exists(c, is_world_cidr(c)) &&
    [22, 3389].exists(p, r.ip_protocol == "-1" || (r.from_port <= p && p <= r.to_port)))
`)
	e, errs := engine.New(reg, []*rule.Rule{r}, opts)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	a := mustAsset(b, `{"type":"aws.ec2.security_group","id":"sg-1","account":"1","region":"us-east-1","attributes":{"ingress":[{"ip_protocol":"tcp","from_port":443,"to_port":443,"cidr_ipv4":["0.0.0.0/0"]},{"ip_protocol":"tcp","from_port":22,"to_port":22,"cidr_ipv4":["10.0.0.0/8"]}]}}`)
	ev := e.NewEvaluator()
	out := make([]engine.Result, 0, 4)
	b.ReportAllocs()
	for b.Loop() {
		out = ev.Evaluate(a, nil, false, out[:0])
	}
	if out[0].Status != engine.Pass {
		b.Fatal(out[0])
	}
}
