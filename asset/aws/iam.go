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
			String("access_key_id", "Key id (AKIA…); never the secret."),
			String("status", "Active or Inactive."),
			Timestamp("create_date", "When the key was created."),
			Timestamp("last_used_date", "When the key was last used; absent if never."),
			String("last_used_service", "Service of the last use."),
		)),
	StringList("attached_policy_arns", "Managed policies attached directly to the user."),
	StringList("inline_policy_names", "Inline policies embedded in the user."),
	StringList("groups", "Groups the user belongs to."),
)
