package adapt

// kubernetesPrimaries and kubernetesAttachments map Kubernetes manifest
// kinds (apiVersion/kind, as iac/kubernetes names them) to their adapters.
var (
	kubernetesPrimaries   = map[string]func(c *ctx) *prim{}
	kubernetesAttachments = map[string]func(c *ctx){}
)
