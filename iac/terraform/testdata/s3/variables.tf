variable "region" {
  type    = string
  default = "us-east-1"
}

variable "env" {
  type = string
}

variable "bucket_prefix" {
  type    = string
  default = "acme"
}

variable "kms_key_arn" {
  type        = string
  description = "Set per environment; no default."
}

variable "force_destroy" {
  type    = bool
  default = false
}

variable "tags" {
  type = map(string)
  default = {
    Owner = "platform"
  }
}
