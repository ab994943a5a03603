provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}

# Only ACLs are blocked; public bucket policies are still allowed.
# block_public_policy and restrict_public_buckets are omitted (provider default false).
resource "aws_s3_account_public_access_block" "this" {
  block_public_acls  = true
  ignore_public_acls = true
}
