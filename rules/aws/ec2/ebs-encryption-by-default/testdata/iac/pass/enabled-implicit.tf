# enabled defaults to true in the AWS provider.
resource "aws_ebs_encryption_by_default" "this" {}
