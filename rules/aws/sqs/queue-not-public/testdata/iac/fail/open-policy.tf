resource "aws_sqs_queue" "open" {
  name = "public-intake"
}

resource "aws_sqs_queue_policy" "open" {
  queue_url = aws_sqs_queue.open.url
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["sqs:SendMessage", "sqs:ReceiveMessage"]
      Resource  = "arn:aws:sqs:eu-west-1:111122223333:public-intake"
    }]
  })
}

# A condition on the caller's address that admits every address does not confine it.
resource "aws_sqs_queue" "world_ip" {
  name = "webhook-intake"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111122223333:webhook-intake"
      Condition = {
        IpAddress = { "aws:SourceIp" = "0.0.0.0/0" }
      }
    }]
  })
}
