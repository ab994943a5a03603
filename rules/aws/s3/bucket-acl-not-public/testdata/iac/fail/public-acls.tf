provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}

# The account does not ignore public ACLs either.
resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = false
  ignore_public_acls      = false
  block_public_policy     = true
  restrict_public_buckets = true
}

locals {
  website_bucket = "acme-marketing-site"
}

resource "aws_s3_bucket" "website" {
  bucket = local.website_bucket
}

resource "aws_s3_bucket_ownership_controls" "website" {
  bucket = aws_s3_bucket.website.id
  rule {
    object_ownership = "ObjectWriter"
  }
}

resource "aws_s3_bucket_public_access_block" "website" {
  bucket                  = aws_s3_bucket.website.id
  block_public_acls       = false
  ignore_public_acls      = false
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_acl" "website" {
  bucket = aws_s3_bucket.website.id
  acl    = "public-read"
}

# Explicit grant to every AWS account (AuthenticatedUsers).
resource "aws_s3_bucket" "exchange" {
  bucket = "acme-data-exchange"
}

resource "aws_s3_bucket_ownership_controls" "exchange" {
  bucket = aws_s3_bucket.exchange.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_public_access_block" "exchange" {
  bucket = aws_s3_bucket.exchange.id
}

data "aws_canonical_user_id" "current" {}

resource "aws_s3_bucket_acl" "exchange" {
  bucket = aws_s3_bucket.exchange.id
  access_control_policy {
    grant {
      grantee {
        id   = data.aws_canonical_user_id.current.id
        type = "CanonicalUser"
      }
      permission = "FULL_CONTROL"
    }
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
      }
      permission = "READ"
    }
    owner {
      id = data.aws_canonical_user_id.current.id
    }
  }
}

# Inline (provider v3 style) canned ACL.
resource "aws_s3_bucket" "dropbox" {
  bucket = "acme-public-dropbox"
  acl    = "public-read-write"
}

resource "aws_s3_bucket_public_access_block" "dropbox" {
  bucket             = aws_s3_bucket.dropbox.id
  block_public_acls  = false
  ignore_public_acls = false
}
