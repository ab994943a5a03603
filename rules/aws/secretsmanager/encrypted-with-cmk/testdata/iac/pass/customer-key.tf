resource "aws_kms_key" "secrets" {
  description         = "Application secrets"
  enable_key_rotation = true
}

resource "aws_kms_alias" "secrets" {
  name          = "alias/app-secrets"
  target_key_id = aws_kms_key.secrets.key_id
}

resource "aws_secretsmanager_secret" "db" {
  name                    = "prod/orders/db"
  description             = "Orders database credentials"
  kms_key_id              = "alias/app-secrets"
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret" "api" {
  name       = "prod/orders/stripe"
  kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
