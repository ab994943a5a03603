// Package gen generates realistic synthetic AWS inventories for demos,
// benchmarks and tests of the whole pipeline.
//
// The output is deterministic: the same Options always give byte-identical
// inventories (math/rand/v2 with a PCG source seeded from Options.Seed, and a
// fixed reference time). Generation is streaming — assets are handed to a
// callback one at a time and only bounded state is kept (recent VPCs,
// security groups, volumes, databases, topics, queues and functions of the
// current account and region, and the members of an account's IAM groups) —
// so inventories of millions of assets can be produced quickly: Write
// encodes assets on the other cores while the next ones are generated.
//
// Every asset type of cloudward/asset/aws appears. An inventory starts with
// each account's baseline: the aws.account (password policy, root user,
// S3 Block Public Access, alternate contacts), its IAM account summary,
// service-linked, IAM Identity Center, organization and support roles,
// identity providers and server certificates, one or two CloudTrail trails
// with their CloudWatch Logs groups, the CIS metric filters on the
// management trail's group with their alarms and the SNS topics (and
// subscriptions) they notify, and per region the EC2 settings, the data and
// aws/ebs KMS keys, AWS Config (recorder, delivery channel, region status),
// Security Hub, GuardDuty and IAM Access Analyzer. The first account is run
// by the book (most CIS monitoring controls covered end to end, Config,
// Security Hub and GuardDuty everywhere), the second is a neglected staging
// account (weak password policy, root keys, broken or missing monitoring),
// further ones are drawn at random.
//
// Then comes a weighted mix of resources, per account: S3 buckets, IAM
// users, roles and policies, and the IAM groups with their members; and
// per region VPCs (with default security group, internet gateway, network
// ACLs, route tables and flow log), security groups, EC2 instances with
// their volumes, unattached volumes, snapshots and AMIs, KMS keys, RDS
// instances, Aurora clusters and snapshots, Lambda functions and their log
// groups, DynamoDB tables, SQS queues, SNS topics and subscriptions, Secrets
// Manager secrets, ACM certificates, load balancers, EKS clusters, EFS file
// systems, ECR repositories, alarms and log groups. Compute, storage and
// network dominate, as in any large estate; the first region of each
// account starts with one unit of every kind, so even a small inventory
// has every type. Values that refer to each other line up (a trail's log
// group, a filter's metric and its alarm, an alarm's topic, a topic's
// subscriptions, a VPC's flow log, a summary's recorders).
//
// Most resources (85–90%) are well configured — the first account has
// fewer misconfigurations than usual, the second about the usual; the rest
// carry the misconfigurations a posture tool exists to find (SSH open to
// the world, IMDSv1, unencrypted storage, stale access keys, deprecated
// runtimes, legacy TLS policies, public snapshots, …). About one asset in a
// hundred has an attribute the "collector" could not read, written as
// {"$unknown": reason} and followed by its gap record. Ids, ARNs and
// access key ids look real but are generated; no secret values are ever
// produced. Times are relative to Options.Now (2026-06-01 by default): scan
// with --now at that time to see the inventory as it was "collected".
package gen
