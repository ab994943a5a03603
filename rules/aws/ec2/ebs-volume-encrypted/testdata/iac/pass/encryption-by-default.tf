# With EBS encryption by default on in the region, a volume that does not
# set encrypted is encrypted anyway.
resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "us-east-1a"
  size              = 50
  type              = "gp3"

  tags = {
    Name = "scratch"
  }
}
