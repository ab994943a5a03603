# The same settings as ../../cloudformation/equivalence.yaml and
# ../../live/equivalence.jsonl: resources named pass_* must pass the rules
# of their type in TestEquivalence, fail_* must fail them.
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}

resource "aws_s3_bucket" "pass_blocked" {
  bucket = "eq-blocked"
}

resource "aws_s3_bucket_public_access_block" "pass_blocked" {
  bucket                  = aws_s3_bucket.pass_blocked.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "pass_blocked" {
  bucket = aws_s3_bucket.pass_blocked.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

# No settings at all: AWS blocks public access and encrypts with SSE-S3.
resource "aws_s3_bucket" "pass_defaults" {
  bucket = "eq-defaults"
}

resource "aws_s3_bucket" "fail_open" {
  bucket = "eq-open"
}

resource "aws_s3_bucket_public_access_block" "fail_open" {
  bucket                  = aws_s3_bucket.fail_open.id
  block_public_acls       = false
  ignore_public_acls      = false
  block_public_policy     = false
  restrict_public_buckets = false
}

resource "aws_security_group" "pass_https" {
  name = "eq-https"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "fail_ssh" {
  name = "eq-ssh"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "fail_rdp_rule" {
  name = "eq-rdp"
}

resource "aws_vpc_security_group_ingress_rule" "fail_rdp_rule" {
  security_group_id = aws_security_group.fail_rdp_rule.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_instance" "pass_imdsv2" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_instance" "fail_imdsv1" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}

resource "aws_db_instance" "pass_db" {
  identifier          = "eq-private"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  storage_encrypted   = true
  publicly_accessible = false
}

resource "aws_db_instance" "fail_db" {
  identifier          = "eq-public"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  publicly_accessible = true
}

resource "aws_ebs_volume" "pass_volume" {
  availability_zone = "us-east-1a"
  size              = 10
  encrypted         = true
}

resource "aws_ebs_volume" "fail_volume" {
  availability_zone = "us-east-1a"
  size              = 10
  encrypted         = false
}
