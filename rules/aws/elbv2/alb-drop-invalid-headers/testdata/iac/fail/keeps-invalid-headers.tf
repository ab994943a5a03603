resource "aws_lb" "web" {
  name               = "web-public"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
  security_groups    = ["sg-0123456789abcdef0"]
}

resource "aws_lb" "api" {
  name                       = "api-public"
  subnets                    = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
  security_groups            = ["sg-0123456789abcdef0"]
  drop_invalid_header_fields = false
}
