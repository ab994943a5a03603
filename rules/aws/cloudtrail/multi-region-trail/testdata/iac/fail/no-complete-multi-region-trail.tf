# The account baseline declares account-level Block Public Access, so the scan
# has the account asset whose trails the rule reads.
resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_cloudtrail" "regional" {
  name                       = "regional"
  s3_bucket_name             = "acme-cloudtrail-logs"
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "writes_only" {
  name                  = "writes-only"
  s3_bucket_name        = "acme-cloudtrail-logs"
  is_multi_region_trail = true
  event_selector {
    read_write_type           = "WriteOnly"
    include_management_events = true
  }
}

resource "aws_cloudtrail" "stopped" {
  name                  = "stopped"
  s3_bucket_name        = "acme-cloudtrail-logs"
  is_multi_region_trail = true
  enable_logging        = false
}
