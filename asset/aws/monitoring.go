package aws

import . "cloudward/asset"

// Monitoring and detection services: AWS Config, CloudWatch Logs,
// CloudWatch alarms, SNS, Security Hub and GuardDuty (CIS AWS sections 3–4).

func monitoringTypes() []*TypeSchema {
	return []*TypeSchema{
		ConfigRecorder, ConfigDeliveryChannel, ConfigRegionStatus,
		LogsLogGroup, LogsMetricFilter,
		CloudWatchAlarm,
		SNSTopic, SNSSubscription,
		SecurityHubHub,
		GuardDutyDetector,
	}
}

// ConfigRecorder is an AWS Config configuration recorder with its status.
var ConfigRecorder = Define("aws.config.recorder",
	"An AWS Config configuration recorder and its recording status.",
	String("recorder_name", "Recorder name (\"default\" for one made by the console)."),
	String("role_arn", "IAM role the recorder uses to read resource configurations."),
	Bool("all_supported", "The recorder records every supported resource type."),
	Bool("include_global_resource_types", "The recorder also records global resources (IAM users, groups, roles, policies)."),
	String("service_principal", "For a service-linked recorder, the service that owns it; empty for a customer managed recorder."),
	Bool("recording", "The recorder is currently recording (DescribeConfigurationRecorderStatus)."),
	String("last_status", "Status of the last recording attempt: PENDING, SUCCESS or FAILURE (upper-cased as the API returns it in practice, whatever its documentation spells); empty before the first one."),
	String("last_error_code", "Error code of the last failed recording attempt, if any."),
	Timestamp("last_status_change_time", "When the recording status last changed."),
)

// ConfigDeliveryChannel is an AWS Config delivery channel.
var ConfigDeliveryChannel = Define("aws.config.delivery_channel",
	"An AWS Config delivery channel: where configuration snapshots and history are delivered.",
	String("channel_name", "Delivery channel name."),
	String("s3_bucket_name", "Bucket receiving configuration snapshots and history files."),
	String("s3_key_prefix", "Key prefix in the bucket."),
	String("s3_kms_key_arn", "KMS key encrypting the delivered objects; empty for SSE-S3."),
	String("sns_topic_arn", "SNS topic notified of configuration changes, if any."),
	String("delivery_frequency", "How often configuration snapshots are delivered (One_Hour … TwentyFour_Hours); empty when not set."),
)

// ConfigRegionStatus sums up AWS Config in one region of an account.
var ConfigRegionStatus = Define("aws.config.region_status",
	"AWS Config in one region of an account: one asset per collected region, so a rule can require a recording recorder in every region.",
	Int("recorders_count", "Number of configuration recorders in the region; 0 when AWS Config was never set up there."),
	Bool("any_recording", "At least one recorder of the region is recording."),
	Int("delivery_channels_count", "Number of delivery channels in the region."),
	Related("recorders", "The region's configuration recorders (aws.config.recorder).",
		Relation{Target: "aws.config.recorder", Scope: ScopeRegion}),
	Related("delivery_channels", "The region's delivery channels (aws.config.delivery_channel).",
		Relation{Target: "aws.config.delivery_channel", Scope: ScopeRegion}),
)

// LogsLogGroup is a CloudWatch Logs log group.
var LogsLogGroup = Define("aws.logs.log_group",
	"A CloudWatch Logs log group.",
	String("log_group_name", "Log group name."),
	String("arn", "Log group ARN as CloudTrail and IAM policies write it, ending in \":*\" (the asset id is the ARN without it)."),
	Int("retention_in_days", "Days events are kept; 0 when they never expire."),
	String("kms_key_id", "KMS key ARN encrypting the log data; empty when encrypted with CloudWatch Logs' own keys."),
	String("log_group_class", "STANDARD, INFREQUENT_ACCESS or DELIVERY."),
	Bool("deletion_protection_enabled", "The log group cannot be deleted."),
	Timestamp("creation_time", "When the log group was created."),
	Related("metric_filters", "Metric filters of this log group (aws.logs.metric_filter assets whose log_group_name is this group's).",
		Relation{Target: "aws.logs.metric_filter", Scope: ScopeRegion, TargetField: "log_group_name", SelfField: "log_group_name"}),
)

