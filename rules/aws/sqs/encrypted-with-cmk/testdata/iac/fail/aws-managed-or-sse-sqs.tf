resource "aws_sqs_queue" "sse_sqs" {
  name                    = "orders"
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue" "aws_managed_key" {
  name              = "payments"
  kms_master_key_id = "alias/aws/sqs"
}

resource "aws_sqs_queue" "aws_managed_key_arn" {
  name              = "refunds"
  kms_master_key_id = "arn:aws:kms:eu-west-1:111122223333:alias/aws/sqs"
}
