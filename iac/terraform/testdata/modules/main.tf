provider "aws" {
  region = "eu-central-1"
}

locals {
  apps = {
    billing = { versioning = true }
    reports = { versioning = false }
  }
}

module "app_bucket" {
  source   = "./modules/bucket"
  for_each = local.apps

  name       = "acme-${each.key}"
  versioning = each.value.versioning
}

module "audit_bucket" {
  source = "./modules/bucket"

  name       = "acme-audit"
  versioning = true
  kms        = true
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"

  name = "main"
  cidr = "10.0.0.0/16"
}

module "not_downloaded" {
  source = "git::https://example.com/modules/thing.git?ref=v1.2.0"
}

resource "aws_s3_bucket_policy" "audit" {
  bucket = module.audit_bucket.bucket_name
  policy = jsonencode({ Statement = [{ Effect = "Deny", Resource = module.audit_bucket.arn }] })
}

resource "aws_flow_log" "main" {
  vpc_id          = module.vpc.vpc_id
  log_destination = module.app_bucket["billing"].bucket_name
}
