package adapt

// primaries map IaC resource types to the function making their asset.
var primaries map[string]func(c *ctx) *prim

// attachments map IaC resource types that fold into another resource's
// asset (or into the account and region settings) to their function.
var attachments map[string]func(c *ctx)

func init() {
	primaries = map[string]func(c *ctx) *prim{
		// Terraform.
		"aws_s3_bucket":              tfS3Bucket,
		"aws_security_group":         tfSecurityGroup,
		"aws_default_security_group": tfSecurityGroup,
		"aws_instance":               tfInstance,
		"aws_ebs_volume":             tfVolume,
		"aws_vpc":                    tfVPC,
		"aws_default_vpc":            tfVPC,
		"aws_flow_log":               tfFlowLog,
		"aws_network_acl":            tfNetworkACL,
		"aws_default_network_acl":    tfNetworkACL,
		"aws_db_instance":            tfDBInstance,
		"aws_rds_cluster_instance":   tfDBInstance,
		"aws_rds_cluster":            tfRDSCluster,
		"aws_kms_key":                tfKMSKey,
		"aws_kms_external_key":       tfKMSKey,
		"aws_cloudtrail":             tfTrail,
		// CloudFormation.
		"AWS::S3::Bucket":         cfnS3Bucket,
		"AWS::EC2::SecurityGroup": cfnSecurityGroup,
		"AWS::EC2::Instance":      cfnInstance,
		"AWS::EC2::Volume":        cfnVolume,
		"AWS::EC2::VPC":           cfnVPC,
		"AWS::EC2::FlowLog":       cfnFlowLog,
		"AWS::EC2::NetworkAcl":    cfnNetworkACL,
		"AWS::RDS::DBInstance":    cfnDBInstance,
		"AWS::RDS::DBCluster":     cfnRDSCluster,
		"AWS::KMS::Key":           cfnKMSKey,
		"AWS::CloudTrail::Trail":  cfnTrail,
	}
	for _, m := range []map[string]func(c *ctx) *prim{morePrimaries, iamPrimaries, monitoringPrimaries, storagePrimaries, kubernetesPrimaries, armPrimaries} {
		for k, v := range m {
			primaries[k] = v
		}
	}
	attachments = map[string]func(c *ctx){
		"aws_s3_bucket_public_access_block":                  tfS3PublicAccessBlock,
		"aws_s3_bucket_server_side_encryption_configuration": tfS3SSE,
		"aws_s3_bucket_versioning":                           tfS3Versioning,
		"aws_s3_bucket_logging":                              tfS3Logging,
		"aws_s3_bucket_policy":                               tfS3Policy,
		"aws_s3_bucket_acl":                                  tfS3ACL,
		"aws_s3_bucket_ownership_controls":                   tfS3Ownership,
		"aws_s3_bucket_object_lock_configuration":            tfS3ObjectLock,
		"aws_security_group_rule":                            tfSecurityGroupRule,
		"aws_vpc_security_group_ingress_rule":                tfVPCSGRule("ingress"),
		"aws_vpc_security_group_egress_rule":                 tfVPCSGRule("egress"),
		"aws_network_acl_rule":                               tfNetworkACLRule,
		"aws_kms_alias":                                      kmsAlias("name", "target_key_id"),
		"aws_kms_key_policy":                                 tfKMSKeyPolicy,
		"aws_s3_account_public_access_block":                 tfAccountPAB,
		"aws_ebs_encryption_by_default":                      tfEBSDefault,
		"aws_ebs_default_kms_key":                            tfEBSDefaultKey,
		"aws_ebs_snapshot_block_public_access":               tfSnapshotBPA,
		"aws_ec2_image_block_public_access":                  tfImageBPA,
		"aws_iam_account_password_policy":                    tfPasswordPolicy,
		"aws_account_alternate_contact":                      tfAlternateContact,
		"AWS::S3::BucketPolicy":                              cfnS3BucketPolicy,
		"AWS::EC2::SecurityGroupIngress":                     cfnSGRule("ingress"),
		"AWS::EC2::SecurityGroupEgress":                      cfnSGRule("egress"),
		"AWS::EC2::NetworkAclEntry":                          cfnNetworkACLEntry,
		"AWS::KMS::Alias":                                    kmsAlias("AliasName", "TargetKeyId"),
	}
	for _, m := range []map[string]func(c *ctx){moreAttachments, iamAttachments, monitoringAttachments, storageAttachments, kubernetesAttachments, armAttachments} {
		for k, v := range m {
			attachments[k] = v
		}
	}
}
