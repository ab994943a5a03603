resource "aws_account_alternate_contact" "operations" {
  alternate_contact_type = "OPERATIONS"
  name                   = "Cloud Operations"
  title                  = "Operations"
  email_address          = "cloud-ops@example.com"
  phone_number           = "+1-555-0101"
}

resource "aws_account_alternate_contact" "billing" {
  alternate_contact_type = "BILLING"
  name                   = "Finance"
  title                  = "Accounts Payable"
  email_address          = "aws-billing@example.com"
  phone_number           = "+1-555-0102"
}
