resource "aws_security_group" "vnc" {
  name        = "vnc"
  description = "VNC desktops"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    from_port   = 5900
    to_port     = 5901
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "winrm" {
  name        = "winrm"
  description = "WinRM management"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_vpc_security_group_ingress_rule" "winrm_https" {
  security_group_id = aws_security_group.winrm.id
  ip_protocol       = "tcp"
  from_port         = 5986
  to_port           = 5986
  cidr_ipv6         = "::/0"
}

resource "aws_security_group" "telnet" {
  name        = "telnet"
  description = "Legacy telnet"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_security_group_rule" "telnet" {
  type              = "ingress"
  security_group_id = aws_security_group.telnet.id
  protocol          = "tcp"
  from_port         = 23
  to_port           = 23
  cidr_blocks       = ["0.0.0.0/0"]
}
