provider "aws" {
  region              = "eu-central-1"
  allowed_account_ids = ["111122223333"]
}

resource "aws_s3_account_public_access_block" "this" {
  block_public_acls   = true
  ignore_public_acls  = true
  block_public_policy = true
  # restrict_public_buckets omitted: false
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

resource "aws_s3_bucket" "downloads" {
  bucket = "acme-public-downloads"
}

# Omitted flags default to false.
resource "aws_s3_bucket_public_access_block" "downloads" {
  bucket = aws_s3_bucket.downloads.id
}