// LogsMetricFilter is a CloudWatch Logs metric filter.
var LogsMetricFilter = Define("aws.logs.metric_filter",
	"A CloudWatch Logs metric filter: a pattern over a log group's events that publishes a CloudWatch metric.",
	String("filter_name", "Filter name (unique within its log group)."),
	String("log_group_name", "Log group the filter reads."),
	String("filter_pattern", "Filter pattern, as written (e.g. { ($.errorCode = \"*UnauthorizedOperation\") || … })."),
	NestedList("metric_transformations", "Metrics the filter publishes (the API allows one).",
		Block("One metric transformation.",
			String("metric_namespace", "Namespace of the published metric."),
			String("metric_name", "Name of the published metric."),
			String("metric_value", "Value published for each matching event (\"1\", or a $.field selector)."),
		)),
	String("metric", "The first published metric as \"<namespace>/<name>\" — the key alarms are related by."),
	Related("alarms", "CloudWatch alarms on the filter's metric (aws.cloudwatch.alarm assets whose metric equals this filter's).",
		Relation{Target: "aws.cloudwatch.alarm", Scope: ScopeRegion, TargetField: "metric", SelfField: "metric"}),
)

// CloudWatchAlarm is a CloudWatch metric alarm.
var CloudWatchAlarm = Define("aws.cloudwatch.alarm",
	"A CloudWatch metric alarm.",
	String("alarm_name", "Alarm name."),
	String("metric_name", "Metric the alarm watches; empty for an alarm on a metric math expression."),
	String("namespace", "Namespace of the metric."),
	String("metric", "\"<namespace>/<metric_name>\", the key metric filters are related by; empty for a metric math alarm."),
	Bool("actions_enabled", "Actions run when the alarm changes state."),
	StringList("alarm_actions", "ARNs of the actions run on entering ALARM (SNS topics, Auto Scaling policies, …)."),
	StringList("ok_actions", "ARNs of the actions run on entering OK."),
	StringList("insufficient_data_actions", "ARNs of the actions run on entering INSUFFICIENT_DATA."),
	String("state", "OK, ALARM or INSUFFICIENT_DATA."),
	String("statistic", "Statistic of the metric compared (Sum, Average, …); empty for an extended statistic."),
	String("comparison_operator", "GreaterThanOrEqualToThreshold, LessThanThreshold, …"),
	Double("threshold", "Value the statistic is compared with."),
	Int("evaluation_periods", "Number of periods compared."),
	Int("period", "Length of a period in seconds."),
)

// SNSTopic is an SNS topic.
var SNSTopic = Define("aws.sns.topic",
	"An SNS topic.",
	String("topic_name", "Topic name."),
	String("kms_master_key_id", "KMS key encrypting messages at rest; empty when server-side encryption is off."),
	Dyn("policy", "Topic access policy (parsed JSON)."),
	Int("subscriptions_confirmed", "Number of confirmed subscriptions."),
	Int("subscriptions_pending", "Number of subscriptions waiting for confirmation."),
	Bool("fifo", "The topic is a FIFO topic."),
	Related("subscriptions", "Subscriptions of the topic (aws.sns.subscription assets whose topic_arn is this topic's ARN).",
		Relation{Target: "aws.sns.subscription", Scope: ScopeRegion, TargetField: "topic_arn"}),
)

// SNSSubscription is a subscription to an SNS topic.
var SNSSubscription = Define("aws.sns.subscription",
	"A subscription to an SNS topic. Its id is the subscription ARN, or for a subscription waiting for confirmation (which has none) the topic ARN followed by \":pending:\" and a digest of the endpoint.",
	String("topic_arn", "Topic the subscription receives."),
	String("protocol", "email, email-json, sms, sqs, lambda, http, https, firehose or application."),
	String("endpoint", "Where messages go: an email address, phone number or ARN; for http and https only scheme://host, since a webhook's path and query often carry a secret token."),
	Bool("pending_confirmation", "The subscription has not been confirmed yet and receives nothing."),
	String("owner", "Account that owns the subscription."),
)

// SecurityHubHub is Security Hub in one region of an account.
var SecurityHubHub = Define("aws.securityhub.hub",
	"AWS Security Hub in one region of an account: one asset per collected region, enabled or not.",
	Bool("enabled", "The account is subscribed to Security Hub in the region."),
	String("hub_arn", "Hub ARN, when enabled."),
	Timestamp("subscribed_at", "When Security Hub was enabled."),
	Bool("auto_enable_controls", "New controls of enabled standards are enabled automatically."),
	String("control_finding_generator", "SECURITY_CONTROL (consolidated findings) or STANDARD_CONTROL."),
)

// GuardDutyDetector is GuardDuty in one region of an account.
var GuardDutyDetector = Define("aws.guardduty.detector",
	"Amazon GuardDuty in one region of an account: one asset per collected region, for the region's detector or, when there is none, with enabled false.",
	Bool("enabled", "The region has a detector and it is enabled."),
	String("detector_id", "Detector id; empty when the region has no detector."),
	String("status", "ENABLED or DISABLED; empty when the region has no detector."),
	String("finding_publishing_frequency", "FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS."),
	Timestamp("created_at", "When the detector was created."),
)
