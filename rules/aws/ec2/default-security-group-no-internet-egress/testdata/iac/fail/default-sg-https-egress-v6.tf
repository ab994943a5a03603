resource "aws_default_security_group" "default" {
  vpc_id = "vpc-0123456789abcdef0"

  egress {
    description      = "HTTPS over IPv6"
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
}
