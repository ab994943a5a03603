resource "aws_lambda_function" "hook" {
  function_name = "github-hook"
  role          = "arn:aws:iam::111122223333:role/github-hook"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  filename      = "build/hook.zip"
}

resource "aws_lambda_function_url" "hook" {
  function_name      = aws_lambda_function.hook.function_name
  authorization_type = "NONE"

  cors {
    allow_origins = ["*"]
    allow_methods = ["POST"]
  }
}
