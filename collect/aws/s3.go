package aws

import (
	"context"
	"os"
	"slices"
	"strings"
	"sync"

	"cloudward/asset"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

var (
	opListBuckets                = Op{"S3", "ListBuckets", "s3:ListAllMyBuckets"}
	opGetBucketLocation          = Op{"S3", "GetBucketLocation", "s3:GetBucketLocation"}
	opGetPublicAccessBlock       = Op{"S3", "GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock"}
	opGetBucketEncryption        = Op{"S3", "GetBucketEncryption", "s3:GetEncryptionConfiguration"}
	opGetBucketVersioning        = Op{"S3", "GetBucketVersioning", "s3:GetBucketVersioning"}
	opGetBucketLogging           = Op{"S3", "GetBucketLogging", "s3:GetBucketLogging"}
	opGetBucketPolicy            = Op{"S3", "GetBucketPolicy", "s3:GetBucketPolicy"}
	opGetBucketPolicyStatus      = Op{"S3", "GetBucketPolicyStatus", "s3:GetBucketPolicyStatus"}
	opGetBucketAcl               = Op{"S3", "GetBucketAcl", "s3:GetBucketAcl"}
	opGetObjectLockConfiguration = Op{"S3", "GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration"}
	opGetBucketOwnershipControls = Op{"S3", "GetBucketOwnershipControls", "s3:GetBucketOwnershipControls"}
)

var s3Service = &Service{
	Name:   "s3",
	Global: true, // one listing per account; each bucket is then read in its own region
	Ops: []Op{opListBuckets, opGetBucketLocation, opGetPublicAccessBlock, opGetBucketEncryption,
		opGetBucketVersioning, opGetBucketLogging, opGetBucketPolicy, opGetBucketPolicyStatus, opGetBucketAcl,
		opGetObjectLockConfiguration, opGetBucketOwnershipControls},
	Collect: collectS3,
}

// s3Client returns an S3 client for cfg; custom endpoints (an emulator,
// a VPC endpoint) get path-style addressing.
func s3Client(cfg aws.Config) *s3.Client {
	pathStyle := cfg.BaseEndpoint != nil || os.Getenv("AWS_ENDPOINT_URL") != "" || os.Getenv("AWS_ENDPOINT_URL_S3") != ""
	return s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = pathStyle })
}

func collectS3(ctx context.Context, s *Scope) error {
	home := s.InRegion("us-east-1")
	list := s3Client(home.Config)
	var buckets []s3types.Bucket
	p := s3.NewListBucketsPaginator(list, &s3.ListBucketsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		buckets = append(buckets, page.Buckets...)
	}
	// One client and scope per region, shared by that region's buckets.
	var mu sync.Mutex
	type regional struct {
		s  *Scope
		cl *s3.Client
	}
	byRegion := map[string]regional{}
	forRegion := func(region string) regional {
		mu.Lock()
		defer mu.Unlock()
		r, ok := byRegion[region]
		if !ok {
			if region == "" { // location unreadable: still report the bucket
				r.s = s.InRegion("us-east-1")
				r.s.Region = "unknown"
			} else {
				r.s = s.InRegion(region)
			}
			r.cl = s3Client(r.s.Config)
			byRegion[region] = r
		}
		return r
	}
	each(len(buckets), func(i int) {
		b := buckets[i]
		region := aws.ToString(b.BucketRegion)
		if region == "" {
			region = bucketRegion(ctx, home, list, aws.ToString(b.Name))
		}
		if region != "" && !slices.Contains(s.Regions, region) {
			return // outside the regions being collected
		}
		r := forRegion(region)
		_ = r.s.Emit(readBucket(ctx, r.s, r.cl, b))
	})
	return nil
}

func bucketRegion(ctx context.Context, s *Scope, cl *s3.Client, name string) string {
	out, err := cl.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String(name)})
	if err != nil {
		s.Gap(opGetBucketLocation, "arn:"+s.Partition+":s3:::"+name, err)
		return ""
	}
	switch loc := string(out.LocationConstraint); loc {
	case "":
		return "us-east-1"
	case "EU":
		return "eu-west-1"
	default:
		return loc
	}
}

