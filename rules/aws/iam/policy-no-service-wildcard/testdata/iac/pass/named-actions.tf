resource "aws_iam_policy" "app_data" {
  name        = "app-data"
  description = "Application access to its table and queue"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]
        Resource = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
      },
      {
        Effect   = "Allow"
        Action   = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"]
        Resource = "arn:aws:sqs:eu-west-1:111122223333:orders"
      },
      {
        Effect   = "Deny"
        Action   = "s3:*"
        Resource = "*"
      },
    ]
  })
}
