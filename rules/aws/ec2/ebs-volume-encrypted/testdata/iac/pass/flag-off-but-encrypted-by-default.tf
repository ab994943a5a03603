# With EBS encryption by default on, AWS encrypts every new volume in the
# region whatever the volume's own flag says.
resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 20
  encrypted         = false
}
