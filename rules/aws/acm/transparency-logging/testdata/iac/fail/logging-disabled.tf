resource "aws_acm_certificate" "www" {
  domain_name       = "www.example.com"
  validation_method = "DNS"

  options {
    certificate_transparency_logging_preference = "DISABLED"
  }
}
