resource "aws_kms_key" "app" {
  description             = "Application data"
  deletion_window_in_days = 30
  enable_key_rotation     = true
}

resource "aws_kms_alias" "app" {
  name          = "alias/app-data"
  target_key_id = aws_kms_key.app.key_id
}

resource "aws_kms_key" "signing" {
  description             = "Release signing"
  deletion_window_in_days = 30
  key_usage                = "SIGN_VERIFY"
  customer_master_key_spec = "ECC_NIST_P256"
  is_enabled               = true
}
