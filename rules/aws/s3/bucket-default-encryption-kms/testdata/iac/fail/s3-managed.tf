resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-build-artifacts"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# No encryption resource: the bucket gets SSE-S3 (AES256).
resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}
