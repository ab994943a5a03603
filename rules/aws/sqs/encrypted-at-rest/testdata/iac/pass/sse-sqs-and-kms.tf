# No encryption argument: AWS enables SSE-SQS on every new queue.
resource "aws_sqs_queue" "defaults" {
  name = "orders-default"
}

resource "aws_sqs_queue" "sse_sqs" {
  name                    = "orders-sse"
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue" "kms" {
  name                              = "payments.fifo"
  fifo_queue                        = true
  kms_master_key_id                 = "alias/sqs-payments"
  kms_data_key_reuse_period_seconds = 300
}
