package adapt

import (
	"fmt"
	"strconv"
	"strings"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"cloudward/asset"
	"cloudward/iac"
)

// Kubernetes manifests (iac/kubernetes) become kubernetes.* assets:
//
//	v1/Pod, v1/PodTemplate, v1/ReplicationController, apps/*/Deployment,
//	  StatefulSet, DaemonSet, ReplicaSet (and extensions/v1beta1's),
//	  batch/*/Job, CronJob (+ v1/ServiceAccount)          → kubernetes.workload
//	rbac.authorization.k8s.io/*/Role, ClusterRole          → kubernetes.role
//	rbac.authorization.k8s.io/*/RoleBinding,
//	  ClusterRoleBinding                                   → kubernetes.role_binding
//
// The asset id is the resource address (<kind>/<namespace>/<name>), the
// account UnknownAccount (a manifest does not say which cluster it is
// applied to) and the region "global"; labels become tags. A namespaced
// object without metadata.namespace has an unknown namespace: it is
// chosen when the manifest is applied.
//
// A workload's values are those the kubelet applies: a container's
// securityContext overrides the pod's for runAsNonRoot, runAsUser and
// seccompProfile; allowPrivilegeEscalation is true when omitted, and for a
// privileged container or one adding SYS_ADMIN whatever it says;
// hostNetwork, hostPID, hostIPC, privileged and readOnlyRootFilesystem
// default to false, serviceAccountName to "default";
// automountServiceAccountToken is the pod's, else that of the
// ServiceAccount of the scan it runs as, else true. Capabilities are
// upper-cased without a CAP_ prefix. An omitted value the cluster
// decides (seccomp with the kubelet's seccompDefault, the image's user,
// LimitRange defaults) is left absent.

var (
	kubernetesPrimaries   = kubernetesPrimaryAdapters()
	kubernetesAttachments = map[string]func(c *ctx){
		"v1/ServiceAccount": k8sServiceAccount,
	}
)

// k8sPodSpecs gives, per kind, the path of the pod spec in the object.
var k8sPodSpecs = map[string]string{
	"Pod":                   "spec",
	"PodTemplate":           "template.spec",
	"ReplicationController": "spec.template.spec",
	"Deployment":            "spec.template.spec",
	"StatefulSet":           "spec.template.spec",
	"DaemonSet":             "spec.template.spec",
	"ReplicaSet":            "spec.template.spec",
	"Job":                   "spec.template.spec",
	"CronJob":               "spec.jobTemplate.spec.template.spec",
}

func kubernetesPrimaryAdapters() map[string]func(c *ctx) *prim {
	m := map[string]func(c *ctx) *prim{}
	add := func(apiVersions []string, kinds []string, f func(c *ctx) *prim) {
		for _, v := range apiVersions {
			for _, k := range kinds {
				m[v+"/"+k] = f
			}
		}
	}
	add([]string{"v1"}, []string{"Pod", "PodTemplate", "ReplicationController"}, k8sWorkload)
	add([]string{"apps/v1", "apps/v1beta1", "apps/v1beta2", "extensions/v1beta1"},
		[]string{"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"}, k8sWorkload)
	add([]string{"batch/v1"}, []string{"Job"}, k8sWorkload)
	add([]string{"batch/v1", "batch/v1beta1", "batch/v2alpha1"}, []string{"CronJob"}, k8sWorkload)
	rbac := []string{"rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1"}
	add(rbac, []string{"Role", "ClusterRole"}, k8sRole)
	add(rbac, []string{"RoleBinding", "ClusterRoleBinding"}, k8sRoleBinding)
	return m
}

// k8sAt reads a path of a manifest ("spec.containers[0].image"); an
// Unknown met on the way is returned, a missing step gives nil.
func k8sAt(m map[string]any, path string) any {
	var v any = m
	for _, part := range strings.Split(path, ".") {
		idx := -1
		if i := strings.IndexByte(part, '['); i >= 0 && strings.HasSuffix(part, "]") {
			n, err := strconv.Atoi(part[i+1 : len(part)-1])
			if err != nil {
				return nil
			}
			idx, part = n, part[:i]
		}
		switch x := v.(type) {
		case iac.Unknown:
			return x
		case map[string]any:
			v = x[part]
		default:
			return nil
		}
		if idx >= 0 {
			switch x := v.(type) {
			case iac.Unknown:
				return x
			case []any:
				if idx >= len(x) {
					return nil
				}
				v = x[idx]
			default:
				return nil
			}
		}
	}
	return v
}

