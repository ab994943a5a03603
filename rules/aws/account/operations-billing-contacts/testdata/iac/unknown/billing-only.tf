# Only the billing contact is declared here; the operations contact is set
# (or not) outside this code.
resource "aws_account_alternate_contact" "billing" {
  alternate_contact_type = "BILLING"
  name                   = "Finance"
  title                  = "Accounts Payable"
  email_address          = "aws-billing@example.com"
  phone_number           = "+1-555-0102"
}
