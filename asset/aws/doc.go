// Package aws declares the schemas of AWS asset types. Live collectors and
// IaC adapters fill these same types, so one rule judges both.
//
// Field names follow the AWS API in snake_case; values are normalized so a
// rule never has to know which API or IaC format they came from (booleans
// instead of "Enabled"/"Disabled" strings where the API allows no third state).
package aws

import (
	"slices"

	"cloudward/asset"
)

// Types returns every AWS asset type, in one list so the whole catalogue
// reads in one place.
func Types() []*asset.TypeSchema {
	core := []*asset.TypeSchema{
		Account,
		S3Bucket,
		EC2SecurityGroup, EC2RegionSettings, EC2Instance, EC2Volume, EC2VPC, EC2FlowLog,
		IAMUser,
		CloudTrailTrail,
		KMSKey,
		RDSInstance,
	}
	return slices.Concat(core, monitoringTypes(), networkTypes(), dataTypes(), identityTypes())
}

// AccountType names the asset type that describes an AWS account; the
// rule engine binds it to the `account` variable.
const AccountType = "aws.account"
