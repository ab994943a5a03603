resource "aws_sns_topic" "events" {
  name = "bucket-events"
}

resource "aws_sns_topic_policy" "events" {
  arn = aws_sns_topic.events.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AllowBucketPublish"
        Effect    = "Allow"
        Principal = { Service = "s3.amazonaws.com" }
        Action    = "SNS:Publish"
        Resource  = "arn:aws:sns:eu-west-1:111122223333:bucket-events"
        Condition = {
          ArnLike      = { "aws:SourceArn" = "arn:aws:s3:::example-uploads" }
          StringEquals = { "aws:SourceAccount" = "111122223333" }
        }
      },
      {
        Sid       = "OwnerOnly"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["SNS:Subscribe", "SNS:GetTopicAttributes"]
        Resource  = "arn:aws:sns:eu-west-1:111122223333:bucket-events"
        Condition = {
          StringEquals = { "AWS:SourceOwner" = "111122223333" }
        }
      }
    ]
  })
}

resource "aws_sns_topic" "partner" {
  name = "partner-feed"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::444455556666:root" }
      Action    = "SNS:Subscribe"
      Resource  = "arn:aws:sns:eu-west-1:111122223333:partner-feed"
    }]
  })
}
