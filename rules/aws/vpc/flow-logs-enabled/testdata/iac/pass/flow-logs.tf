resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags = {
    Name = "main"
  }
}

resource "aws_cloudwatch_log_group" "flow" {
  name              = "/vpc/main/flow-logs"
  retention_in_days = 365
}

resource "aws_iam_role" "flow" {
  name = "vpc-flow-logs"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "vpc-flow-logs.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_flow_log" "main" {
  vpc_id          = aws_vpc.main.id
  traffic_type    = "ALL"
  iam_role_arn    = aws_iam_role.flow.arn
  log_destination = aws_cloudwatch_log_group.flow.arn
}

resource "aws_vpc" "edge" {
  cidr_block = "10.1.0.0/16"
  tags = {
    Name = "edge"
  }
}

resource "aws_flow_log" "edge_rejects" {
  vpc_id               = aws_vpc.edge.id
  traffic_type         = "REJECT"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::org-flow-logs/edge/"
}
