variable "vpc_id" {
  type = string
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/vpc/flow-logs"
  retention_in_days = 90
}
