resource "aws_sqs_queue" "uploads" {
  name = "upload-events"
}

resource "aws_sqs_queue_policy" "uploads" {
  queue_url = aws_sqs_queue.uploads.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowBucketNotifications"
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111122223333:upload-events"
      Condition = {
        ArnLike      = { "aws:SourceArn" = "arn:aws:s3:::example-uploads" }
        StringEquals = { "aws:SourceAccount" = "111122223333" }
      }
    }]
  })
}

resource "aws_sqs_queue" "fanout" {
  name = "price-updates"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111122223333:price-updates"
      Condition = {
        ArnEquals = { "aws:SourceArn" = "arn:aws:sns:eu-west-1:111122223333:prices" }
      }
    }]
  })
}

# No policy: only the owning account's IAM principals.
resource "aws_sqs_queue" "private" {
  name = "internal-jobs"
}
