resource "aws_kms_key" "app" {
  description             = "Application data"
  deletion_window_in_days = 30
  enable_key_rotation     = true
}

resource "aws_kms_alias" "app" {
  name          = "alias/app-data"
  target_key_id = aws_kms_key.app.key_id
}

resource "aws_kms_key" "legacy" {
  description             = "Retired application key"
  deletion_window_in_days = 30
  is_enabled              = false
}
