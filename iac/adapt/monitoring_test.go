package adapt

import (
	"testing"

	"cloudward/iac/cloudformation"
)

// TestTerraformMonitoring covers the detection, snapshot and route table
// adapters: defaults, references to resources of the code, and unknowns.
func TestTerraformMonitoring(t *testing.T) {
	as, diags := loadTF(t, "monitoring")
	for _, d := range diags {
		t.Errorf("diagnostic: %v", d)
	}
	group := "arn:aws:logs:unknown:unknown:log-group:trail:*"
	check(t, as, "aws_acm_certificate.www", "aws.acm.certificate", want{"certificate_type", "AMAZON_ISSUED"},
		want{"subject_alternative_names", strs("api.example.com", "www.example.com")}, want{"key_algorithm", "RSA_2048"},
		want{"certificate_transparency_logging_preference", "ENABLED"}, want{"status", nil})
	check(t, as, "aws_cloudwatch_log_group.trail", "aws.logs.log_group", want{"arn", group})
	check(t, as, "aws_cloudtrail.main", "aws.cloudtrail.trail", want{"cloudwatch_logs_log_group_arn", group})
	check(t, as, "aws_cloudwatch_log_metric_filter.root", "aws.logs.metric_filter", want{"log_group_name", "trail"},
		want{"metric", "CIS/RootUsage"}, want{"metric_transformations[0].metric_value", "1"})
	check(t, as, "aws_cloudwatch_metric_alarm.root", "aws.cloudwatch.alarm", want{"metric", "CIS/RootUsage"},
		want{"actions_enabled", true}, want{"alarm_actions", strs("aws_sns_topic.alerts", "arn:aws:sns:us-east-1:111122223333:other")},
		want{"ok_actions", strs()})
	check(t, as, "aws_sns_topic_subscription.queue", "aws.sns.subscription", want{"topic_arn", "aws_sns_topic.alerts"},
		want{"pending_confirmation", false}, want{"endpoint", "aws_sqs_queue.alerts"})
	check(t, as, "aws_sns_topic_subscription.mail", "aws.sns.subscription",
		want{"pending_confirmation", unk("a email subscription is confirmed by its recipient after apply")})
	check(t, as, "aws_sns_topic.alerts", "aws.sns.topic", want{"subscriptions_confirmed", int64(1)})
	check(t, as, "aws_sns_topic.mail", "aws.sns.topic", want{"subscriptions_confirmed",
		unk("no subscription of this code is confirmed at creation: others (e-mail) are confirmed outside it, if at all")})
	check(t, as, "aws_config_configuration_recorder.this", "aws.config.recorder", want{"recorder_name", "default"},
		want{"role_arn", "arn:aws:iam::unknown:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"},
		want{"all_supported", true}, want{"include_global_resource_types", false}, want{"recording", false})
	check(t, as, "aws_guardduty_detector.this", "aws.guardduty.detector", want{"enabled", true}, want{"status", "ENABLED"},
		want{"finding_publishing_frequency", "SIX_HOURS"})
	check(t, as, "aws_ebs_snapshot.data", "aws.ec2.snapshot", want{"encrypted", true})
	check(t, as, "aws_ami.base", "aws.ec2.image", want{"public", true}, want{"state", nil})
	check(t, as, "aws_db_snapshot.elsewhere", "aws.rds.snapshot", want{"public", true},
		want{"shared_with_accounts", strs("444455556666")},
		want{"encrypted", unk("the snapshot is encrypted if its source is, which is not in this code")})
	check(t, as, "aws_route_table.public", "aws.ec2.route_table", want{"is_main", true}, want{"vpc_id", "aws_vpc.main"},
		want{"routes[0].target_kind", "internet_gateway"}, want{"routes[0].target_id", "aws_internet_gateway.gw"},
		want{"routes[0].destination_type", "ipv4"}, want{"routes[1].target_kind", "egress_only_internet_gateway"},
		want{"routes[1].destination", "::/0"}, want{"routes[1].origin", "CreateRoute"}, want{"routes[0].state", nil})
}

func TestCloudFormationMonitoring(t *testing.T) {
	as, diags := loadCFN(t, "monitoring.yaml", cloudformation.Options{})
	for _, d := range diags {
		t.Errorf("diagnostic: %v", d)
	}
	check(t, as, "Cert", "aws.acm.certificate", want{"certificate_type", "PRIVATE"}, want{"domain_name", "*.example.com"},
		want{"subject_alternative_names", strs("*.example.com")})
	check(t, as, "Hook", "aws.sns.subscription", want{"topic_arn", "Alerts"}, want{"endpoint", "https://hooks.example.com"})
	check(t, as, "Alerts", "aws.sns.topic", want{"subscriptions_confirmed", int64(1)})
	check(t, as, "Alarm", "aws.cloudwatch.alarm", want{"actions_enabled", false}, want{"alarm_actions", strs("Alerts")},
		want{"metric", "AWS/EC2/CPUUtilization"})
	check(t, as, "Hub", "aws.securityhub.hub", want{"enabled", true}, want{"auto_enable_controls", true})
	check(t, as, "Detector", "aws.guardduty.detector", want{"enabled", false}, want{"status", "DISABLED"})
	check(t, as, "Recorder", "aws.config.recorder", want{"role_arn", "arn:aws:iam::111122223333:role/config"},
		want{"all_supported", false})
	check(t, as, "Routes", "aws.ec2.route_table", want{"is_main", false},
		want{"routes[0].target_kind", "virtual_private_gateway"}, want{"routes[0].destination", "192.168.0.0/16"})
}