func (c *ctx) k8s(path string) any { return k8sAt(c.r.Attrs, path) }

// k8sFirst returns the first of paths that is set, and that path.
func (c *ctx) k8sFirst(paths ...string) (any, string) {
	for _, p := range paths {
		if v := c.k8s(p); v != nil {
			return v, p
		}
	}
	return nil, ""
}

// anchor returns the first of paths the manifest writes, for the span of
// a defaulted value: the block it would be written in.
func (c *ctx) anchor(paths ...string) string {
	for _, p := range paths {
		if _, ok := c.r.AttrRanges[p]; ok {
			return p
		}
	}
	return ""
}

// k8sSet sets field from the first of paths that is set, else def with
// the span of the first anchor written.
func (c *ctx) k8sSet(o *asset.Object, field string, def any, paths []string, anchors ...string) {
	if v, p := c.k8sFirst(paths...); v != nil {
		c.set(o, field, p, v)
		return
	}
	if def != nil {
		c.set(o, field, c.anchor(anchors...), def)
	}
}

// k8sEnvelope makes the asset of a Kubernetes object with its kind,
// namespace and labels.
func (c *ctx) k8sEnvelope(typ string, clusterScoped bool) *prim {
	p := c.newAsset(typ, c.r.Name, true)
	o := p.a.Root
	c.set(o, "kind", "kind", c.k8s("kind"))
	switch ns := c.k8s("metadata.namespace"); {
	case clusterScoped:
		o.SetString("namespace", "")
	case ns == nil || ns == "":
		o.SetUnknown("namespace", "metadata.namespace is not set: the namespace is chosen when the manifest is applied (kubectl -n, the kubeconfig context, a kustomization), \"default\" when nothing chooses one")
	default:
		c.set(o, "namespace", "metadata.namespace", ns)
	}
	if labels, ok := c.k8s("metadata.labels").(map[string]any); ok {
		tags := map[string]string{}
		for k, v := range labels {
			if s, ok := scalar(v); ok {
				tags[k] = s
			}
		}
		if len(tags) > 0 {
			p.a.SetTags(tags)
		}
	}
	return p
}

// k8sNamespace is the namespace part of the resource's address: the
// object's namespace, "default" when the manifest omits it.
func (c *ctx) k8sNamespace() string {
	if ns, ok := c.k8s("metadata.namespace").(string); ok && ns != "" {
		return ns
	}
	return "default"
}

func k8sWorkload(c *ctx) *prim {
	p := c.k8sEnvelope("kubernetes.workload", false)
	o := p.a.Root
	kind, _ := c.k8s("kind").(string)
	c.set(o, "api_version", "apiVersion", c.k8s("apiVersion"))
	spec := k8sPodSpecs[kind]
	sv := c.k8s(spec)
	if u, ok := sv.(iac.Unknown); ok {
		for _, f := range o.Schema().Fields[7:] { // after the envelope
			switch f.Name {
			case "kind", "api_version", "namespace":
			default:
				o.SetUnknown(f.Name, u.Reason)
			}
		}
		return p
	}
	if _, ok := sv.(map[string]any); !ok {
		c.warn(spec, "no pod spec: the "+kind+" runs no pod")
	}
	sc := spec + ".securityContext"
	c.k8sSet(o, "os", "", []string{spec + ".os.name"})
	c.k8sSet(o, "host_network", false, []string{spec + ".hostNetwork"}, spec)
	c.k8sSet(o, "host_pid", false, []string{spec + ".hostPID"}, spec)
	c.k8sSet(o, "host_ipc", false, []string{spec + ".hostIPC"}, spec)
	c.k8sSet(o, "service_account_name", "default", []string{spec + ".serviceAccountName", spec + ".serviceAccount"}, spec)
	if !c.attr(o, "automount_service_account_token", spec+".automountServiceAccountToken") {
		o.SetBool("automount_service_account_token", true)
		o.SetSpan("automount_service_account_token", c.span(c.anchor(spec)))
		// A ServiceAccount of the scan may turn it off (k8sServiceAccount).
		sa, _ := o.Get("service_account_name")
		if s, ok := asset.Native(sa).(string); ok {
			p.extra = map[string]any{"service_account": c.k8sNamespace() + "/" + s}
		}
	}
	c.k8sSet(o, "run_as_non_root", false, []string{sc + ".runAsNonRoot"}, sc, spec)
	c.k8sSet(o, "run_as_user", nil, []string{sc + ".runAsUser"})
	c.k8sSet(o, "seccomp_profile_type", "", []string{sc + ".seccompProfile.type"})
	c.k8sHostPaths(o, spec)
	c.k8sContainers(o, spec)
	return p
}

