resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}

resource "aws_s3_bucket_versioning" "scratch" {
  bucket = aws_s3_bucket.scratch.id
  versioning_configuration {
    status = "Suspended"
  }
}

# Versioning never enabled.
resource "aws_s3_bucket" "tmp" {
  bucket = "acme-tmp-exports"
}

resource "aws_s3_bucket_versioning" "tmp" {
  bucket = aws_s3_bucket.tmp.id
  versioning_configuration {
    status = "Disabled"
  }
}

# No versioning resource at all.
resource "aws_s3_bucket" "cache" {
  bucket = "acme-build-cache"
}

resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy-data"

  versioning {
    enabled = false
  }
}
