resource "aws_s3_bucket" "logs" {
  bucket = "acme-s3-access-logs"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-customer-data"
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "acme-customer-data/"
}

# Inline (provider v3 style) logging block.
resource "aws_s3_bucket" "reports" {
  bucket = "acme-finance-reports"

  logging {
    target_bucket = "acme-s3-access-logs"
    target_prefix = "acme-finance-reports/"
  }
}

# Log bucket itself logs to a central bucket in another stack.
resource "aws_s3_bucket_logging" "logs" {
  bucket        = aws_s3_bucket.logs.id
  target_bucket = "acme-central-audit-logs"
  target_prefix = "s3/acme-s3-access-logs/"
  target_object_key_format {
    partitioned_prefix {
      partition_date_source = "EventTime"
    }
  }
}