func (c *ctx) span(path string) asset.Span {
	rg, ok := c.r.AttrRanges[path]
	if !ok {
		return asset.Span{}
	}
	return asset.Span{File: rg.File, StartLine: rg.StartLine, EndLine: rg.EndLine}
}

func (c *ctx) k8sHostPaths(o *asset.Object, spec string) {
	vols := spec + ".volumes"
	switch v := c.k8s(vols).(type) {
	case iac.Unknown:
		c.set(o, "host_path_volumes", vols, v)
		return
	case []any:
		var out []*asset.Object
		for i, e := range v {
			at := fmt.Sprintf("%s[%d]", vols, i)
			if u, ok := e.(iac.Unknown); ok {
				o.SetUnknown("host_path_volumes", u.Reason)
				return
			}
			hp := c.k8s(at + ".hostPath")
			if hp == nil {
				continue
			}
			if u, ok := hp.(iac.Unknown); ok {
				o.SetUnknown("host_path_volumes", u.Reason)
				return
			}
			h := o.Nested("host_path_volumes")
			if len(out) == 0 {
				o.SetSpan("host_path_volumes", c.span(at+".hostPath"))
			}
			c.set(h, "name", at+".name", c.k8s(at+".name"))
			c.set(h, "path", at+".hostPath.path", c.k8s(at+".hostPath.path"))
			c.k8sSet(h, "type", "", []string{at + ".hostPath.type"})
			out = append(out, h)
		}
		o.SetObjects("host_path_volumes", out)
		return
	}
	o.SetObjects("host_path_volumes", nil)
}

func (c *ctx) k8sContainers(o *asset.Object, spec string) {
	var out []*asset.Object
	for _, l := range []struct{ key, typ string }{{"containers", "container"}, {"initContainers", "init"}, {"ephemeralContainers", "ephemeral"}} {
		list := spec + "." + l.key
		switch v := c.k8s(list).(type) {
		case iac.Unknown:
			o.SetUnknown("containers", v.Reason)
			return
		case []any:
			for i, e := range v {
				if u, ok := e.(iac.Unknown); ok {
					o.SetUnknown("containers", u.Reason)
					return
				}
				out = append(out, c.k8sContainer(o, spec, fmt.Sprintf("%s[%d]", list, i), l.typ))
			}
		}
	}
	o.SetObjects("containers", out)
}

func (c *ctx) k8sContainer(o *asset.Object, spec, at, typ string) *asset.Object {
	k := o.Nested("containers")
	sc, psc := at+".securityContext", spec+".securityContext"
	c.set(k, "name", at+".name", c.k8s(at+".name"))
	k.SetString("container_type", typ)
	k.SetSpan("container_type", c.span(at))
	img := c.k8s(at + ".image")
	c.set(k, "image", at+".image", img)
	switch x := img.(type) {
	case iac.Unknown:
		c.set(k, "image_tag", at+".image", x)
		c.set(k, "image_digest", at+".image", x)
	case string:
		tag, digest := imageRef(x)
		c.set(k, "image_tag", at+".image", tag)
		c.set(k, "image_digest", at+".image", digest)
	default:
		k.SetString("image_tag", "").SetString("image_digest", "")
	}
	c.k8sSet(k, "privileged", false, []string{sc + ".privileged"}, sc, at)
	c.k8sSet(k, "read_only_root_filesystem", false, []string{sc + ".readOnlyRootFilesystem"}, sc, at)
	c.k8sSet(k, "run_as_non_root", false, []string{sc + ".runAsNonRoot", psc + ".runAsNonRoot"}, sc, at)
	c.k8sSet(k, "run_as_user", nil, []string{sc + ".runAsUser", psc + ".runAsUser"})
	c.k8sSet(k, "seccomp_profile_type", "", []string{sc + ".seccompProfile.type", psc + ".seccompProfile.type"}, sc, at)
	add := c.k8sCaps(k, "capabilities_add", sc+".capabilities.add", c.anchor(sc+".capabilities", sc, at))
	c.k8sCaps(k, "capabilities_drop", sc+".capabilities.drop", c.anchor(sc+".capabilities", sc, at))
	c.k8sEscalation(k, at, add)
	for _, r := range []struct{ field, path string }{
		{"cpu_limit", "limits.cpu"}, {"memory_limit", "limits.memory"},
		{"cpu_request", "requests.cpu"}, {"memory_request", "requests.memory"},
	} {
		c.k8sSet(k, r.field, "", []string{at + ".resources." + r.path}, at+".resources", at)
	}
	c.k8sHostPorts(k, at)
	return k
}

