resource "aws_security_group" "efs" {
  name        = "efs-mount-targets"
  description = "EFS mount targets"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    description = "NFS"
    from_port   = 2049
    to_port     = 2049
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "nfs_legacy" {
  name        = "nfs-legacy"
  description = "NFSv3 server"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_vpc_security_group_ingress_rule" "portmapper" {
  security_group_id = aws_security_group.nfs_legacy.id
  ip_protocol       = "udp"
  from_port         = 111
  to_port           = 111
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_security_group" "samba" {
  name        = "samba"
  description = "Samba NetBIOS"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_security_group_rule" "netbios_v6" {
  type              = "ingress"
  security_group_id = aws_security_group.samba.id
  protocol          = "udp"
  from_port         = 137
  to_port           = 138
  ipv6_cidr_blocks  = ["::/0"]
}
