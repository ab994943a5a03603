resource "aws_lb" "nlb" {
  name               = "mqtt-ingress"
  load_balancer_type = "network"
  subnets            = ["subnet-0a1b2c3d4e5f60718"]
}

resource "aws_lb" "gwlb" {
  name               = "inspection"
  load_balancer_type = "gateway"

  subnet_mapping {
    subnet_id = "subnet-0a1b2c3d4e5f60718"
  }
}
