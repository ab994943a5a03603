resource "aws_sqs_queue" "dead" {
  name                    = "dead-letter"
  sqs_managed_sse_enabled = true
}
