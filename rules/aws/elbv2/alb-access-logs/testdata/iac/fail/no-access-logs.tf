resource "aws_lb" "web" {
  name               = "web-public"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
  security_groups    = ["sg-0123456789abcdef0"]
}

# access_logs.enabled defaults to false, even with a bucket.
resource "aws_alb" "admin" {
  name            = "admin-internal"
  internal        = true
  subnets         = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
  security_groups = ["sg-0123456789abcdef0"]

  access_logs {
    bucket = "example-elb-logs"
  }
}
