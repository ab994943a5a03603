variable "ct_logging" {
  type = string
}

resource "aws_acm_certificate" "www" {
  domain_name       = "www.example.com"
  validation_method = "DNS"

  options {
    certificate_transparency_logging_preference = var.ct_logging
  }
}
