resource "aws_ecr_repository" "default" {
  name = "tools/builder"
}

resource "aws_ecr_repository" "disabled" {
  name = "tools/linter"

  image_scanning_configuration {
    scan_on_push = false
  }
}
