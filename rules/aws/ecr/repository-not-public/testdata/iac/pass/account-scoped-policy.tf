resource "aws_ecr_repository" "api" {
  name = "payments/api"
}

resource "aws_ecr_repository_policy" "api" {
  repository = aws_ecr_repository.api.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "PullFromProdAccount"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
        Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
      },
      {
        Sid       = "PullFromOrganization"
        Effect    = "Allow"
        Principal = "*"
        Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
        Condition = {
          StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" }
        }
      }
    ]
  })
}

resource "aws_ecr_repository" "private" {
  name = "payments/worker"
}
