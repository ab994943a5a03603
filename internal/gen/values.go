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

// sharedValues are immutable values many assets carry; built once, they
// are shared (the encoder only reads them).
type sharedValues struct {
	snsDefaultActions ref.Val
	ec2Trust          ref.Val
	lambdaTrust       ref.Val
	ecsTrust          ref.Val
	openNACL          []ref.Val // default network ACL entries: everything in and out, IPv4 and IPv6
}

func (g *generator) initShared() {
	g.shared.snsDefaultActions = strList("SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
		"SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish")
	g.shared.ec2Trust = serviceTrust("ec2.amazonaws.com")
	g.shared.lambdaTrust = serviceTrust("lambda.amazonaws.com")
	g.shared.ecsTrust = serviceTrust("ecs-tasks.amazonaws.com")
	g.shared.openNACL = []ref.Val{
		g.naclEntry(100, "-1", "allow", false, world4, "", -1, -1),
		g.naclEntry(101, "-1", "allow", false, "", world6, -1, -1),
		g.naclEntry(32767, "-1", "deny", false, world4, "", -1, -1),
		g.naclEntry(32768, "-1", "deny", false, "", world6, -1, -1),
		g.naclEntry(100, "-1", "allow", true, world4, "", -1, -1),
		g.naclEntry(101, "-1", "allow", true, "", world6, -1, -1),
		g.naclEntry(32767, "-1", "deny", true, world4, "", -1, -1),
		g.naclEntry(32768, "-1", "deny", true, "", world6, -1, -1),
	}
}

// serviceTrust is the trust policy of a role an AWS service assumes.
func serviceTrust(service string) ref.Val {
	return doc("Version", policyVersion, "Statement", []ref.Val{
		doc("Effect", "Allow", "Principal", doc("Service", service), "Action", "sts:AssumeRole"),
	})
}

// policyDoc is an IAM policy document of the given statements.
func policyDoc(statements ...ref.Val) ref.Val {
	return doc("Version", policyVersion, "Statement", statements)
}

// allow is an Allow statement for actions on resources (strings or lists).
func allow(actions, resources any) ref.Val {
	return doc("Effect", "Allow", "Action", actions, "Resource", resources)
}

func denyInsecureTransportEFS(arn string) ref.Val {
	return doc("Sid", "DenyInsecureTransport", "Effect", "Deny", "Principal", doc("AWS", "*"),
		"Action", "*", "Resource", arn,
		"Condition", doc("Bool", doc("aws:SecureTransport", "false")))
}
