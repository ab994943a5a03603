resource "aws_sns_topic" "alerts" {
  name         = "ops-alerts"
  display_name = "Ops alerts"
}

resource "aws_sns_topic" "explicit_empty" {
  name              = "billing-events"
  kms_master_key_id = ""
}
