resource "aws_sns_topic" "open" {
  name = "public-announcements"
}

resource "aws_sns_topic_policy" "open" {
  arn = aws_sns_topic.open.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["SNS:Publish", "SNS:Subscribe"]
      Resource  = "arn:aws:sns:eu-west-1:111122223333:public-announcements"
    }]
  })
}

# A negated condition operator does not confine the caller.
resource "aws_sns_topic" "not_condition" {
  name = "price-feed"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "SNS:Subscribe"
      Resource  = "arn:aws:sns:eu-west-1:111122223333:price-feed"
      Condition = {
        StringNotEquals = { "aws:SourceAccount" = "999988887777" }
      }
    }]
  })
}
