resource "aws_lambda_function" "api" {
  function_name = "internal-api"
  role          = "arn:aws:iam::111122223333:role/internal-api"
  handler       = "app.handler"
  runtime       = "python3.13"
  filename      = "build/api.zip"
}

resource "aws_lambda_function_url" "api" {
  function_name      = aws_lambda_function.api.function_name
  authorization_type = "AWS_IAM"
}

# No function URL at all.
resource "aws_lambda_function" "worker" {
  function_name = "queue-worker"
  role          = "arn:aws:iam::111122223333:role/queue-worker"
  handler       = "app.handler"
  runtime       = "python3.13"
  filename      = "build/worker.zip"
}
