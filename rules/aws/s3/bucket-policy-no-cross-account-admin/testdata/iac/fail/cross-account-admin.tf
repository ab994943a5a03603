provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}

# The partner account can do anything, including rewrite the policy.
resource "aws_s3_bucket" "shared" {
  bucket = "acme-shared-datasets"
}

resource "aws_s3_bucket_policy" "shared" {
  bucket = aws_s3_bucket.shared.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PartnerFullAccess"
      Effect    = "Allow"
      Principal = { AWS = ["arn:aws:iam::111122223333:role/etl", "arn:aws:iam::444455556666:root"] }
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::acme-shared-datasets", "arn:aws:s3:::acme-shared-datasets/*"]
    }]
  })
}

# Everyone in the organization may set object ACLs (conditions are not considered).
resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_s3_bucket_policy" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "OrgUploads"
      Effect    = "Allow"
      Principal = "*"
      Action    = ["s3:PutObject", "s3:PutObjectAcl"]
      Resource  = "arn:aws:s3:::acme-uploads/*"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
    }]
  })
}

# NotAction grants everything except deletes to another account.
resource "aws_s3_bucket" "reports" {
  bucket = "acme-finance-reports"
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AuditorsEverythingButDelete"
      Effect    = "Allow"
      Principal = { AWS = "999988887777" }
      NotAction = ["s3:DeleteObject", "s3:DeleteBucket"]
      Resource  = ["arn:aws:s3:::acme-finance-reports", "arn:aws:s3:::acme-finance-reports/*"]
    }]
  })
}
