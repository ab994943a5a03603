resource "aws_ami_from_instance" "golden" {
  name               = "golden-image"
  source_instance_id = "i-0123456789abcdef0"
}

resource "aws_ami_launch_permission" "partner" {
  image_id   = aws_ami_from_instance.golden.id
  account_id = "123456789012"
}
