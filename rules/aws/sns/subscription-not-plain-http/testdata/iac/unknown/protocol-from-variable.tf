variable "protocol" {
  type = string
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_sns_topic_subscription" "hook" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "${var.protocol}"
  endpoint  = "https://hooks.example.com/alerts"
}
