resource "aws_s3_bucket" "data" {
  bucket = "acme-customer-data"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

# No public access block resource: new buckets have all four settings on.
resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-build-artifacts"
}
