package aws

import . "cloudward/asset"

// networkTypes lists the network and compute types beyond the core EC2 ones
// (some declared in ec2.go).
func networkTypes() []*TypeSchema {
	return []*TypeSchema{
		EC2NetworkACL, EC2RouteTable, EC2InternetGateway, EC2Snapshot, EC2Image,
		ELBv2LoadBalancer,
		EKSCluster,
	}
}

// ELBv2LoadBalancer is an Application, Network or Gateway Load Balancer.
var ELBv2LoadBalancer = Define("aws.elbv2.load_balancer",
	"An Application, Network or Gateway Load Balancer with its security attributes and listeners.",
	String("load_balancer_name", "Load balancer name."),
	String("load_balancer_type", "application, network or gateway."),
	String("scheme", "internet-facing or internal."),
	String("dns_name", "Public DNS name."),
	String("vpc_id", "VPC of the load balancer."),
	StringList("security_group_ids", "Security groups of the load balancer (none for most Network Load Balancers)."),
	StringList("subnet_ids", "Subnets the load balancer is in."),
	String("ip_address_type", "ipv4, dualstack or dualstack-without-public-ipv4."),
	String("state", "provisioning, active, active_impaired or failed."),
	Timestamp("created_time", "When the load balancer was created."),
	Bool("deletion_protection", "Deletion protection is enabled."),
	Bool("access_logs_enabled", "Access logs are delivered to S3 (Application and Network Load Balancers)."),
	String("access_logs_bucket", "Bucket receiving the access logs, when enabled."),
	Bool("drop_invalid_header_fields", "HTTP headers with invalid names are dropped (Application Load Balancers only)."),
	NestedList("listeners", "Listeners.", Block("One listener.",
		String("listener_arn", "Listener ARN."),
		String("protocol", "HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE, …"),
		Int("port", "Port the listener accepts connections on."),
		String("ssl_policy", "TLS negotiation policy of an HTTPS or TLS listener."),
		StringList("certificate_arns", "Certificates of the listener as DescribeListeners returns them (the default certificate)."),
		NestedList("default_actions", "Default actions.", Block("One default action.",
			String("type", "forward, redirect, fixed-response, authenticate-oidc or authenticate-cognito."),
			String("redirect_protocol", "Protocol a redirect action redirects to (HTTP, HTTPS or #{protocol})."),
			String("target_group_arn", "Target group of a forward action."),
		)),
	)),
)

// EKSCluster is an EKS cluster.
var EKSCluster = Define("aws.eks.cluster",
	"An EKS cluster: its Kubernetes API endpoint exposure, control plane logging and secrets encryption.",
	String("cluster_name", "Cluster name."),
	String("version", "Kubernetes version."),
	String("platform_version", "EKS platform version."),
	String("status", "CREATING, ACTIVE, DELETING, FAILED or UPDATING."),
	String("endpoint", "Kubernetes API server endpoint."),
	Bool("endpoint_public_access", "The Kubernetes API server endpoint is reachable from the internet."),
	Bool("endpoint_private_access", "The Kubernetes API server endpoint is reachable from within the VPC."),
	StringList("public_access_cidrs", "CIDR ranges allowed to reach the public endpoint (0.0.0.0/0 when unrestricted)."),
	StringList("enabled_log_types", "Control plane log types sent to CloudWatch Logs (api, audit, authenticator, controllerManager, scheduler)."),
	Bool("secrets_encryption_enabled", "Kubernetes secrets are envelope-encrypted with a KMS key."),
	String("secrets_kms_key_arn", "KMS key encrypting the secrets, when configured."),
	String("role_arn", "IAM role of the control plane."),
	String("vpc_id", "VPC of the cluster."),
	StringList("security_group_ids", "Additional security groups of the control plane interfaces."),
	String("cluster_security_group_id", "Security group EKS created for the cluster."),
	Timestamp("created_at", "When the cluster was created."),
)
