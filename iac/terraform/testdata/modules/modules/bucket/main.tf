variable "name" {
  type = string
}

variable "versioning" {
  type    = bool
  default = false
}

variable "kms" {
  type    = bool
  default = false
}

module "key" {
  source = "../kms"
  count  = var.kms ? 1 : 0

  alias = "alias/${var.name}"
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = var.versioning ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms ? "aws:kms" : "AES256"
      kms_master_key_id = var.kms ? module.key[0].key_arn : null
    }
  }
}

output "bucket_name" {
  value = aws_s3_bucket.this.bucket
}

output "arn" {
  value = aws_s3_bucket.this.arn
}