// k8sCaps sets a capability list, normalized as container runtimes read
// it; it returns the list when it is known. An omitted list is empty, at
// the span of anchor.
func (c *ctx) k8sCaps(k *asset.Object, field, path, anchor string) []string {
	v := c.k8s(path)
	if v == nil {
		k.SetStrings(field, nil)
		k.SetSpan(field, c.span(anchor))
		return nil
	}
	if !c.set(k, field, path, v) {
		return nil
	}
	l, u, ok := toStrings(v)
	if u != nil || !ok {
		return nil
	}
	for i, s := range l {
		l[i] = strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s)), "CAP_")
	}
	k.SetStrings(field, l)
	return l
}

// k8sEscalation sets allow_privilege_escalation: true when the container
// is privileged or adds SYS_ADMIN (the kubelet ignores the flag then),
// else the flag, else true (Kubernetes' default).
func (c *ctx) k8sEscalation(k *asset.Object, at string, add []string) {
	sc := at + ".securityContext"
	flag, priv := c.k8s(sc+".allowPrivilegeEscalation"), c.k8s(sc+".privileged")
	isTrue := func(v any) bool { b, ok := toBool(v); return ok && b }
	_, privUnknown := priv.(iac.Unknown)
	_, capsUnknown := k.UnknownReason("capabilities_add")
	switch {
	case isTrue(flag):
		c.set(k, "allow_privilege_escalation", sc+".allowPrivilegeEscalation", flag)
	case isTrue(priv):
		c.set(k, "allow_privilege_escalation", sc+".privileged", true)
	case containsStr(add, "SYS_ADMIN") || containsStr(add, "ALL"):
		c.set(k, "allow_privilege_escalation", sc+".capabilities.add", true)
	case flag == nil:
		c.set(k, "allow_privilege_escalation", c.anchor(sc, at), true)
	case privUnknown:
		c.set(k, "allow_privilege_escalation", sc+".privileged", priv)
	case capsUnknown:
		reason, _ := k.UnknownReason("capabilities_add")
		k.SetUnknown("allow_privilege_escalation", reason)
		k.SetSpan("allow_privilege_escalation", c.span(sc+".capabilities.add"))
	default:
		c.set(k, "allow_privilege_escalation", sc+".allowPrivilegeEscalation", flag)
	}
}

