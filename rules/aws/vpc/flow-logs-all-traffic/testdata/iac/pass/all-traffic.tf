resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "all" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::org-flow-logs/main/"
}

resource "aws_flow_log" "rejects_to_cwl" {
  vpc_id          = aws_vpc.main.id
  traffic_type    = "REJECT"
  log_destination = "arn:aws:logs:us-east-1:111111111111:log-group:/vpc/main/rejects"
  iam_role_arn    = "arn:aws:iam::111111111111:role/vpc-flow-logs"
}
