resource "aws_s3_bucket" "data" {
  bucket = "acme-customer-data"
}

# The rule only turns on S3 Bucket Keys and names no default algorithm:
# objects written without an encryption header get no default encryption
# from this configuration.
resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    bucket_key_enabled = true
  }
}
