variable "sg_id" {
  type = string
}

variable "tokens" {
  type = string
}