func containsStr(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func (c *ctx) k8sHostPorts(k *asset.Object, at string) {
	ports := at + ".ports"
	var out []ref.Val
	switch v := c.k8s(ports).(type) {
	case iac.Unknown:
		c.set(k, "host_ports", ports, v)
		return
	case []any:
		for i := range v {
			p := fmt.Sprintf("%s[%d].hostPort", ports, i)
			hp := c.k8s(p)
			if u, ok := hp.(iac.Unknown); ok {
				c.set(k, "host_ports", p, u)
				return
			}
			if n, ok := toInt(hp); ok && n != 0 {
				out = append(out, types.Int(n))
				k.SetSpan("host_ports", c.span(p))
			}
		}
	}
	k.Set("host_ports", types.NewRefValList(types.DefaultTypeAdapter, out))
}

// imageRef returns the tag and digest of an image reference
// (registry:5000/team/app:1.2@sha256:…); "" for those it does not have.
func imageRef(ref string) (tag, digest string) {
	name := ref
	if i := strings.IndexByte(ref, '@'); i >= 0 {
		name, digest = ref[:i], ref[i+1:]
	}
	last := name[strings.LastIndexByte(name, '/')+1:]
	if i := strings.LastIndexByte(last, ':'); i >= 0 {
		tag = last[i+1:]
	}
	return tag, digest
}

// k8sServiceAccount gives the workloads of the scan that run as this
// service account, and do not say whether a token is mounted, the
// account's automountServiceAccountToken.
func k8sServiceAccount(c *ctx) {
	v := c.k8s("automountServiceAccountToken")
	if v == nil {
		return
	}
	name, _ := c.k8s("metadata.name").(string)
	id := c.k8sNamespace() + "/" + name
	for _, p := range c.b.order {
		if p.a.Type == "kubernetes.workload" && p.extra["service_account"] == id {
			c.set(p.a.Root, "automount_service_account_token", "automountServiceAccountToken", v)
		}
	}
}

func k8sRole(c *ctx) *prim {
	kind, _ := c.k8s("kind").(string)
	p := c.k8sEnvelope("kubernetes.role", kind == "ClusterRole")
	o := p.a.Root
	if ag := c.k8s("aggregationRule"); ag != nil {
		c.set(o, "aggregated", "aggregationRule", true)
		o.SetUnknown("rules", "the ClusterRole is aggregated: the controller manager sets its rules from the ClusterRoles its aggregationRule selects")
		o.SetSpan("rules", c.span("aggregationRule"))
		return p
	}
	o.SetBool("aggregated", false)
	rules := c.k8s("rules")
	switch v := rules.(type) {
	case iac.Unknown:
		c.set(o, "rules", "rules", v)
		return p
	case []any:
		var out []*asset.Object
		for i, e := range v {
			at := fmt.Sprintf("rules[%d]", i)
			if u, ok := e.(iac.Unknown); ok {
				c.set(o, "rules", at, u)
				return p
			}
			r := o.Nested("rules")
			for _, f := range []struct{ field, key string }{
				{"api_groups", "apiGroups"}, {"resources", "resources"}, {"verbs", "verbs"},
				{"resource_names", "resourceNames"}, {"non_resource_urls", "nonResourceURLs"},
			} {
				if !c.set(r, f.field, at+"."+f.key, c.k8s(at+"."+f.key)) {
					r.SetStrings(f.field, nil)
				}
			}
			out = append(out, r)
		}
		o.SetObjects("rules", out)
		return p
	}
	o.SetObjects("rules", nil)
	return p
}

func k8sRoleBinding(c *ctx) *prim {
	kind, _ := c.k8s("kind").(string)
	p := c.k8sEnvelope("kubernetes.role_binding", kind == "ClusterRoleBinding")
	o := p.a.Root
	c.attr(o, "role_ref_kind", "roleRef.kind")
	c.attr(o, "role_ref_name", "roleRef.name")
	switch v := c.k8s("subjects").(type) {
	case iac.Unknown:
		c.set(o, "subjects", "subjects", v)
	case []any:
		var out []*asset.Object
		for i, e := range v {
			at := fmt.Sprintf("subjects[%d]", i)
			if u, ok := e.(iac.Unknown); ok {
				c.set(o, "subjects", at, u)
				return p
			}
			s := o.Nested("subjects")
			c.set(s, "kind", at+".kind", c.k8s(at+".kind"))
			c.set(s, "name", at+".name", c.k8s(at+".name"))
			switch ns := c.k8s(at + ".namespace"); {
			case ns != nil:
				c.set(s, "namespace", at+".namespace", ns)
			case kind == "RoleBinding" && c.k8s(at+".kind") == "ServiceAccount":
				// The authorizer takes the binding's namespace.
				if r, unk := o.UnknownReason("namespace"); unk {
					s.SetUnknown("namespace", r)
				} else if n, ok := o.Get("namespace"); ok {
					s.Set("namespace", n)
				}
			}
			out = append(out, s)
		}
		o.SetObjects("subjects", out)
	default:
		o.SetObjects("subjects", nil)
	}
	return p
}
