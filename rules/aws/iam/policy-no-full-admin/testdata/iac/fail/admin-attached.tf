resource "aws_iam_policy" "ops_admin" {
  name = "ops-admin"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "All", Effect = "Allow", Action = ["*"], Resource = ["*"] },
    ]
  })
}

resource "aws_iam_role" "ops" {
  name = "ops"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111122223333:root" } }]
  })
}

resource "aws_iam_role_policy_attachment" "ops" {
  role       = aws_iam_role.ops.name
  policy_arn = aws_iam_policy.ops_admin.arn
}

resource "aws_iam_policy" "legacy_admin" {
  name   = "legacy-admin"
  policy = <<JSON
{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}
}
JSON
}

resource "aws_iam_user" "legacy" {
  name = "legacy"
}

resource "aws_iam_policy_attachment" "legacy" {
  name       = "legacy-admin"
  users      = [aws_iam_user.legacy.name]
  policy_arn = aws_iam_policy.legacy_admin.arn
}
