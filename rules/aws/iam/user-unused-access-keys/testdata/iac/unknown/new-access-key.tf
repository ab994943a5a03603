# The key is created with the user: its creation date (and use) exist only
# after apply, so its age cannot be judged from code.
resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}
