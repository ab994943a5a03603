# aws_iam_policy_document is a data source: its JSON is read from the provider
# during plan, so the document (and the rule) is UNKNOWN before then.
data "aws_iam_policy_document" "anything" {
  statement {
    effect    = "Allow"
    actions   = ["ec2:Describe*", "*"]
    resources = ["arn:aws:ec2:eu-west-1:111122223333:instance/*"]
  }
}

resource "aws_iam_policy" "anything" {
  name   = "anything"
  policy = data.aws_iam_policy_document.anything.json
}
