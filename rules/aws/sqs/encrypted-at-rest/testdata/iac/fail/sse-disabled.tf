resource "aws_sqs_queue" "plain" {
  name                      = "audit-events"
  sqs_managed_sse_enabled   = false
  message_retention_seconds = 1209600
}
