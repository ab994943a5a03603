variable "recorder_role_arn" {
  type = string
}

resource "aws_config_configuration_recorder" "this" {
  name     = "default"
  role_arn = var.recorder_role_arn
}
