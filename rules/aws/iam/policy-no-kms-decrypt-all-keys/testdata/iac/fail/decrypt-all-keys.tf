resource "aws_iam_policy" "app_crypto" {
  name = "app-crypto"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_policy" "reencrypt" {
  name   = "reencrypt"
  policy = <<JSON
{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Action": "kms:ReEncrypt*", "Resource": "*"}
}
JSON
}
