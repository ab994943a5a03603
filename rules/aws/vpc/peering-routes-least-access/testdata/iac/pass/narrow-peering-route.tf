resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc_peering_connection" "partner" {
  vpc_id        = aws_vpc.main.id
  peer_vpc_id   = "vpc-0123456789abcdef0"
  peer_owner_id = "123456789012"
}

resource "aws_route_table" "app" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block                = "10.20.1.0/24"
    vpc_peering_connection_id = aws_vpc_peering_connection.partner.id
  }
}
