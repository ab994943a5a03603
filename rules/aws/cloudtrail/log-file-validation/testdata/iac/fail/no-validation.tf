resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "acme-cloudtrail-logs"
  is_multi_region_trail = true
  kms_key_id            = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudtrail" "explicit_off" {
  name                       = "data-events"
  s3_bucket_name             = "acme-cloudtrail-logs"
  enable_log_file_validation = false
}
