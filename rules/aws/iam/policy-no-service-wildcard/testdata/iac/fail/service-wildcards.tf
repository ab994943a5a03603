resource "aws_iam_policy" "s3_everything" {
  name = "s3-everything"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:*"]
      Resource = ["arn:aws:s3:::acme-data", "arn:aws:s3:::acme-data/*"]
    }]
  })
}

resource "aws_iam_policy" "anything" {
  name   = "anything"
  policy = <<JSON
{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": ["ec2:Describe*", "*"],
    "Resource": "arn:aws:ec2:eu-west-1:111122223333:instance/*"
  }
}
JSON
}
