resource "aws_sns_topic" "alerts" {
  name              = "ops-alerts"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic" "orders" {
  name                        = "orders.fifo"
  fifo_topic                  = true
  content_based_deduplication = true
  kms_master_key_id           = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
