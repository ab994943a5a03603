resource "aws_ecr_repository" "default" {
  name = "tools/builder"
}

resource "aws_ecr_repository" "explicit" {
  name                 = "tools/linter"
  image_tag_mutability = "MUTABLE"
}
