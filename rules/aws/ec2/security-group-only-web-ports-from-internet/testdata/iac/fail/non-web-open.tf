resource "aws_security_group" "api" {
  name        = "api"
  description = "API servers"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "Alternate HTTPS"
    from_port   = 8443
    to_port     = 8443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "web_range" {
  name        = "web-range"
  description = "80 to 443 as one range"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_vpc_security_group_ingress_rule" "range" {
  security_group_id = aws_security_group.web_range.id
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_security_group" "quic" {
  name        = "quic"
  description = "HTTP/3"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_security_group_rule" "quic_v6" {
  type              = "ingress"
  security_group_id = aws_security_group.quic.id
  protocol          = "udp"
  from_port         = 443
  to_port           = 443
  ipv6_cidr_blocks  = ["::/0"]
}
