resource "aws_instance" "legacy" {
  ami           = "ami-0c02fb55956c7d316"
  instance_type = "t3.micro"
  subnet_id     = "subnet-0aaaaaaaaaaaaaa01"

  tags = {
    Name = "legacy-no-metadata-options"
  }
}

resource "aws_instance" "explicit" {
  ami           = "ami-0c02fb55956c7d316"
  instance_type = "t3.small"
  subnet_id     = "subnet-0aaaaaaaaaaaaaa01"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "optional"
    http_put_response_hop_limit = 1
  }

  tags = {
    Name = "imdsv1-allowed"
  }
}
