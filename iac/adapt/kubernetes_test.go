package adapt

import (
	"os"
	"path/filepath"
	"testing"

	"cloudward/asset"
	"cloudward/iac"
	"cloudward/iac/kubernetes"
	"cloudward/scan"
)

// loadK8s adapts Kubernetes manifest fixtures.
func loadK8s(t *testing.T, names ...string) (map[string]*asset.Asset, []iac.Diagnostic) {
	t.Helper()
	var rs []iac.Resource
	for _, name := range names {
		file := filepath.Join("testdata", "kubernetes", name)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		r, ds := kubernetes.Parse(file, data)
		for _, d := range ds {
			if d.Severity == iac.SeverityError {
				t.Fatalf("kubernetes: %v", d)
			}
		}
		rs = append(rs, r...)
	}
	as, ads := Assets(scan.Registry(), rs)
	return byID(t, as), ads
}

func TestKubernetesWorkloads(t *testing.T) {
	as, ds := loadK8s(t, "workloads.yaml", "rbac.yaml")
	file := filepath.Join("testdata", "kubernetes", "workloads.yaml")
	if len(ds) != 0 {
		t.Errorf("diagnostics = %v", ds)
	}
	web := check(t, as, "Deployment/shop/web", "kubernetes.workload",
		want{"kind", "Deployment"},
		want{"namespace", "shop"},
		want{"host_network", false},
		want{"service_account_name", "web"},
		// From the ServiceAccount web, which the pod does not override.
		want{"automount_service_account_token", false},
		want{"seccomp_profile_type", "RuntimeDefault"},
		want{"containers[0].name", "web"},
		want{"containers[0].container_type", "container"},
		want{"containers[0].image_tag", "1.14.2"}, // the registry's port is not a tag
		want{"containers[0].image_digest", ""},
		want{"containers[0].allow_privilege_escalation", false},
		want{"containers[0].run_as_non_root", true}, // inherited from the pod
		want{"containers[0].run_as_user", int64(10001)},
		want{"containers[0].seccomp_profile_type", "RuntimeDefault"},
		want{"containers[0].capabilities_add", strs("NET_BIND_SERVICE")}, // cap_ prefix and case normalized
		want{"containers[0].capabilities_drop", strs("ALL")},
		want{"containers[0].cpu_limit", "500m"},
		want{"containers[0].cpu_request", "0.25"},
		want{"containers[0].memory_limit", "256Mi"},
		want{"containers[1].name", "migrate"},
		want{"containers[1].container_type", "init"},
		want{"containers[1].image_tag", ""},
		want{"containers[1].image_digest", "sha256:0b4a3e5c2a1d3e9f8c7b6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f"},
		want{"containers[1].run_as_user", int64(0)},            // the container overrides the pod
		want{"containers[1].run_as_non_root", false},           // the container overrides the pod
		want{"containers[1].allow_privilege_escalation", true}, // default
		want{"containers[1].read_only_root_filesystem", false},
		want{"containers[1].memory_limit", ""},
	)
	if web != nil {
		if web.Account != UnknownAccount || web.Region != "global" || web.Name != "web" || web.Tags["app"] != "web" {
			t.Errorf("envelope = %s %s %s %v", web.Account, web.Region, web.Name, web.Tags)
		}
		sa := filepath.Join("testdata", "kubernetes", "workloads.yaml")
		for path, line := range map[string]int{
			"containers[0].allow_privilege_escalation": 37,
			"containers[0].run_as_non_root":            21, // the pod's securityContext
			"containers[1].run_as_user":                29,
			"automount_service_account_token":          55, // the ServiceAccount's
			"containers[0].capabilities_add":           41,
		} {
			if sp := spanOf(web, path); sp.File != sa || sp.StartLine != line {
				t.Errorf("span of %s = %+v, want line %d", path, sp, line)
			}
		}
	}
	debug := check(t, as, "Pod/default/debug", "kubernetes.workload",
		want{"namespace", unk("metadata.namespace is not set: the namespace is chosen when the manifest is applied (kubectl -n, the kubeconfig context, a kustomization), \"default\" when nothing chooses one")},
		want{"host_network", true},
		want{"host_pid", true},
		want{"host_ipc", true}, // YAML 1.1 yes
		want{"service_account_name", "default"},
		want{"automount_service_account_token", true},
		want{"run_as_non_root", false},
		want{"run_as_user", nil},
		want{"host_path_volumes", []any{map[string]any{"name": "root", "path": "/", "type": ""}}},
		want{"containers[0].privileged", true},
		// Privileged: escalation is allowed whatever the flag says.
		want{"containers[0].allow_privilege_escalation", true},
		want{"containers[0].capabilities_add", strs("SYS_ADMIN", "NET_RAW")},
		want{"containers[0].host_ports", []any{int64(2222)}},
		want{"containers[0].image_tag", ""},
		want{"containers[0].run_as_user", nil},
		want{"containers[0].seccomp_profile_type", ""},
		want{"containers[1].image_tag", "latest"},
		want{"containers[1].privileged", false},
	)
	if debug != nil {
		if sp := spanOf(debug, "containers[0].privileged"); sp.File != file || sp.StartLine != 75 {
			t.Errorf("span of privileged = %+v, want line 75", sp)
		}
		if sp := spanOf(debug, "host_path_volumes"); sp.StartLine != 67 {
			t.Errorf("span of host_path_volumes = %+v, want line 67", sp)
		}
	}
	check(t, as, "CronJob/ops/nightly", "kubernetes.workload",
		want{"automount_service_account_token", false},
		want{"seccomp_profile_type", ""},
		want{"containers[0].name", "backup"},
		want{"containers[0].seccomp_profile_type", "Localhost"},
	)
}

