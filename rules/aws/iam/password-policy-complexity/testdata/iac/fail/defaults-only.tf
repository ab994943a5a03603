# Only an expiry is set: every require_* flag takes the provider default (false)
# and the minimum length the AWS default (6).
resource "aws_iam_account_password_policy" "this" {
  max_password_age = 90
}
