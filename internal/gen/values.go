package gen

import (
	"cloudward/asset"

	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// Small constructors of CEL values, to keep the builders readable.

func str(s string) ref.Val          { return types.String(s) }
func boolean(b bool) ref.Val        { return types.Bool(b) }
func integer(i int) ref.Val         { return types.Int(i) }
func timestamp(t time.Time) ref.Val { return types.Timestamp{Time: t} }

func strList(s ...string) ref.Val { return types.NewStringList(types.DefaultTypeAdapter, s) }

func valList(v ...ref.Val) ref.Val { return types.NewRefValList(types.DefaultTypeAdapter, v) }

// doc builds a JSON object (for policy documents, stored as dyn) from
// alternating keys and values; values are strings, []string, ref.Val or
// []ref.Val.
func doc(kv ...any) ref.Val {
	m := make(map[ref.Val]ref.Val, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[types.String(kv[i].(string))] = dynVal(kv[i+1])
	}
	return types.NewRefValMap(types.DefaultTypeAdapter, m)
}

func dynVal(v any) ref.Val {
	switch x := v.(type) {
	case string:
		return types.String(x)
	case []string:
		l := make([]ref.Val, len(x))
		for i, s := range x {
			l[i] = types.String(s)
		}
		return valList(l...)
	case []ref.Val:
		return valList(x...)
	case ref.Val:
		return x
	}
	panic("gen: unsupported document value")
}

const policyVersion = "2012-10-17"

// keyPolicy is the default KMS key policy of an account.
func keyPolicy(account string) ref.Val {
	return doc("Version", policyVersion, "Id", "key-default-1", "Statement", []ref.Val{
		doc("Sid", "Enable IAM User Permissions", "Effect", "Allow",
			"Principal", doc("AWS", "arn:aws:iam::"+account+":root"),
			"Action", "kms:*", "Resource", "*"),
	})
}

func denyInsecureTransport(bucketARN string) ref.Val {
	return doc("Sid", "DenyInsecureTransport", "Effect", "Deny", "Principal", "*", "Action", "s3:*",
		"Resource", []string{bucketARN, bucketARN + "/*"},
		"Condition", doc("Bool", doc("aws:SecureTransport", "false")))
}

func bucketPolicy(statements ...ref.Val) ref.Val {
	return doc("Version", policyVersion, "Statement", statements)
}

func cloudFrontRead(bucketARN, account, distribution string) ref.Val {
	return doc("Sid", "AllowCloudFrontServicePrincipalReadOnly", "Effect", "Allow",
		"Principal", doc("Service", "cloudfront.amazonaws.com"), "Action", "s3:GetObject",
		"Resource", bucketARN+"/*",
		"Condition", doc("StringEquals", doc("AWS:SourceArn", "arn:aws:cloudfront::"+account+":distribution/"+distribution)))
}

func crossAccountRead(bucketARN, other string) ref.Val {
	return doc("Sid", "CrossAccountRead", "Effect", "Allow",
		"Principal", doc("AWS", "arn:aws:iam::"+other+":root"),
		"Action", []string{"s3:GetObject", "s3:ListBucket"},
		"Resource", []string{bucketARN, bucketARN + "/*"})
}

func publicRead(bucketARN string) ref.Val {
	return doc("Sid", "PublicReadGetObject", "Effect", "Allow", "Principal", "*", "Action", "s3:GetObject",
		"Resource", bucketARN+"/*")
}

func cloudTrailBucketPolicy(bucketARN, account string) ref.Val {
	return bucketPolicy(
		doc("Sid", "AWSCloudTrailAclCheck", "Effect", "Allow",
			"Principal", doc("Service", "cloudtrail.amazonaws.com"), "Action", "s3:GetBucketAcl", "Resource", bucketARN),
		doc("Sid", "AWSCloudTrailWrite", "Effect", "Allow",
			"Principal", doc("Service", "cloudtrail.amazonaws.com"), "Action", "s3:PutObject",
			"Resource", bucketARN+"/AWSLogs/"+account+"/*",
			"Condition", doc("StringEquals", doc("s3:x-amz-acl", "bucket-owner-full-control"))),
		denyInsecureTransport(bucketARN),
	)
}

func newObject(s *asset.ObjectSchema) *asset.Object { return asset.NewObject(s) }
