package asset

// Gap records something a collector could not see: an API call that failed
// (access denied, throttled past every retry, unsupported in the region) so
// the attributes it would have filled are unknown. Gaps are listed in scan
// summaries and reports so coverage holes are never silent.
// Listing records that a collector listed a service's resources in an
// account and region completely ("global" for services listed once per
// account): an asset of that service missing from the inventory is gone,
// not merely unseen.
type Listing struct {
	Provider string `json:"provider"`
	Account  string `json:"account"`
	Region   string `json:"region"`
	Service  string `json:"service"`
}

// Gap records a failed read.
type Gap struct {
	Provider string `json:"provider"`
	Account  string `json:"account"`
	Region   string `json:"region"`
	Service  string `json:"service"`
	API      string `json:"api,omitempty"`      // IAM action of the failed call, e.g. s3:GetEncryptionConfiguration
	Resource string `json:"resource,omitempty"` // the resource it was about, when one
	Code     string `json:"code"`               // API error code or kind (AccessDenied, Throttling, …)
	Message  string `json:"message"`
	Count    int    `json:"count,omitempty"` // identical gaps folded into this one
}
