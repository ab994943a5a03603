resource "aws_s3_bucket" "backups" {
  bucket              = "acme-db-backups"
  object_lock_enabled = true
}

resource "aws_s3_bucket_versioning" "backups" {
  bucket = aws_s3_bucket.backups.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "backups" {
  bucket = aws_s3_bucket.backups.id
  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = 90
    }
  }
}

# Object Lock turned on for an existing bucket through the configuration resource.
resource "aws_s3_bucket" "trail" {
  bucket = "acme-cloudtrail-logs"
}

resource "aws_s3_bucket_versioning" "trail" {
  bucket = aws_s3_bucket.trail.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "trail" {
  bucket              = aws_s3_bucket.trail.id
  object_lock_enabled = "Enabled"
  rule {
    default_retention {
      mode  = "COMPLIANCE"
      years = 1
    }
  }
}
