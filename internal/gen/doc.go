// Package gen generates realistic synthetic AWS inventories for demos,
// benchmarks and tests of the whole pipeline.
//
// The output is deterministic: the same Options always give byte-identical
// inventories (math/rand/v2 with a PCG source seeded from Options.Seed, and a
// fixed reference time). Generation is streaming — assets are handed to a
// callback one at a time and only a small, bounded amount of state (recent
// VPC and security group ids of the current account and region) is kept — so
// inventories of millions of assets can be produced in constant memory.
//
// An inventory has, per account, one aws.account asset, one
// aws.ec2.region_settings asset per region and one or two CloudTrail trails,
// followed by a weighted mix of S3 buckets, IAM users, VPCs with their
// default security group and (mostly) a flow log, security groups, EC2
// instances with their EBS volumes, unattached volumes, KMS keys and RDS
// instances. Roughly four resources in five are well configured; the rest
// carry the misconfigurations a posture tool exists to find (SSH open to the
// world, IMDSv1, unencrypted storage, stale access keys, …). About one asset
// in a hundred has an attribute the "collector" could not read, written as
// {"$unknown": reason}. Ids, ARNs and access key ids look real but are
// generated; no secret values are ever produced.
package gen
