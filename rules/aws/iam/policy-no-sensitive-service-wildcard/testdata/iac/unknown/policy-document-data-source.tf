# aws_iam_policy_document is a data source: its JSON is read from the provider
# during plan, so the document (and the rule) is UNKNOWN before then.
data "aws_iam_policy_document" "audit_tamper" {
  statement {
    actions   = ["cloudtrail:*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "audit_tamper" {
  name   = "trail-admin"
  policy = data.aws_iam_policy_document.audit_tamper.json
}
