resource "aws_security_group" "ftp" {
  name        = "ftp"
  description = "FTP server"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    from_port   = 20
    to_port     = 21
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "kibana" {
  name        = "kibana"
  description = "Kibana dashboard"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_vpc_security_group_ingress_rule" "kibana" {
  security_group_id = aws_security_group.kibana.id
  ip_protocol       = "tcp"
  from_port         = 5601
  to_port           = 5601
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_security_group" "jenkins" {
  name        = "jenkins"
  description = "Jenkins"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_security_group_rule" "jenkins_v6" {
  type              = "ingress"
  security_group_id = aws_security_group.jenkins.id
  protocol          = "tcp"
  from_port         = 8080
  to_port           = 8080
  ipv6_cidr_blocks  = ["::/0"]
}
