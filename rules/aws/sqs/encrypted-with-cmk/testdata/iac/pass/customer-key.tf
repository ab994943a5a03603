resource "aws_kms_key" "queues" {
  description         = "SQS queues"
  enable_key_rotation = true
}

resource "aws_kms_alias" "queues" {
  name          = "alias/sqs-orders"
  target_key_id = aws_kms_key.queues.key_id
}

resource "aws_sqs_queue" "orders" {
  name              = "orders"
  kms_master_key_id = "alias/sqs-orders"
}

resource "aws_sqs_queue" "payments" {
  name              = "payments"
  kms_master_key_id = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
