variable "min_length" {
  type    = number
  default = 8
}

resource "aws_iam_account_password_policy" "this" {
  minimum_password_length      = var.min_length
  require_lowercase_characters = true
  require_uppercase_characters = true
  require_numbers              = true
  require_symbols              = true
  password_reuse_prevention    = 24
}
