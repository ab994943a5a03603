variable "private_key" {
  type      = string
  sensitive = true
}

variable "certificate_body" {
  type = string
}

resource "aws_acm_certificate" "imported" {
  private_key      = var.private_key
  certificate_body = var.certificate_body
}