func TestKubernetesRBAC(t *testing.T) {
	as, _ := loadK8s(t, "rbac.yaml")
	check(t, as, "ClusterRole/default/everything", "kubernetes.role",
		want{"kind", "ClusterRole"},
		want{"namespace", ""},
		want{"aggregated", false},
		want{"rules[0].api_groups", strs("*")},
		want{"rules[0].verbs", strs("*")},
		want{"rules[1].non_resource_urls", strs("/metrics")},
		want{"rules[1].resources", []any{}},
	)
	check(t, as, "ClusterRole/default/monitoring", "kubernetes.role",
		want{"aggregated", true},
		want{"rules", unk("the ClusterRole is aggregated: the controller manager sets its rules from the ClusterRoles its aggregationRule selects")},
	)
	check(t, as, "Role/shop/secret-reader", "kubernetes.role",
		want{"namespace", "shop"},
		want{"rules[0].resources", strs("secrets")},
	)
	check(t, as, "ClusterRoleBinding/default/ops-admin", "kubernetes.role_binding",
		want{"kind", "ClusterRoleBinding"},
		want{"role_ref_kind", "ClusterRole"},
		want{"role_ref_name", "cluster-admin"},
		want{"subjects[0].kind", "Group"},
		want{"subjects[0].name", "ops"},
		want{"subjects[1].namespace", "ci"},
	)
	// A service account subject of a RoleBinding without a namespace is
	// in the binding's.
	check(t, as, "RoleBinding/shop/read-secrets", "kubernetes.role_binding",
		want{"subjects[0].namespace", "shop"},
	)
}

// TestKubernetesUnknown: a value unknown before deployment (no format
// reader makes one today; a templating front end could) makes the
// attributes it decides unknown, never a default.
func TestKubernetesUnknown(t *testing.T) {
	u := iac.Unknown{Reason: "set at deploy time"}
	r := iac.Resource{Format: iac.FormatKubernetes, Type: "v1/Pod", Address: "Pod/shop/p", Name: "p",
		Range: iac.Range{File: "p.yaml", StartLine: 1, EndLine: 9},
		Attrs: map[string]any{"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{"name": "p", "namespace": "shop"},
			"spec": map[string]any{
				"hostNetwork": u,
				"volumes":     []any{map[string]any{"name": "v", "hostPath": u}},
				"containers": []any{map[string]any{"name": "a", "image": u, "ports": u, "securityContext": map[string]any{
					"privileged": u, "allowPrivilegeEscalation": false, "capabilities": map[string]any{"add": u},
				}}},
			}}}
	as, _ := Assets(scan.Registry(), []iac.Resource{r})
	check(t, byID(t, as), "Pod/shop/p", "kubernetes.workload",
		want{"host_network", unk("set at deploy time")},
		want{"host_pid", false},
		want{"host_path_volumes", unk("set at deploy time")},
		want{"containers[0].image", unk("set at deploy time")},
		want{"containers[0].image_tag", unk("set at deploy time")},
		want{"containers[0].privileged", unk("set at deploy time")},
		want{"containers[0].allow_privilege_escalation", unk("set at deploy time")},
		want{"containers[0].capabilities_add", unk("set at deploy time")},
		want{"containers[0].host_ports", unk("set at deploy time")},
		want{"containers[0].read_only_root_filesystem", false},
	)
}
