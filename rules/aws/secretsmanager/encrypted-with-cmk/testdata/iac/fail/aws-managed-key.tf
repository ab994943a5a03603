resource "aws_secretsmanager_secret" "default_key" {
  name        = "prod/orders/db"
  description = "Orders database credentials"
}

resource "aws_secretsmanager_secret" "aws_managed_alias" {
  name       = "prod/orders/stripe"
  kms_key_id = "alias/aws/secretsmanager"
}

resource "aws_secretsmanager_secret" "aws_managed_alias_arn" {
  name       = "prod/orders/smtp"
  kms_key_id = "arn:aws:kms:eu-west-1:111122223333:alias/aws/secretsmanager"
}
