package aws

import "cloudward/asset"

func networkTypes() []*asset.TypeSchema { return nil }
