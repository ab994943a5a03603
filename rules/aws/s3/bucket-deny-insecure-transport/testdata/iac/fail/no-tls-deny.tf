provider "aws" {
  region              = "us-west-2"
  allowed_account_ids = ["111122223333"]
}

# No bucket policy at all.
resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}

# A policy that grants access but never denies plain HTTP.
resource "aws_s3_bucket" "shared" {
  bucket = "acme-shared-datasets"
}

resource "aws_s3_bucket_policy" "shared" {
  bucket = aws_s3_bucket.shared.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AnalyticsRead"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/analytics" }
      Action    = ["s3:GetObject", "s3:ListBucket"]
      Resource  = ["arn:aws:s3:::acme-shared-datasets", "arn:aws:s3:::acme-shared-datasets/*"]
    }]
  })
}

# The deny covers only uploads, not every S3 action.
resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_s3_bucket_policy" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureUploads"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:PutObject"
      Resource  = "arn:aws:s3:::acme-uploads/*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
