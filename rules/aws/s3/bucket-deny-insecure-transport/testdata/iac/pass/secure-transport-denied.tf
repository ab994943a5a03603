locals {
  bucket_name = "acme-customer-data"
  bucket_arn  = "arn:aws:s3:::${local.bucket_name}"
}

resource "aws_s3_bucket" "data" {
  bucket = local.bucket_name
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [local.bucket_arn, "${local.bucket_arn}/*"]
        Condition = {
          Bool = { "aws:SecureTransport" = "false" }
        }
      }
    ]
  })
}

# Requiring TLS 1.2 or later also rules out plain HTTP.
resource "aws_s3_bucket" "reports" {
  bucket = "acme-finance-reports"
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "EnforceTLS12",
          "Effect": "Deny",
          "Principal": {"AWS": "*"},
          "Action": "s3:*",
          "Resource": [
            "arn:aws:s3:::acme-finance-reports",
            "arn:aws:s3:::acme-finance-reports/*"
          ],
          "Condition": {"NumericLessThan": {"s3:TlsVersion": "1.2"}}
        }
      ]
    }
  JSON
}
