resource "aws_kms_key" "ebs" {
  description         = "EBS volumes"
  enable_key_rotation = true
}

resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 100
  type              = "gp3"
  encrypted         = true
  kms_key_id        = aws_kms_key.ebs.arn

  tags = {
    Name = "data"
  }
}

resource "aws_ebs_volume" "logs" {
  availability_zone = "us-east-1a"
  size              = 20
  encrypted         = true

  tags = {
    Name = "logs"
  }
}
