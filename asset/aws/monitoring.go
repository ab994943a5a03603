package aws

import "cloudward/asset"

func monitoringTypes() []*asset.TypeSchema { return nil }
