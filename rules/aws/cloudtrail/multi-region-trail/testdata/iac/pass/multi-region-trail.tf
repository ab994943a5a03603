# The account baseline declares account-level Block Public Access, so the scan
# has the account asset whose trails the rule reads.
resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_cloudtrail" "audit" {
  name                          = "audit"
  s3_bucket_name                = "acme-cloudtrail-logs"
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
}

# A regional data-events trail next to it does not matter.
resource "aws_cloudtrail" "regional" {
  name           = "regional-data"
  s3_bucket_name = "acme-cloudtrail-logs"
  event_selector {
    read_write_type           = "WriteOnly"
    include_management_events = false
    data_resource {
      type   = "AWS::Lambda::Function"
      values = ["arn:aws:lambda"]
    }
  }
}
