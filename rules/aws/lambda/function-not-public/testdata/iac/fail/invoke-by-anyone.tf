resource "aws_lambda_function" "webhook" {
  function_name = "partner-webhook"
  role          = "arn:aws:iam::111122223333:role/partner-webhook"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  filename      = "build/webhook.zip"
}

resource "aws_lambda_permission" "anyone" {
  statement_id  = "AllowAnyone"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.webhook.function_name
  principal     = "*"
}
