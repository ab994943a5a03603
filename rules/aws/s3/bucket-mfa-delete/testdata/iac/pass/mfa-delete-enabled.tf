variable "root_mfa" {
  type        = string
  description = "serial number and current code of the root user's MFA device"
  default     = "arn:aws:iam::111122223333:mfa/root-account-mfa-device 123456"
  sensitive   = true
}

resource "aws_s3_bucket" "audit" {
  bucket = "acme-audit-trail"
}

resource "aws_s3_bucket_versioning" "audit" {
  bucket = aws_s3_bucket.audit.id
  mfa    = var.root_mfa
  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Enabled"
  }
}
