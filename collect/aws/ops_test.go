package aws

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// readOnlyActionPrefixes are IAM action name prefixes that grant no write.
var readOnlyActionPrefixes = []string{"Get", "List", "Describe", "Lookup", "Search"}

// TestEveryOperationIsReadOnly is the collector's read-only guarantee: no
// registered operation, and no IAM action in the generated policy, can
// change anything (GenerateCredentialReport only builds a report;
// AssumeRole only obtains credentials).
func TestEveryOperationIsReadOnly(t *testing.T) {
	ops := Operations()
	if len(ops) < 20 {
		t.Fatalf("only %d operations registered", len(ops))
	}
	for _, o := range ops {
		if !o.ReadOnly() {
			t.Errorf("%s is not a read-only operation", o.Key())
		}
		svc, action, ok := strings.Cut(o.Action, ":")
		if !ok || svc == "" {
			t.Errorf("%s: IAM action %q is not service:Action", o.Key(), o.Action)
			continue
		}
		allowed := o.Action == "iam:GenerateCredentialReport" || o.Action == "sts:AssumeRole"
		for _, p := range readOnlyActionPrefixes {
			allowed = allowed || strings.HasPrefix(action, p)
		}
		if !allowed {
			t.Errorf("%s: IAM action %s may write", o.Key(), o.Action)
		}
	}
	for _, s := range services {
		for _, o := range s.Ops {
			if !o.ReadOnly() {
				t.Errorf("service %s declares a mutating operation %s", s.Name, o.Key())
			}
		}
	}
}

func TestPolicyListsExactlyTheRegisteredActions(t *testing.T) {
	doc, err := Policy(nil)
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Version   string
		Statement []struct {
			Effect string
			Action []string
		}
	}
	if err := json.Unmarshal(doc, &p); err != nil {
		t.Fatal(err)
	}
	if p.Version != "2012-10-17" || len(p.Statement) != 1 || p.Statement[0].Effect != "Allow" {
		t.Fatalf("policy %s", doc)
	}
	want := map[string]bool{}
	for _, o := range Operations() {
		want[o.Action] = true
	}
	got := map[string]bool{}
	for _, a := range p.Statement[0].Action {
		got[a] = true
		if !want[a] {
			t.Errorf("policy allows %s, which no operation needs", a)
		}
	}
	for a := range want {
		if !got[a] {
			t.Errorf("policy lacks %s", a)
		}
	}
	s3only, _ := Policy([]string{"s3"})
	if strings.Contains(string(s3only), "iam:GetAccountSummary") || !strings.Contains(string(s3only), "s3:GetBucketAcl") {
		t.Errorf("--services s3 policy: %s", s3only)
	}
}

// TestGuardRefusesUnregisteredOperations: a client configured by the
// collector cannot call a mutating API even if code tried to — the guard
// stops it before anything is sent.
func TestGuardRefusesUnregisteredOperations(t *testing.T) {
	c, err := New(nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := c.withAccount(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String("http://127.0.0.1:1")}, "123456789012")
	_, err = s3.NewFromConfig(cfg).PutBucketVersioning(context.Background(), &s3.PutBucketVersioningInput{Bucket: aws.String("b"),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}})
	var nr *ErrNotRegistered
	if !errors.As(err, &nr) || nr.Key != "s3:PutBucketVersioning" {
		t.Fatalf("err %v, want the guard to refuse s3:PutBucketVersioning", err)
	}
}
