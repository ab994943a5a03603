provider "aws" {
  region = "us-east-1"
}

resource "aws_db_instance" "public" {
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  publicly_accessible = true
}

resource "aws_db_instance" "private" {
  identifier        = "billing"
  engine            = "mysql"
  instance_class    = "db.t3.micro"
  storage_encrypted = true
  deletion_protection = true
}

resource "aws_rds_cluster" "aurora" {
  cluster_identifier = "analytics"
  engine             = "aurora-postgresql"
  storage_encrypted  = true
}

resource "aws_rds_cluster_instance" "aurora" {
  count               = 2
  identifier          = "analytics-${count.index}"
  cluster_identifier  = aws_rds_cluster.aurora.id
  instance_class      = "db.r6g.large"
  engine              = "aurora-postgresql"
  publicly_accessible = count.index == 1
}

resource "aws_kms_key" "main" {
  description         = "main key"
  enable_key_rotation = true
}

resource "aws_kms_alias" "main" {
  name          = "alias/main"
  target_key_id = aws_kms_key.main.key_id
}

resource "aws_kms_key" "plain" {
  description = "no rotation"
  is_enabled  = false
}

resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = "acme-trail"
  is_multi_region_trail         = true
  enable_log_file_validation    = true

  event_selector {
    read_write_type           = "All"
    include_management_events = true
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}

resource "aws_cloudtrail" "minimal" {
  name           = "minimal"
  s3_bucket_name = "acme-trail"
  enable_logging = false
}

resource "aws_ebs_encryption_by_default" "on" {
  enabled = true
}

resource "aws_ebs_volume" "implicit" {
  availability_zone = "us-east-1a"
  size              = 10
}

resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length   = 14
  require_symbols           = true
  password_reuse_prevention = 24
}
