package kubernetes

import . "cloudward/asset"

// Role is an RBAC Role or ClusterRole.
var Role = Define("kubernetes.role",
	"An RBAC Role (namespaced) or ClusterRole (cluster-wide) with the permissions it grants. The id is <kind>/<namespace>/<name>.",
	String("kind", "Role or ClusterRole."),
	String("namespace", "metadata.namespace of a Role (unknown when the manifest omits it: chosen at apply time); \"\" for a ClusterRole."),
	Bool("aggregated", "A ClusterRole with an aggregationRule: the controller manager fills its rules from the ClusterRoles the rule selects."),
	NestedList("rules", "Policy rules. Unknown for an aggregated ClusterRole (its rules are computed in the cluster).", Block("One policy rule.",
		StringList("api_groups", "API groups (\"\" is the core group, * every group)."),
		StringList("resources", "Resources (pods, secrets, pods/exec, * every resource)."),
		StringList("verbs", "Verbs (get, list, watch, create, update, patch, delete, deletecollection, escalate, bind, impersonate, * every verb)."),
		StringList("resource_names", "Names the rule is restricted to; empty for every object."),
		StringList("non_resource_urls", "Non-resource URLs (/healthz, /metrics, *), ClusterRole only."),
	)),
)

// RoleBinding is an RBAC RoleBinding or ClusterRoleBinding.
var RoleBinding = Define("kubernetes.role_binding",
	"An RBAC RoleBinding (grants within a namespace) or ClusterRoleBinding (grants cluster-wide). The id is <kind>/<namespace>/<name>.",
	String("kind", "RoleBinding or ClusterRoleBinding."),
	String("namespace", "metadata.namespace of a RoleBinding (unknown when the manifest omits it: chosen at apply time); \"\" for a ClusterRoleBinding."),
	String("role_ref_kind", "Kind of the role granted: Role or ClusterRole."),
	String("role_ref_name", "Name of the role granted."),
	NestedList("subjects", "Who is granted the role.", Block("One subject.",
		String("kind", "User, Group or ServiceAccount."),
		String("name", "Name of the user, group or service account."),
		String("namespace", "Namespace of a ServiceAccount subject (the binding's namespace when not set on a RoleBinding)."),
	)),
)

func init() { types = append(types, Role, RoleBinding) }
