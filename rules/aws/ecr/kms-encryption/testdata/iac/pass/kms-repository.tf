resource "aws_kms_key" "ecr" {
  description         = "ECR images"
  enable_key_rotation = true
}

resource "aws_ecr_repository" "api" {
  name                 = "payments/api"
  image_tag_mutability = "IMMUTABLE"

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}

# KMS without a key uses the AWS managed key aws/ecr.
resource "aws_ecr_repository" "worker" {
  name = "payments/worker"

  encryption_configuration {
    encryption_type = "KMS"
  }
}
