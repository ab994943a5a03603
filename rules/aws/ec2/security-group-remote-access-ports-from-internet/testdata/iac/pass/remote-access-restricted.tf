variable "office_cidrs" {
  type    = list(string)
  default = ["203.0.113.0/24", "198.51.100.0/24"]
}

resource "aws_security_group" "vnc" {
  name        = "vnc"
  description = "VNC desktops"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    from_port   = 5900
    to_port     = 5901
    protocol    = "tcp"
    cidr_blocks = var.office_cidrs
  }

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "winrm" {
  security_group_id = aws_security_group.vnc.id
  ip_protocol       = "tcp"
  from_port         = 5985
  to_port           = 5986
  cidr_ipv4         = "10.0.0.0/8"
}
