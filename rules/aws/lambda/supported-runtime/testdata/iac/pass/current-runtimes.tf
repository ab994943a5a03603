resource "aws_lambda_function" "python" {
  function_name = "billing-export"
  role          = "arn:aws:iam::111122223333:role/billing-export"
  handler       = "app.handler"
  runtime       = "python3.13"
  filename      = "build/billing.zip"
}

resource "aws_lambda_function" "node" {
  function_name = "image-resize"
  role          = "arn:aws:iam::111122223333:role/image-resize"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  filename      = "build/resize.zip"
}

resource "aws_lambda_function" "java" {
  function_name = "ledger-reconcile"
  role          = "arn:aws:iam::111122223333:role/ledger-reconcile"
  handler       = "example.Handler::handleRequest"
  runtime       = "java21"
  filename      = "build/ledger.jar"
}
