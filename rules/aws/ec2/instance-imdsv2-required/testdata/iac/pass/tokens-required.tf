resource "aws_instance" "app" {
  ami           = "ami-0c02fb55956c7d316"
  instance_type = "t3.micro"
  subnet_id     = "subnet-0aaaaaaaaaaaaaa01"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  tags = {
    Name = "app-1"
  }
}

resource "aws_instance" "batch" {
  ami           = "ami-0c02fb55956c7d316"
  instance_type = "c6i.large"
  subnet_id     = "subnet-0aaaaaaaaaaaaaa01"

  metadata_options {
    http_endpoint = "disabled"
  }

  tags = {
    Name = "batch-worker"
  }
}
