# encrypted is not set and the code does not turn on EBS encryption by
# default: the outcome depends on the region's setting.
resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 100
  type              = "gp3"

  tags = {
    Name = "data"
  }
}
