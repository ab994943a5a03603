resource "aws_instance" "app" {
  ami           = "ami-0c02fb55956c7d316"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  tags = {
    Name = "app-1"
  }
}

resource "aws_instance" "defaults" {
  ami           = "ami-0c02fb55956c7d316"
  instance_type = "t3.micro"

  tags = {
    Name = "provider-defaults"
  }
}

resource "aws_instance" "no_imds" {
  ami           = "ami-0c02fb55956c7d316"
  instance_type = "t3.micro"

  metadata_options {
    http_endpoint               = "disabled"
    http_put_response_hop_limit = 3
  }

  tags = {
    Name = "imds-off"
  }
}
