# aws_iam_policy_document is a data source: its JSON is read from the provider
# during plan, so the document (and the rule) is UNKNOWN before then.
data "aws_iam_policy_document" "iam_read_write" {
  statement {
    actions   = ["iam:Pass*", "iam:GetRole"]
    resources = ["arn:aws:iam::111122223333:role/*"]
  }
}

resource "aws_iam_policy" "iam_read_write" {
  name   = "iam-pass-any"
  policy = data.aws_iam_policy_document.iam_read_write.json
}
