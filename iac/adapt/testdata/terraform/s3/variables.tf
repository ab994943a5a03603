variable "kms_key_arn" {
  type = string
}
