resource "aws_vpc" "main" {
  cidr_block                       = "10.40.0.0/16"
  assign_generated_ipv6_cidr_block = true
  tags = {
    Name = "main"
  }
}

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "Bastion host"
  vpc_id      = aws_vpc.main.id

  ingress {
    description      = "SSH from anywhere"
    from_port        = 22
    to_port          = 22
    protocol         = "tcp"
    cidr_blocks      = ["10.40.0.0/16"]
    ipv6_cidr_blocks = ["::/0"]
  }

  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_security_group" "windows" {
  name        = "windows-jump"
  description = "Windows jump host"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "rdp_v6" {
  security_group_id = aws_security_group.windows.id
  description       = "RDP"
  ip_protocol       = "tcp"
  from_port         = 3389
  to_port           = 3389
  cidr_ipv6         = "::/0"
}

resource "aws_security_group" "wide" {
  name        = "wide-range"
  description = "Every port over IPv6"
  vpc_id      = aws_vpc.main.id
}

resource "aws_security_group_rule" "all_v6" {
  type              = "ingress"
  security_group_id = aws_security_group.wide.id
  protocol          = "-1"
  from_port         = 0
  to_port           = 0
  ipv6_cidr_blocks  = ["::/0"]
}
