resource "aws_lambda_function" "legacy_python" {
  function_name = "csv-import"
  role          = "arn:aws:iam::111122223333:role/csv-import"
  handler       = "app.handler"
  runtime       = "python3.9"
  filename      = "build/csv.zip"
}

resource "aws_lambda_function" "legacy_node" {
  function_name = "edge-auth"
  role          = "arn:aws:iam::111122223333:role/edge-auth"
  handler       = "index.handler"
  runtime       = "nodejs18.x"
  filename      = "build/auth.zip"
}

resource "aws_lambda_function" "legacy_go" {
  function_name = "metrics-shipper"
  role          = "arn:aws:iam::111122223333:role/metrics-shipper"
  handler       = "main"
  runtime       = "go1.x"
  filename      = "build/shipper.zip"
}
