resource "aws_iam_policy" "read_secrets" {
  name = "read-secrets"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      },
      {
        Effect   = "Allow"
        Action   = "kms:Decrypt"
        Resource = "*"
        Condition = {
          StringEquals = { "kms:ViaService" = "secretsmanager.eu-west-1.amazonaws.com" }
        }
      },
      {
        Effect   = "Allow"
        Action   = ["kms:ListKeys", "kms:DescribeKey"]
        Resource = "*"
      },
    ]
  })
}
