resource "aws_acm_certificate" "www" {
  domain_name               = "www.example.com"
  subject_alternative_names = ["api.example.com"]
  validation_method         = "DNS"
}
