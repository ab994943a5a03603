resource "aws_ecr_repository" "api" {
  name                 = "payments/api"
  image_tag_mutability = "IMMUTABLE"
}
