provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}

resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = false
  restrict_public_buckets = false
}

resource "aws_s3_bucket" "site" {
  bucket = "acme-docs-site"
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = false
  restrict_public_buckets = false
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicRead"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::acme-docs-site/*"
    }]
  })
}

# A condition that does not restrict the caller (any source IP) leaves it public.
resource "aws_s3_bucket" "dropbox" {
  bucket = "acme-public-dropbox"
}

resource "aws_s3_bucket_public_access_block" "dropbox" {
  bucket = aws_s3_bucket.dropbox.id
}

resource "aws_s3_bucket_policy" "dropbox" {
  bucket = aws_s3_bucket.dropbox.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AnyoneUploads"
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["s3:PutObject", "s3:GetObject"]
      Resource  = "arn:aws:s3:::acme-public-dropbox/*"
      Condition = { IpAddress = { "aws:SourceIp" = "0.0.0.0/0" } }
    }]
  })
}
