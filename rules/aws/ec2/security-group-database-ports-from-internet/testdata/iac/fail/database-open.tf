resource "aws_security_group" "postgres" {
  name        = "postgres"
  description = "PostgreSQL"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "cache" {
  name        = "redis"
  description = "Redis cache"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_security_group_rule" "redis_v6" {
  type              = "ingress"
  security_group_id = aws_security_group.cache.id
  protocol          = "tcp"
  from_port         = 6379
  to_port           = 6379
  ipv6_cidr_blocks  = ["::/0"]
}

resource "aws_security_group" "mongo" {
  name        = "mongodb"
  description = "MongoDB replica set"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_vpc_security_group_ingress_rule" "mongo" {
  security_group_id = aws_security_group.mongo.id
  ip_protocol       = "tcp"
  from_port         = 27017
  to_port           = 27019
  cidr_ipv4         = "0.0.0.0/0"
}
