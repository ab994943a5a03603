package adapt

// armPrimaries and armAttachments map ARM resource types
// (Microsoft.Storage/storageAccounts) to their adapters.
var (
	armPrimaries   = map[string]func(c *ctx) *prim{}
	armAttachments = map[string]func(c *ctx){}
)
