# A scoped policy attached to a role.
resource "aws_iam_policy" "read_reports" {
  name        = "read-reports"
  description = "Read the reports bucket"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = ["arn:aws:s3:::acme-reports", "arn:aws:s3:::acme-reports/*"]
    }]
  })
}

resource "aws_iam_role" "reporter" {
  name = "reporter"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "reporter" {
  role       = aws_iam_role.reporter.name
  policy_arn = aws_iam_policy.read_reports.arn
}

# A full-admin policy that nothing attaches.
resource "aws_iam_policy" "break_glass" {
  name = "break-glass-admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
