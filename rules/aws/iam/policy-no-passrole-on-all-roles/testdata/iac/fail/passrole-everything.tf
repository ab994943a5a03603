resource "aws_iam_policy" "ci" {
  name = "ci"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ecs:UpdateService", "iam:PassRole"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_policy" "iam_pass_any" {
  name = "iam-pass-any"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:Pass*", "iam:GetRole"]
      Resource = ["arn:aws:iam::111122223333:role/*"]
    }]
  })
}
