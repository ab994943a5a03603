resource "aws_s3_bucket" "reports" {
  bucket = "acme-finance-reports"
}

resource "aws_s3_bucket_ownership_controls" "reports" {
  bucket = aws_s3_bucket.reports.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

# No ownership controls: new buckets get BucketOwnerEnforced (ACLs disabled).
resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-build-artifacts"
}
