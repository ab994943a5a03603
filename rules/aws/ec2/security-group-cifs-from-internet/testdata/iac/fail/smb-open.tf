resource "aws_security_group" "fileserver" {
  name        = "fileserver"
  description = "Windows file server"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    description = "SMB"
    from_port   = 445
    to_port     = 445
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "fsx" {
  name        = "fsx-windows"
  description = "FSx for Windows"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_vpc_security_group_ingress_rule" "smb_v6" {
  security_group_id = aws_security_group.fsx.id
  ip_protocol       = "tcp"
  from_port         = 135
  to_port           = 445
  cidr_ipv6         = "::/0"
}
