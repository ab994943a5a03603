resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci_blue" {
  user = aws_iam_user.ci.name
}

resource "aws_iam_access_key" "ci_green" {
  user   = aws_iam_user.ci.name
  status = "Active"
}
