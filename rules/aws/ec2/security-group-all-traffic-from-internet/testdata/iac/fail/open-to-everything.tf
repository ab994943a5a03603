resource "aws_security_group" "debug" {
  name        = "debug-open"
  description = "Temporary debugging access"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "game" {
  name        = "game-servers"
  description = "Game server fleet"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_vpc_security_group_ingress_rule" "all_tcp_v6" {
  security_group_id = aws_security_group.game.id
  ip_protocol       = "tcp"
  from_port         = 0
  to_port           = 65535
  cidr_ipv6         = "::/0"
}

resource "aws_security_group" "legacy" {
  name        = "legacy"
  description = "Legacy UDP service"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_security_group_rule" "all_udp" {
  type              = "ingress"
  security_group_id = aws_security_group.legacy.id
  protocol          = "udp"
  from_port         = 1
  to_port           = 65535
  cidr_blocks       = ["0.0.0.0/0"]
}
