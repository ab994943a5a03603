resource "aws_ecr_repository" "public" {
  name = "shared/base-images"
}

resource "aws_ecr_repository_policy" "public" {
  repository = aws_ecr_repository.public.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicPull"
      Effect    = "Allow"
      Principal = "*"
      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
    }]
  })
}

resource "aws_ecr_repository" "wildcard_condition" {
  name = "shared/tools"
}

resource "aws_ecr_repository_policy" "wildcard_condition" {
  repository = "shared/tools"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = ["*"] }
      Action    = "ecr:*"
      Condition = {
        StringLike = { "aws:PrincipalAccount" = "*" }
      }
    }]
  })
}
