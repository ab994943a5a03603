resource "aws_vpc" "main" {
  cidr_block                       = "10.50.0.0/16"
  assign_generated_ipv6_cidr_block = true
}

resource "aws_network_acl" "public" {
  vpc_id = aws_vpc.main.id

  ingress {
    protocol        = "tcp"
    rule_no         = 90
    action          = "deny"
    ipv6_cidr_block = "::/0"
    from_port       = 22
    to_port         = 22
  }

  ingress {
    protocol        = "tcp"
    rule_no         = 91
    action          = "deny"
    ipv6_cidr_block = "::/0"
    from_port       = 3389
    to_port         = 3389
  }

  ingress {
    protocol        = "tcp"
    rule_no         = 100
    action          = "allow"
    ipv6_cidr_block = "::/0"
    from_port       = 1024
    to_port         = 65535
  }

  ingress {
    protocol        = "tcp"
    rule_no         = 110
    action          = "allow"
    ipv6_cidr_block = "::/0"
    from_port       = 443
    to_port         = 443
  }

  # IPv4 SSH is out of scope for this rule.
  ingress {
    protocol   = "tcp"
    rule_no    = 120
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 22
    to_port    = 22
  }

  egress {
    protocol        = "-1"
    rule_no         = 100
    action          = "allow"
    ipv6_cidr_block = "::/0"
    from_port       = 0
    to_port         = 0
  }
}
