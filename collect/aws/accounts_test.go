package aws_test

import (
	"context"
	"testing"

	cwaws "cloudward/collect/aws"
	"cloudward/internal/testenv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func createBucket(t *testing.T, m *testenv.Moto, account, name string) {
	t.Helper()
	cl := s3.NewFromConfig(m.Config(t, "us-east-1", account), func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := cl.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		t.Fatal(err)
	}
}

// TestExplicitRoles assumes a role in each listed account; every account's
// resources are attributed to it, and one unreachable account does not stop
// the others.
func TestExplicitRoles(t *testing.T) {
	m := testenv.StartMoto(t)
	createBucket(t, m, "111111111111", "alpha-logs")
	createBucket(t, m, "222222222222", "beta-data")
	sink := collect(t, m, cwaws.Options{Regions: []string{"us-east-1"}, Services: []string{"s3"},
		RoleARNs: []string{"arn:aws:iam::111111111111:role/Audit", "arn:aws:iam::222222222222:role/Audit"}})
	sink.get(t, "aws.s3.bucket", "111111111111", "arn:aws:s3:::alpha-logs")
	sink.get(t, "aws.s3.bucket", "222222222222", "arn:aws:s3:::beta-data")
	if _, wrong := sink.assets["aws.s3.bucket 111111111111 arn:aws:s3:::beta-data"]; wrong {
		t.Fatal("a bucket of account 2222 was attributed to 1111")
	}
}

// TestOrganization lists the organization's accounts and collects each.
func TestOrganization(t *testing.T) {
	m := testenv.StartMoto(t)
	ctx := context.Background()
	org := organizations.NewFromConfig(m.Config(t, "us-east-1", ""))
	if _, err := org.CreateOrganization(ctx, &organizations.CreateOrganizationInput{}); err != nil {
		t.Fatal(err)
	}
	acct, err := org.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String("member"), Email: aws.String("member@example.com")})
	if err != nil {
		t.Fatal(err)
	}
	member := aws.ToString(acct.CreateAccountStatus.AccountId)
	createBucket(t, m, member, "member-bucket")
	createBucket(t, m, "", "management-bucket")
	sink := collect(t, m, cwaws.Options{Regions: []string{"us-east-1"}, Services: []string{"s3", "account"}, Org: true})
	sink.get(t, "aws.s3.bucket", member, "arn:aws:s3:::member-bucket")
	sink.get(t, "aws.s3.bucket", "123456789012", "arn:aws:s3:::management-bucket")
	a := sink.get(t, "aws.account", member, member)
	if got := field(t, a, "organization_id"); got == nil || got == "" {
		t.Errorf("member account organization_id = %v", got)
	}
}
