package aws

import "cloudward/asset"

func identityTypes() []*asset.TypeSchema { return nil }
