resource "aws_ecr_repository" "default" {
  name = "tools/builder"
}

resource "aws_ecr_repository" "explicit" {
  name = "tools/linter"

  encryption_configuration {
    encryption_type = "AES256"
  }
}
