resource "aws_lambda_function" "ingest" {
  function_name = "upload-ingest"
  role          = "arn:aws:iam::111122223333:role/upload-ingest"
  handler       = "app.handler"
  runtime       = "python3.13"
  filename      = "build/ingest.zip"
}

resource "aws_lambda_permission" "from_bucket" {
  statement_id   = "AllowS3Invoke"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.ingest.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::example-uploads"
  source_account = "111122223333"
}

resource "aws_lambda_permission" "from_partner" {
  statement_id  = "AllowPartnerAccount"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.ingest.function_name
  principal     = "444455556666"
}

resource "aws_lambda_permission" "from_org" {
  statement_id     = "AllowOrganization"
  action           = "lambda:InvokeFunction"
  function_name    = aws_lambda_function.ingest.function_name
  principal        = "*"
  principal_org_id = "o-a1b2c3d4e5"
}

# A function without any permission has no resource-based policy.
resource "aws_lambda_function" "internal" {
  function_name = "nightly-cleanup"
  role          = "arn:aws:iam::111122223333:role/nightly-cleanup"
  handler       = "app.handler"
  runtime       = "python3.13"
  filename      = "build/cleanup.zip"
}
