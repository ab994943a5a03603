resource "aws_kms_key" "legacy" {
  description             = "Retired application key"
  deletion_window_in_days = 30
  enable_key_rotation     = true
  is_enabled              = false
}

resource "aws_kms_alias" "legacy" {
  name          = "alias/legacy-app"
  target_key_id = aws_kms_key.legacy.key_id
}
