package aws

import . "cloudward/asset"

// IAMUser is an IAM user with its credentials.
var IAMUser = Define("aws.iam.user",
	"An IAM user with its console password, MFA devices, access keys and permissions.",
	String("arn", "User ARN."),
	String("user_id", "Stable unique id (AIDA…)."),
	Timestamp("create_date", "When the user was created."),
	Bool("password_enabled", "The user has a console password (from the IAM credential report, which AWS regenerates at most every 4 hours)."),
	Timestamp("password_last_used", "When the console password was last used; absent if never (from the IAM credential report)."),
	Timestamp("password_last_changed", "When the console password was last set; absent when the user has none (from the IAM credential report). With create_date, tells how long a never-used password has existed."),
	Bool("mfa_active", "At least one MFA device is assigned."),
	NestedList("access_keys", "Access keys.",
		Block("One access key.",
			String("access_key_id", "Key id (AKIA…); never the secret. Absent when the key was read from the credential report, which names no ids."),
			String("status", "Active or Inactive."),
			Timestamp("create_date", "When the key was created."),
			Timestamp("last_used_date", "When the key was last used; absent if never."),
			String("last_used_service", "Service of the last use."),
		)),
	StringList("attached_policy_arns", "Managed policies attached directly to the user."),
	StringList("inline_policy_names", "Inline policies embedded in the user."),
	StringList("groups", "Groups the user belongs to."),
)

// IAMRole is an IAM role.
var IAMRole = Define("aws.iam.role",
	"An IAM role with its trust policy and permissions.",
	String("arn", "Role ARN."),
	String("role_id", "Stable unique id (AROA…)."),
	String("path", "Role path; /aws-service-role/ for service-linked roles."),
	Timestamp("create_date", "When the role was created."),
	Dyn("trust_policy", "Trust (assume role) policy document (parsed JSON)."),
	StringList("attached_policy_arns", "Managed policies attached to the role."),
	StringList("inline_policy_names", "Inline policies embedded in the role."),
	String("permissions_boundary_arn", "Managed policy set as the role's permissions boundary, if any."),
	Timestamp("last_used_date", "When the role was last assumed; absent if not in the tracking period (400 days)."),
	String("last_used_region", "Region of the last use."),
	Int("max_session_duration", "Longest session, in seconds, the role's credentials may last."),
)

// IAMGroup is an IAM group.
var IAMGroup = Define("aws.iam.group",
	"An IAM group with its permissions and members.",
	String("arn", "Group ARN."),
	String("group_id", "Stable unique id (AGPA…)."),
	String("path", "Group path."),
	Timestamp("create_date", "When the group was created."),
	StringList("attached_policy_arns", "Managed policies attached to the group."),
	StringList("inline_policy_names", "Inline policies embedded in the group."),
	StringList("members", "Names of the users in the group (from the users' group lists)."),
	Int("member_count", "Number of users in the group."),
)

// IAMPolicy is a customer-managed IAM policy.
var IAMPolicy = Define("aws.iam.policy",
	"A customer-managed IAM policy (AWS managed policies are not collected) with its default version.",
	String("arn", "Policy ARN."),
	String("policy_id", "Stable unique id (ANPA…)."),
	String("path", "Policy path."),
	Timestamp("create_date", "When the policy was created."),
	Timestamp("update_date", "When the policy was last updated (a version created or the default changed)."),
	String("default_version_id", "Id of the default version (v1, v2, …)."),
	Dyn("document", "The default version's policy document (parsed JSON)."),
	Int("attachment_count", "Number of users, groups and roles the policy is attached to."),
	Int("permissions_boundary_usage_count", "Number of users and roles using the policy as permissions boundary."),
	Bool("is_attachable", "The policy can be attached to users, groups and roles."),
	Bool("allows_full_admin", `The default version has a statement with "Effect": "Allow", "Action": "*" (alone or in a list) and "Resource": "*" (alone or in a list): full administrative privileges.`),
)

// IAMSAMLProvider is an IAM SAML identity provider.
var IAMSAMLProvider = Define("aws.iam.saml_provider",
	"An IAM SAML 2.0 identity provider (federation).",
	String("arn", "Provider ARN."),
	Timestamp("create_date", "When the provider was created."),
	Timestamp("valid_until", "When the provider's metadata document expires."),
)

// IAMOIDCProvider is an IAM OpenID Connect identity provider.
var IAMOIDCProvider = Define("aws.iam.oidc_provider",
	"An IAM OpenID Connect identity provider (federation).",
	String("arn", "Provider ARN."),
	String("url", "Issuer host and path, as in the ARN (token.actions.githubusercontent.com, …)."),
)

// IAMServerCertificate is a server certificate stored in IAM.
var IAMServerCertificate = Define("aws.iam.server_certificate",
	"An SSL/TLS server certificate stored in IAM (metadata only; never the private key).",
	String("arn", "Certificate ARN."),
	String("server_certificate_id", "Stable unique id (ASCA…)."),
	String("path", "Certificate path."),
	Timestamp("upload_date", "When the certificate was uploaded."),
	Timestamp("expiration", "When the certificate expires."),
)

// IAMAccountSummary holds IAM facts about the whole account.
var IAMAccountSummary = Define("aws.iam.account_summary",
	"IAM facts about the whole account: where the AWSSupportAccess managed policy (CIS \"support role\") is attached. The aws.account asset reaches it through iam_summary.",
	Bool("support_policy_attached", "arn:aws:iam::aws:policy/AWSSupportAccess is attached to at least one user, group or role."),
	StringList("support_policy_roles", "Roles AWSSupportAccess is attached to, by name."),
	StringList("support_policy_users", "Users AWSSupportAccess is attached to, by name."),
	StringList("support_policy_groups", "Groups AWSSupportAccess is attached to, by name."),
)
