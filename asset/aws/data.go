package aws

import "cloudward/asset"

func dataTypes() []*asset.TypeSchema { return nil }
