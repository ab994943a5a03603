package kubernetes

import . "cloudward/asset"

// Workload is an object that runs pods: a Pod itself, or a controller
// with a pod template. Values are the effective ones: a container's
// security context overrides the pod's where Kubernetes does, and omitted
// fields hold Kubernetes' default when it does not depend on the cluster.
var Workload = Define("kubernetes.workload",
	"An object that runs pods (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, PodTemplate), "+
		"with the effective settings of its pod template. The id is <kind>/<namespace>/<name>; labels are the tags.",
	String("kind", "Kubernetes kind: Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob or PodTemplate."),
	String("api_version", "apiVersion of the object (v1, apps/v1, batch/v1, …)."),
	String("namespace", "metadata.namespace. Unknown when the manifest omits it: the namespace is then chosen when the manifest is applied (kubectl -n, the kubeconfig context, a kustomization), \"default\" when nothing chooses one."),
	String("os", "spec.os.name of the pod template (linux or windows); \"\" when not set."),
	Bool("host_network", "The pod uses the node's network namespace (hostNetwork; default false)."),
	Bool("host_pid", "The pod shares the node's process namespace (hostPID; default false)."),
	Bool("host_ipc", "The pod shares the node's IPC namespace (hostIPC; default false)."),
	String("service_account_name", "Service account the pods run as (serviceAccountName, or the deprecated serviceAccount; default \"default\")."),
	Bool("automount_service_account_token", "A service account token is mounted into the pods: the pod's automountServiceAccountToken, else that of its ServiceAccount when the scan declares it, else true (the Kubernetes default)."),
	Bool("run_as_non_root", "Pod-level securityContext.runAsNonRoot (default false: the kubelet does not check the user)."),
	Int("run_as_user", "Pod-level securityContext.runAsUser; absent when not set (the image's user applies)."),
	String("seccomp_profile_type", "Pod-level securityContext.seccompProfile.type (RuntimeDefault, Localhost or Unconfined); \"\" when not set, which means Unconfined unless the kubelet enables seccompDefault."),
	NestedList("host_path_volumes", "Volumes that mount a path of the node (hostPath).", Block("One hostPath volume.",
		String("name", "Volume name."),
		String("path", "Path on the node."),
		String("type", "hostPath type (DirectoryOrCreate, Directory, File, Socket, …); \"\" when not set."),
	)),
	NestedList("containers", "Every container of the pod template: containers, initContainers and ephemeralContainers, in that order.", container()),
)

func container() *ObjectSchema {
	return Block("One container with its effective security settings.",
		String("name", "Container name."),
		String("container_type", "container, init or ephemeral (from containers, initContainers, ephemeralContainers)."),
		String("image", "Image reference as written."),
		String("image_tag", "Tag of the image reference; \"\" when it has none (the runtime then pulls latest)."),
		String("image_digest", "Digest of the image reference (sha256:…); \"\" when it is not pinned by digest."),
		Bool("privileged", "securityContext.privileged (default false)."),
		Bool("allow_privilege_escalation", "A process may gain more privileges than its parent (no_new_privs is not set): "+
			"securityContext.allowPrivilegeEscalation, true when not set (the Kubernetes default), and always true for a privileged container or one that adds SYS_ADMIN."),
		Bool("run_as_non_root", "The kubelet refuses to start the container as UID 0: securityContext.runAsNonRoot of the container, else of the pod, else false."),
		Int("run_as_user", "UID the container runs as: securityContext.runAsUser of the container, else of the pod; absent when neither sets it (the image's user applies)."),
		Bool("read_only_root_filesystem", "securityContext.readOnlyRootFilesystem (default false)."),
		StringList("capabilities_add", "Linux capabilities added (securityContext.capabilities.add), upper-case without the CAP_ prefix."),
		StringList("capabilities_drop", "Linux capabilities dropped (securityContext.capabilities.drop), upper-case without the CAP_ prefix; ALL drops every capability."),
		String("seccomp_profile_type", "Effective seccomp profile type: securityContext.seccompProfile.type of the container, else of the pod; \"\" when neither sets it (Unconfined unless the kubelet enables seccompDefault)."),
		String("cpu_limit", "resources.limits.cpu as written (500m, 2); \"\" when not set."),
		String("memory_limit", "resources.limits.memory as written (256Mi); \"\" when not set."),
		String("cpu_request", "resources.requests.cpu as written; \"\" when not set."),
		String("memory_request", "resources.requests.memory as written; \"\" when not set."),
		IntList("host_ports", "Node ports the container binds (ports[].hostPort)."),
	)
}

func init() { types = append(types, Workload) }
