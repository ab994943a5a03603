package aws_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"cloudward/asset"
	cwaws "cloudward/collect/aws"
	"cloudward/internal/testenv"
	"cloudward/scan"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmw "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
)

// memSink keeps what a collection produced.
type memSink struct {
	mu     sync.Mutex
	assets map[string]*asset.Asset
	gaps   []asset.Gap
	listed []asset.Listing
}

func (m *memSink) Asset(a *asset.Asset) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.assets == nil {
		m.assets = map[string]*asset.Asset{}
	}
	m.assets[a.Type+" "+a.Account+" "+a.ID] = a
	return nil
}

func (m *memSink) Listed(l asset.Listing) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.listed = append(m.listed, l)
}

func (m *memSink) Gap(g asset.Gap) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gaps = append(m.gaps, g)
}

func (m *memSink) get(t *testing.T, typ, account, id string) *asset.Asset {
	t.Helper()
	a, ok := m.assets[typ+" "+account+" "+id]
	if !ok {
		var keys []string
		for k := range m.assets {
			keys = append(keys, k)
		}
		t.Fatalf("no %s %s in %s; have %v", typ, id, account, keys)
	}
	return a
}

// field returns the plain value at a dotted attribute path.
func field(t *testing.T, a *asset.Asset, path string) any {
	t.Helper()
	o := a.Root
	parts := strings.Split(path, ".")
	for i, p := range parts {
		if r, unk := o.UnknownReason(p); unk {
			return "unknown: " + r
		}
		v, ok := o.Get(p)
		if !ok {
			return nil
		}
		if i == len(parts)-1 {
			return asset.Native(v)
		}
		o = v.(*asset.Object)
	}
	return nil
}

func collect(t *testing.T, m *testenv.Moto, opts cwaws.Options) *memSink {
	t.Helper()
	opts.ConfigOptions = append(m.ConfigOptions("us-east-1"), opts.ConfigOptions...)
	opts.Now = func() time.Time { return time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) }
	c, err := cwaws.New(scan.Registry(), opts)
	if err != nil {
		t.Fatal(err)
	}
	sink := &memSink{}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := c.Run(ctx, sink); err != nil {
		t.Fatal(err)
	}
	return sink
}

func TestS3Buckets(t *testing.T) {
	m := testenv.StartMoto(t)
	ctx := context.Background()
	east := s3.NewFromConfig(m.Config(t, "us-east-1", ""), func(o *s3.Options) { o.UsePathStyle = true })
	west := s3.NewFromConfig(m.Config(t, "eu-west-1", ""), func(o *s3.Options) { o.UsePathStyle = true })
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(east.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("locked-down")}))
	must(east.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: aws.String("locked-down"),
		PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true),
			IgnorePublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)}}))
	must(east.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: aws.String("locked-down"),
		ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: []s3types.ServerSideEncryptionRule{{
			ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryptionAwsKms, KMSMasterKeyID: aws.String("alias/data")}}}}}))
	must(east.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String("locked-down"),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}))
	must(west.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("wide-open"),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraintEuWest1}}))
	must(west.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String("wide-open"),
		Policy: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::wide-open/*"}]}`)}))
	must(east.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("elsewhere-bucket"),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraintApSoutheast2}}))

	sink := collect(t, m, cwaws.Options{Regions: []string{"us-east-1", "eu-west-1"}, Services: []string{"s3"}})

	locked := sink.get(t, "aws.s3.bucket", "123456789012", "arn:aws:s3:::locked-down")
	if locked.Region != "us-east-1" {
		t.Errorf("region %q", locked.Region)
	}
	for path, want := range map[string]any{
		"public_access_block.block_public_acls":       true,
		"public_access_block.restrict_public_buckets": true,
		"encryption.enabled":                          true,
		"encryption.sse_algorithm":                    "aws:kms",
		"versioning.status":                           "Enabled",
		"policy_is_public":                            false,
		"acl_is_public":                               false,
	} {
		if got := field(t, locked, path); got != want {
			t.Errorf("locked-down %s = %v, want %v", path, got, want)
		}
	}
	open := sink.get(t, "aws.s3.bucket", "123456789012", "arn:aws:s3:::wide-open")
	if open.Region != "eu-west-1" {
		t.Errorf("region %q", open.Region)
	}
	if got := field(t, open, "public_access_block"); got != nil {
		t.Errorf("no block public access configured: got %v", got)
	}
	if got := field(t, open, "policy"); got == nil {
		t.Error("the bucket policy should be collected")
	}
	if _, ok := sink.assets["aws.s3.bucket 123456789012 arn:aws:s3:::elsewhere-bucket"]; ok {
		t.Error("a bucket outside the selected regions was collected")
	}
	for _, g := range sink.gaps {
		t.Logf("gap: %+v", g)
	}
}

// denyOp makes the emulator's answer to one operation an AccessDenied, as
// a real account with a restrictive policy would.
func denyOp(op string) func(*middleware.Stack) error {
	return func(s *middleware.Stack) error {
		return s.Finalize.Add(middleware.FinalizeMiddlewareFunc("deny-"+op,
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				if awsmw.GetOperationName(ctx) == op {
					return middleware.FinalizeOutput{}, middleware.Metadata{}, &smithy.GenericAPIError{Code: "AccessDenied", Message: "Access Denied"}
				}
				return next.HandleFinalize(ctx, in)
			}), middleware.Before)
	}
}

func TestAccessDeniedBecomesUnknownAndGap(t *testing.T) {
	m := testenv.StartMoto(t)
	ctx := context.Background()
	east := s3.NewFromConfig(m.Config(t, "us-east-1", ""), func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := east.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("secret")}); err != nil {
		t.Fatal(err)
	}
	sink := collect(t, m, cwaws.Options{Regions: []string{"us-east-1"}, Services: []string{"s3"},
		APIOptions: []func(*middleware.Stack) error{denyOp("GetBucketEncryption")}})
	b := sink.get(t, "aws.s3.bucket", "123456789012", "arn:aws:s3:::secret")
	if got := field(t, b, "encryption"); got != "unknown: AccessDenied: s3:GetEncryptionConfiguration" {
		t.Fatalf("encryption = %v, want unknown with the reason", got)
	}
	if got := field(t, b, "versioning.status"); got != "" {
		t.Errorf("other settings are still read: versioning.status = %v", got)
	}
	found := false
	for _, g := range sink.gaps {
		if g.API == "s3:GetEncryptionConfiguration" && g.Code == "AccessDenied" && g.Resource == "arn:aws:s3:::secret" {
			found = true
		}
	}
	if !found {
		t.Fatalf("no gap recorded: %+v", sink.gaps)
	}
}
