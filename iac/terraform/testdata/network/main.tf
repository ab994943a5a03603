provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "use1"
  region = "us-east-1"
}

variable "vpc_cidr" {
  default = "10.20.0.0/16"
}

variable "instance_count" {
  type    = number
  default = 2
}

variable "admin_cidrs" {
  type    = list(string)
  default = ["203.0.113.0/24", "198.51.100.0/24"]
}

variable "web_ports" {
  type = list(object({
    port        = number
    description = optional(string, "web")
  }))
  default = [
    { port = 80 },
    { port = 443, description = "tls" },
  ]
}

variable "subnets" {
  type = map(object({
    az     = string
    public = bool
  }))
  default = {
    a = { az = "eu-west-1a", public = true }
    b = { az = "eu-west-1b", public = false }
  }
}

resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_hostnames = true
}

resource "aws_subnet" "this" {
  for_each                = var.subnets
  vpc_id                  = aws_vpc.main.id
  availability_zone       = each.value.az
  cidr_block              = cidrsubnet(var.vpc_cidr, 8, index(keys(var.subnets), each.key))
  map_public_ip_on_launch = each.value.public
  tags = {
    Name = "subnet-${each.key}"
  }
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "Web servers"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "SSH from admins"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.admin_cidrs
  }

  dynamic "ingress" {
    for_each = var.web_ports
    iterator = p
    content {
      description = p.value.description
      from_port   = p.value.port
      to_port     = p.value.port
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "db" {
  security_group_id            = aws_security_group.web.id
  referenced_security_group_id = aws_security_group.web.id
  from_port                    = 5432
  to_port                      = 5432
  ip_protocol                  = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "rdp" {
  provider          = aws.use1
  security_group_id = aws_security_group.web.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 3389
  to_port           = 3389
  ip_protocol       = "tcp"
}

resource "aws_instance" "web" {
  count                  = var.instance_count
  ami                    = "ami-0abcdef1234567890"
  instance_type          = count.index == 0 ? "t3.large" : "t3.micro"
  subnet_id              = aws_subnet.this["a"].id
  vpc_security_group_ids = [aws_security_group.web.id]
  monitoring             = true

  metadata_options {
    http_tokens   = "required"
    http_endpoint = "enabled"
  }

  root_block_device {
    encrypted   = true
    volume_size = 20 + count.index * 10
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    encrypted   = false
  }

  tags = {
    Name = format("web-%02d", count.index + 1)
  }

  depends_on = [aws_security_group.web]
}

output "web_sg" {
  value = aws_security_group.web.id
}
