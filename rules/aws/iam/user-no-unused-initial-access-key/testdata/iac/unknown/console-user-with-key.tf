# A console user: MFA enrolment, sign-in dates and the account's
# organization membership are not in the code.
resource "aws_iam_user" "alice" {
  name          = "alice"
  force_destroy = true
}

resource "aws_iam_user_login_profile" "alice" {
  user                    = aws_iam_user.alice.name
  password_reset_required = true
}

# Created together with the user: whether it is ever used is known only later.
resource "aws_iam_access_key" "alice" {
  user = aws_iam_user.alice.name
}
