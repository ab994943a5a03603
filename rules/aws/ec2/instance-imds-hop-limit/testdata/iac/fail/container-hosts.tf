resource "aws_instance" "ecs_host" {
  ami           = "ami-0c02fb55956c7d316"
  instance_type = "m6i.large"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }

  tags = {
    Name = "ecs-host"
  }
}
