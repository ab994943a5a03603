// Package azure declares the schemas of Azure asset types, made from ARM
// templates by the IaC adapters (iac/adapt). Field names follow the Azure
// Resource Manager API in snake_case.
package azure

import "cloudward/asset"

// Types returns every Azure asset type.
func Types() []*asset.TypeSchema {
	return types
}

// types lists the schemas; each file of the package adds its own.
var types []*asset.TypeSchema
