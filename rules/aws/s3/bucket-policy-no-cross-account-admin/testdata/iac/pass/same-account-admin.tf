provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}

locals {
  bucket     = "acme-shared-datasets"
  bucket_arn = "arn:aws:s3:::acme-shared-datasets"
  partner    = "444455556666"
}

resource "aws_s3_bucket" "shared" {
  bucket = local.bucket
}

resource "aws_s3_bucket_policy" "shared" {
  bucket = aws_s3_bucket.shared.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "PlatformAdmins"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/platform-admin" }
        Action    = ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutEncryptionConfiguration"]
        Resource  = local.bucket_arn
      },
      {
        Sid       = "PartnerReadOnly"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.partner}:root" }
        Action    = ["s3:GetObject", "s3:ListBucket"]
        Resource  = [local.bucket_arn, "${local.bucket_arn}/shared/*"]
      },
      {
        Sid       = "PartnerUploads"
        Effect    = "Allow"
        Principal = { AWS = local.partner }
        Action    = "s3:PutObject"
        Resource  = "${local.bucket_arn}/incoming/*"
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [local.bucket_arn, "${local.bucket_arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }
    ]
  })
}

# Service principals are not other accounts.
resource "aws_s3_bucket" "trail" {
  bucket = "acme-cloudtrail-logs"
}

resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AWSCloudTrailAclCheck"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:GetBucketAcl"
        Resource  = "arn:aws:s3:::acme-cloudtrail-logs"
      },
      {
        Sid       = "AWSCloudTrailWrite"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "arn:aws:s3:::acme-cloudtrail-logs/AWSLogs/111122223333/*"
        Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control" } }
      }
    ]
  })
}

# No policy at all.
resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}
