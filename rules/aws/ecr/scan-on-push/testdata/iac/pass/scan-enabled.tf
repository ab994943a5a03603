resource "aws_ecr_repository" "api" {
  name = "payments/api"

  image_scanning_configuration {
    scan_on_push = true
  }
}
