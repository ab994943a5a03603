# aws_iam_policy_document is a data source: its JSON is read from the provider
# during plan, so the document (and the rule) is UNKNOWN before then.
data "aws_iam_policy_document" "reencrypt" {
  statement {
    actions   = ["kms:ReEncrypt*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "reencrypt" {
  name   = "reencrypt"
  policy = data.aws_iam_policy_document.reencrypt.json
}
