package aws

import . "cloudward/asset"

// LambdaFunction is a Lambda function with its resource policy and URLs.
var LambdaFunction = Define("aws.lambda.function",
	"A Lambda function (unqualified, $LATEST configuration) with its resource-based policy and function URLs. Environment variables are never read.",
	String("arn", "Function ARN."),
	String("runtime", "Runtime (python3.12, nodejs20.x, …); empty for container images."),
	String("package_type", "Zip or Image."),
	String("role", "Execution role ARN."),
	String("handler", "Handler."),
	Timestamp("last_modified", "When the function's code or configuration was last changed."),
	Nested("vpc_config", "VPC attachment. Absent when the function is not connected to a VPC.",
		Block("The function's VPC configuration.",
			String("vpc_id", "VPC id."),
			StringList("subnet_ids", "Subnets of the function's network interfaces."),
			StringList("security_group_ids", "Security groups of the function's network interfaces."),
		)),
	Dyn("policy", "Resource-based policy (parsed JSON). Absent when the function has none."),
	Bool("policy_is_public", `The resource-based policy has an Allow statement for Principal "*" (or {"AWS": "*"}) without a condition restricting the caller (aws:SourceAccount, aws:SourceArn, aws:SourceOwner, aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceVpc, aws:SourceVpce, lambda:EventSourceToken); false when there is no policy.`),
	NestedList("function_urls", "Function URLs of the function and its aliases; empty when none.",
		Block("One function URL.",
			String("function_url", "The HTTPS endpoint."),
			String("function_arn", "Function or alias ARN the URL invokes."),
			String("auth_type", "NONE (public, no IAM authentication) or AWS_IAM."),
		)),
)

// AccessAnalyzerAnalyzer is an IAM Access Analyzer analyzer.
var AccessAnalyzerAnalyzer = Define("aws.accessanalyzer.analyzer",
	"An IAM Access Analyzer analyzer.",
	String("arn", "Analyzer ARN."),
	String("analyzer_type", "ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS, ORGANIZATION_UNUSED_ACCESS, …"),
	String("status", "ACTIVE, CREATING, DISABLED or FAILED."),
	Timestamp("created_at", "When the analyzer was created."),
	Timestamp("last_resource_analyzed_at", "When a resource was last analyzed."),
)

// AccessAnalyzerRegionStatus tells whether a region of an account has an active analyzer.
var AccessAnalyzerRegionStatus = Define("aws.accessanalyzer.region_status",
	"IAM Access Analyzer in one region of an account: the analyzers there and whether one is active (CIS: enabled in every active region).",
	Int("analyzer_count", "Number of analyzers in the region."),
	Bool("external_access_analyzer_active", "An ACCOUNT or ORGANIZATION (external access) analyzer is ACTIVE in the region."),
	StringList("active_analyzer_arns", "ARNs of the ACTIVE analyzers of any type."),
)

func identityTypes() []*TypeSchema {
	return []*TypeSchema{
		IAMRole, IAMGroup, IAMPolicy, IAMSAMLProvider, IAMOIDCProvider, IAMServerCertificate, IAMAccountSummary,
		LambdaFunction,
		AccessAnalyzerAnalyzer, AccessAnalyzerRegionStatus,
	}
}
