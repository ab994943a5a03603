data "aws_subnet" "shared" {
  id = "subnet-0a1b2c3d4e5f60718"
}

resource "aws_lambda_function" "worker" {
  function_name = "ledger-sync"
  role          = "arn:aws:iam::111122223333:role/ledger-sync"
  handler       = "app.handler"
  runtime       = "python3.13"
  filename      = "build/ledger.zip"

  vpc_config {
    subnet_ids         = [data.aws_subnet.shared.id]
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}
