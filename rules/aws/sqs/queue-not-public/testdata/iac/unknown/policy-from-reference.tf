resource "aws_sns_topic" "prices" {
  name = "prices"
}

resource "aws_sqs_queue" "fanout" {
  name = "price-updates"
}

# The policy embeds ARNs known only after apply, so it cannot be judged yet.
resource "aws_sqs_queue_policy" "fanout" {
  queue_url = aws_sqs_queue.fanout.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.fanout.arn
      Condition = {
        ArnEquals = { "aws:SourceArn" = aws_sns_topic.prices.arn }
      }
    }]
  })
}
