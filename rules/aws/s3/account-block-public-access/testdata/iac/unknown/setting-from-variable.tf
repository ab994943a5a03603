# The value comes from a root variable with no default and no tfvars:
# it is known only when the plan is made.
variable "block_public_policy" {
  type = bool
}

resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = var.block_public_policy
  restrict_public_buckets = true
}
