variable "ebs_encryption_by_default" {
  type    = bool
  default = false
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_ebs_encryption_by_default" "this" {
  enabled = var.ebs_encryption_by_default
}
