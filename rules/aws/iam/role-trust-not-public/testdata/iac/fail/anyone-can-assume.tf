resource "aws_iam_role" "open" {
  name = "open"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" } }]
  })
}

resource "aws_iam_role" "wildcard_condition" {
  name = "wildcard-condition"
  assume_role_policy = <<JSON
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "sts:AssumeRole",
    "Principal": "*",
    "Condition": {"StringLike": {"aws:PrincipalArn": "*"}}
  }]
}
JSON
}
