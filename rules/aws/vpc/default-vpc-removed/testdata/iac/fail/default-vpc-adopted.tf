# Managing the default VPC keeps it in place.
resource "aws_default_vpc" "default" {
  tags = {
    Name = "Default VPC"
  }
}
