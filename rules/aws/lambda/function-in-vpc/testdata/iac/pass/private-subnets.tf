resource "aws_vpc" "app" {
  cidr_block = "10.20.0.0/16"
}

resource "aws_subnet" "private_a" {
  vpc_id            = aws_vpc.app.id
  cidr_block        = "10.20.1.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_subnet" "private_b" {
  vpc_id            = aws_vpc.app.id
  cidr_block        = "10.20.2.0/24"
  availability_zone = "eu-west-1b"
}

resource "aws_security_group" "lambda" {
  name   = "orders-worker"
  vpc_id = aws_vpc.app.id
  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"]
  }
}

resource "aws_lambda_function" "worker" {
  function_name = "orders-worker"
  role          = "arn:aws:iam::111122223333:role/orders-worker"
  handler       = "app.handler"
  runtime       = "python3.13"
  filename      = "build/worker.zip"

  vpc_config {
    subnet_ids         = [aws_subnet.private_a.id, aws_subnet.private_b.id]
    security_group_ids = [aws_security_group.lambda.id]
  }
}
