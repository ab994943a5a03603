# The account baseline declares account-level Block Public Access, so the scan
# has the account asset whose trails the rule reads.
resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_cloudtrail" "s3_data" {
  name                  = "s3-data"
  s3_bucket_name        = "acme-cloudtrail-logs"
  is_multi_region_trail = true

  advanced_event_selector {
    name = "All S3 object events"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
  }
}
