# Only the billing contact is declared here; the security contact is set
# (or not) outside this code.
resource "aws_account_alternate_contact" "billing" {
  alternate_contact_type = "BILLING"
  name                   = "Accounts payable"
  title                  = "Finance"
  email_address          = "billing@example.com"
  phone_number           = "+15555550101"
}
