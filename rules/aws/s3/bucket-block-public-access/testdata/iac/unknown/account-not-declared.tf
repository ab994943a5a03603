# The bucket relaxes its settings and the code does not declare the
# account-level Block Public Access, which would still cover it.
resource "aws_s3_bucket" "site" {
  bucket = "acme-docs-site"
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = false
  restrict_public_buckets = false
}
