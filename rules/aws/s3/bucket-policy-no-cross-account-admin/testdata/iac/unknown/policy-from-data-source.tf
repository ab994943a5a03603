# The document comes from a data source, evaluated only at plan time.
data "aws_iam_policy_document" "shared" {
  statement {
    sid       = "PartnerReadOnly"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::acme-shared-datasets/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:root"]
    }
  }
}

resource "aws_s3_bucket" "shared" {
  bucket = "acme-shared-datasets"
}

resource "aws_s3_bucket_policy" "shared" {
  bucket = aws_s3_bucket.shared.id
  policy = data.aws_iam_policy_document.shared.json
}
