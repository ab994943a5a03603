resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 100
  type              = "gp3"
  encrypted         = false

  tags = {
    Name = "data-plaintext"
  }
}
