resource "aws_lambda_function" "thumbnailer" {
  function_name = "thumbnailer"
  role          = "arn:aws:iam::111122223333:role/thumbnailer"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  filename      = "build/thumbnailer.zip"
  memory_size   = 512
  timeout       = 30
}

# An empty vpc_config detaches the function from any VPC.
resource "aws_lambda_function" "detached" {
  function_name = "report-exporter"
  role          = "arn:aws:iam::111122223333:role/report-exporter"
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "build/exporter.zip"

  vpc_config {
    subnet_ids         = []
    security_group_ids = []
  }
}
