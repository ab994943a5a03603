resource "aws_vpc" "main" {
  cidr_block                       = "10.50.0.0/16"
  assign_generated_ipv6_cidr_block = true
}

resource "aws_network_acl" "public" {
  vpc_id = aws_vpc.main.id

  ingress {
    protocol        = "tcp"
    rule_no         = 100
    action          = "allow"
    ipv6_cidr_block = "::/0"
    from_port       = 22
    to_port         = 22
  }

  ingress {
    protocol   = "tcp"
    rule_no    = 110
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 443
    to_port    = 443
  }

  tags = {
    Name = "public"
  }
}

resource "aws_network_acl" "app" {
  vpc_id = aws_vpc.main.id
}

resource "aws_network_acl_rule" "app_all_in_v6" {
  network_acl_id  = aws_network_acl.app.id
  rule_number     = 101
  egress          = false
  protocol        = "-1"
  rule_action     = "allow"
  ipv6_cidr_block = "::/0"
}
