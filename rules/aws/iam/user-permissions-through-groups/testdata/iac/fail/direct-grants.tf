resource "aws_iam_user" "dave" {
  name = "dave"
}

resource "aws_iam_user_policy_attachment" "dave" {
  user       = aws_iam_user.dave.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_user" "erin" {
  name = "erin"
}

resource "aws_iam_user_policy" "erin_logs" {
  name = "read-app-logs"
  user = aws_iam_user.erin.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:GetLogEvents", "logs:FilterLogEvents"]
      Resource = "arn:aws:logs:eu-west-1:111122223333:log-group:/app/*"
    }]
  })
}
