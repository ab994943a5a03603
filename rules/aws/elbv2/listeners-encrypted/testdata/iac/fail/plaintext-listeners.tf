resource "aws_lb_target_group" "app" {
  name     = "web-app"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = "vpc-0123456789abcdef0"
}

resource "aws_lb" "web" {
  name               = "web-public"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
  security_groups    = ["sg-0123456789abcdef0"]
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

resource "aws_lb" "nlb" {
  name               = "mqtt-ingress"
  load_balancer_type = "network"
  subnets            = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
}

resource "aws_lb_target_group" "mqtt" {
  name     = "mqtt"
  port     = 1883
  protocol = "TCP"
  vpc_id   = "vpc-0123456789abcdef0"
}

# No protocol on a network load balancer's listener: plain TCP.
resource "aws_lb_listener" "mqtt" {
  load_balancer_arn = aws_lb.nlb.arn
  port              = 1883

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.mqtt.arn
  }
}
