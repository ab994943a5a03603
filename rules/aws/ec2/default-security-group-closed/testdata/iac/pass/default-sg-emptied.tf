resource "aws_vpc" "main" {
  cidr_block = "10.10.0.0/16"
  tags = {
    Name = "main"
  }
}

# Adopting the default security group with no ingress or egress blocks
# removes every rule AWS put in it.
resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
}
