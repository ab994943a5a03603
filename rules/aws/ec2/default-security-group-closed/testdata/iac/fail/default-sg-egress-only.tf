resource "aws_default_security_group" "default" {
  vpc_id = "vpc-0123456789abcdef0"

  egress {
    description = "HTTPS to the VPC endpoints"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
}
