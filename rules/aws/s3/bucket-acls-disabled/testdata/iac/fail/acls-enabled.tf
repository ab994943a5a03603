resource "aws_s3_bucket" "uploads" {
  bucket = "acme-partner-uploads"
}

resource "aws_s3_bucket_ownership_controls" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_acl" "uploads" {
  depends_on = [aws_s3_bucket_ownership_controls.uploads]
  bucket     = aws_s3_bucket.uploads.id
  acl        = "private"
}

resource "aws_s3_bucket" "legacy_logs" {
  bucket = "acme-legacy-access-logs"
}

resource "aws_s3_bucket_ownership_controls" "legacy_logs" {
  bucket = aws_s3_bucket.legacy_logs.id
  rule {
    object_ownership = "ObjectWriter"
  }
}

resource "aws_s3_bucket_acl" "legacy_logs" {
  depends_on = [aws_s3_bucket_ownership_controls.legacy_logs]
  bucket     = aws_s3_bucket.legacy_logs.id
  acl        = "log-delivery-write"
}
