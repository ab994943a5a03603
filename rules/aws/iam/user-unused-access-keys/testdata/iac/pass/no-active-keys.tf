resource "aws_iam_user" "deployer" {
  name = "deployer"
  path = "/service/"
}

# A key kept for rollback, deactivated.
resource "aws_iam_access_key" "deployer_old" {
  user   = aws_iam_user.deployer.name
  status = "Inactive"
}

resource "aws_iam_user" "reader" {
  name = "reader"
}
