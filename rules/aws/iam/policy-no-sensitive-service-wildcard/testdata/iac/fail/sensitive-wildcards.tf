resource "aws_iam_policy" "iam_manager" {
  name = "iam-manager"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:*", "sts:*"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_policy" "trail_admin" {
  name   = "trail-admin"
  policy = <<JSON
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "cloudtrail:*", "Resource": ["*"]}]
}
JSON
}
