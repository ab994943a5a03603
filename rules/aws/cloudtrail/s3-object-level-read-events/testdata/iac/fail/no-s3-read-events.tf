# The account baseline declares account-level Block Public Access, so the scan
# has the account asset whose trails the rule reads.
resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_cloudtrail" "management" {
  name                  = "management"
  s3_bucket_name        = "acme-cloudtrail-logs"
  is_multi_region_trail = true
}

# S3 data events for a single bucket only.
resource "aws_cloudtrail" "one_bucket" {
  name                  = "one-bucket"
  s3_bucket_name        = "acme-cloudtrail-logs"
  is_multi_region_trail = true
  event_selector {
    read_write_type = "All"
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::acme-payments/"]
    }
  }
}

# Every bucket, but only in its home region.
resource "aws_cloudtrail" "regional" {
  name           = "regional"
  s3_bucket_name = "acme-cloudtrail-logs"
  event_selector {
    read_write_type = "All"
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}

resource "aws_cloudtrail" "writes" {
  name                  = "s3-writes"
  s3_bucket_name        = "acme-cloudtrail-logs"
  is_multi_region_trail = true
  event_selector {
    read_write_type = "WriteOnly"
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}
