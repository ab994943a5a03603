resource "aws_s3_bucket" "backups" {
  bucket = "acme-db-backups"
}

resource "aws_s3_bucket_versioning" "backups" {
  bucket = aws_s3_bucket.backups.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "archive" {
  bucket              = "acme-finance-archive"
  object_lock_enabled = false
}
