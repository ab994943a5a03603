resource "aws_s3_object" "o" {
  key = "overridden.json"
}
