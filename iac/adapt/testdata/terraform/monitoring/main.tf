resource "aws_acm_certificate" "www" {
  domain_name               = "www.example.com"
  subject_alternative_names = ["api.example.com", "www.example.com"]
  validation_method         = "DNS"
}

resource "aws_cloudwatch_log_group" "trail" {
  name = "trail"
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-trail"
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
}

resource "aws_cloudwatch_log_metric_filter" "root" {
  name           = "root-usage"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{ $.userIdentity.type = \"Root\" }"
  metric_transformation {
    name      = "RootUsage"
    namespace = "CIS"
    value     = "1"
  }
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_sns_topic" "mail" {
  name = "mail"
}

resource "aws_sqs_queue" "alerts" {
  name = "alerts"
}

resource "aws_sns_topic_subscription" "queue" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.alerts.arn
}

resource "aws_sns_topic_subscription" "mail" {
  topic_arn = aws_sns_topic.mail.arn
  protocol  = "email"
  endpoint  = "ops@example.com"
}

resource "aws_cloudwatch_metric_alarm" "root" {
  alarm_name          = "root-usage"
  namespace           = "CIS"
  metric_name         = "RootUsage"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  alarm_actions       = [aws_sns_topic.alerts.arn, "arn:aws:sns:us-east-1:111122223333:other"]
}

resource "aws_iam_service_linked_role" "config" {
  aws_service_name = "config.amazonaws.com"
}

resource "aws_config_configuration_recorder" "this" {
  role_arn = aws_iam_service_linked_role.config.arn
}

resource "aws_config_configuration_recorder_status" "this" {
  name       = aws_config_configuration_recorder.this.name
  is_enabled = false
}

resource "aws_guardduty_detector" "this" {}

resource "aws_ebs_encryption_by_default" "on" {
  enabled = true
}

resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 10
}

resource "aws_ebs_snapshot" "data" {
  volume_id = aws_ebs_volume.data.id
}

resource "aws_ami" "base" {
  name = "base"
}

resource "aws_ami_launch_permission" "all" {
  image_id = aws_ami.base.id
  group    = "all"
}

resource "aws_db_snapshot" "elsewhere" {
  db_instance_identifier = "legacy"
  db_snapshot_identifier = "legacy-final"
  shared_accounts        = ["all", "444455556666"]
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.gw.id
  }
}

resource "aws_route" "v6" {
  route_table_id              = aws_route_table.public.id
  destination_ipv6_cidr_block = "::/0"
  egress_only_gateway_id      = "eigw-0123456789abcdef0"
}

resource "aws_main_route_table_association" "main" {
  vpc_id         = aws_vpc.main.id
  route_table_id = aws_route_table.public.id
}
