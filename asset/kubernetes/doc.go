// Package kubernetes declares the schemas of Kubernetes asset types, made
// from manifests by the IaC adapters (iac/adapt). Field names follow the
// Kubernetes API in snake_case.
package kubernetes

import "cloudward/asset"

// Types returns every Kubernetes asset type.
func Types() []*asset.TypeSchema {
	return types
}

// types lists the schemas; each file of the package adds its own.
var types []*asset.TypeSchema
