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
  bucket = aws_s3_bucket.uploads.id
  acl    = "private"
}

# Legacy log bucket: the log delivery group may write, nobody else.
resource "aws_s3_bucket" "logs" {
  bucket = "acme-legacy-access-logs"
}

resource "aws_s3_bucket_ownership_controls" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    object_ownership = "ObjectWriter"
  }
}

resource "aws_s3_bucket_acl" "logs" {
  bucket = aws_s3_bucket.logs.id
  acl    = "log-delivery-write"
}

# A bucket with no ACL resource keeps the private ACL AWS creates.
resource "aws_s3_bucket" "data" {
  bucket = "acme-analytics-data"
}
