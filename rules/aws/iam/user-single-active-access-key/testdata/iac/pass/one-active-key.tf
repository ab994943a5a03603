resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

# Rotation in progress: the old key is deactivated.
resource "aws_iam_access_key" "ci_old" {
  user   = aws_iam_user.ci.name
  status = "Inactive"
}

resource "aws_iam_user" "human" {
  name = "grace"
}
