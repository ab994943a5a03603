resource "aws_s3_bucket" "audit" {
  bucket = "acme-audit-trail"
}

# Versioning on, MFA delete not requested.
resource "aws_s3_bucket_versioning" "audit" {
  bucket = aws_s3_bucket.audit.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "reports" {
  bucket = "acme-finance-reports"
}

resource "aws_s3_bucket_versioning" "reports" {
  bucket = aws_s3_bucket.reports.id
  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Disabled"
  }
}

# No versioning at all.
resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}
