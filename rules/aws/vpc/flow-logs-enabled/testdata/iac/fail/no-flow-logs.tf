resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags = {
    Name = "no-flow-logs"
  }
}

resource "aws_vpc" "accepts" {
  cidr_block = "10.1.0.0/16"
  tags = {
    Name = "accepted-traffic-only"
  }
}

resource "aws_flow_log" "accepts" {
  vpc_id               = aws_vpc.accepts.id
  traffic_type         = "ACCEPT"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::org-flow-logs/accepts/"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

# A subnet flow log does not cover the whole VPC.
resource "aws_flow_log" "subnet_only" {
  subnet_id            = aws_subnet.a.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::org-flow-logs/subnet/"
}