// readBucket reads every setting of one bucket. A setting the API reports
// as not configured is recorded as such; one that cannot be read is unknown.
func readBucket(ctx context.Context, s *Scope, cl *s3.Client, b s3types.Bucket) *asset.Asset {
	name := aws.ToString(b.Name)
	arn := "arn:" + s.Partition + ":s3:::" + name
	a := s.New("aws.s3.bucket", arn, name)
	o := a.Root
	o.SetTime("creation_date", aws.ToTime(b.CreationDate))
	in := aws.String(name)

	pab, err := cl.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: in})
	if ok, _ := s.check(o, "public_access_block", opGetPublicAccessBlock, arn, err); ok && pab.PublicAccessBlockConfiguration != nil {
		c := pab.PublicAccessBlockConfiguration
		o.SetNested("public_access_block").
			SetBool("block_public_acls", aws.ToBool(c.BlockPublicAcls)).
			SetBool("ignore_public_acls", aws.ToBool(c.IgnorePublicAcls)).
			SetBool("block_public_policy", aws.ToBool(c.BlockPublicPolicy)).
			SetBool("restrict_public_buckets", aws.ToBool(c.RestrictPublicBuckets))
	}

	enc, err := cl.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: in})
	ok, absent := s.check(o, "encryption", opGetBucketEncryption, arn, err)
	switch {
	case ok:
		e := o.SetNested("encryption")
		e.SetBool("enabled", false)
		if c := enc.ServerSideEncryptionConfiguration; c != nil {
			for _, r := range c.Rules {
				if d := r.ApplyServerSideEncryptionByDefault; d != nil {
					e.SetBool("enabled", true).
						SetString("sse_algorithm", string(d.SSEAlgorithm)).
						SetString("kms_key_id", aws.ToString(d.KMSMasterKeyID)).
						SetBool("bucket_key_enabled", aws.ToBool(r.BucketKeyEnabled))
					break
				}
			}
		}
	case absent:
		o.SetNested("encryption").SetBool("enabled", false)
	}

	ver, err := cl.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: in})
	if ok, _ := s.check(o, "versioning", opGetBucketVersioning, arn, err); ok {
		o.SetNested("versioning").
			SetString("status", string(ver.Status)).
			SetBool("mfa_delete", ver.MFADelete == s3types.MFADeleteStatusEnabled)
	}

	lg, err := cl.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: in})
	if ok, _ := s.check(o, "logging", opGetBucketLogging, arn, err); ok {
		l := o.SetNested("logging").SetBool("enabled", lg.LoggingEnabled != nil)
		if lg.LoggingEnabled != nil {
			l.SetString("target_bucket", aws.ToString(lg.LoggingEnabled.TargetBucket))
		}
	}

	pol, err := cl.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: in})
	hasPolicy := false
	if ok, _ := s.check(o, "policy", opGetBucketPolicy, arn, err); ok && pol.Policy != nil {
		hasPolicy = true
		if err := o.SetJSON("policy", aws.ToString(pol.Policy)); err != nil {
			o.SetUnknown("policy", "the bucket policy is not valid JSON")
		}
	}

	if hasPolicy {
		st, err := cl.GetBucketPolicyStatus(ctx, &s3.GetBucketPolicyStatusInput{Bucket: in})
		if ok, absent := s.check(o, "policy_is_public", opGetBucketPolicyStatus, arn, err); ok && st.PolicyStatus != nil {
			o.SetBool("policy_is_public", aws.ToBool(st.PolicyStatus.IsPublic))
		} else if absent {
			o.SetBool("policy_is_public", false)
		}
	} else if _, unk := o.UnknownReason("policy"); unk {
		o.SetUnknown("policy_is_public", "the bucket policy could not be read")
	} else {
		o.SetBool("policy_is_public", false)
	}

	acl, err := cl.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: in})
	if ok, _ := s.check(o, "acl_is_public", opGetBucketAcl, arn, err); ok {
		public := false
		for _, g := range acl.Grants {
			if g.Grantee != nil && g.Grantee.Type == s3types.TypeGroup {
				uri := aws.ToString(g.Grantee.URI)
				if strings.HasSuffix(uri, "/global/AllUsers") || strings.HasSuffix(uri, "/global/AuthenticatedUsers") {
					public = true
				}
			}
		}
		o.SetBool("acl_is_public", public)
	}

	lock, err := cl.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: in})
	if ok, absent := s.check(o, "object_lock_enabled", opGetObjectLockConfiguration, arn, err); ok {
		o.SetBool("object_lock_enabled", lock.ObjectLockConfiguration != nil &&
			lock.ObjectLockConfiguration.ObjectLockEnabled == s3types.ObjectLockEnabledEnabled)
	} else if absent {
		o.SetBool("object_lock_enabled", false)
	}

	own, err := cl.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: in})
	if ok, _ := s.check(o, "object_ownership", opGetBucketOwnershipControls, arn, err); ok && own.OwnershipControls != nil {
		for _, r := range own.OwnershipControls.Rules {
			o.SetString("object_ownership", string(r.ObjectOwnership))
		}
	}
	return a
}
