resource "aws_securityhub_account" "this" {
  auto_enable_controls = false
}
