resource "aws_s3_bucket" "data" {
  bucket = "acme-customer-data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}

# Inline (provider v3 style) versioning block.
resource "aws_s3_bucket" "state" {
  bucket = "acme-terraform-state"

  versioning {
    enabled = true
  }
}
