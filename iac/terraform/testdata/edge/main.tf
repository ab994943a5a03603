variable "n" {
  type = number
}

variable "enabled" {
  type    = bool
  default = true
}

variable "names" {
  type    = list(string)
  default = ["alpha", "beta"]
}

locals {
  # a and b refer to each other: a cycle.
  a = "${local.b}-a"
  b = "${local.a}-b"

  # defined in any order
  upper_names = [for n in local.sorted : upper(n)]
  sorted      = sort(var.names)
  by_name     = { for i, n in var.names : n => i }
  tripled     = [for x in range(3) : x * 3 if x != 1]
  port_map    = zipmap(["http", "https"], [80, 443])
  policy_doc = templatefile("${path.module}/templates/policy.json.tpl", {
    bucket = "edge-bucket"
    admins = ["alice", "bob"]
  })
  ratio = 7 / 2
}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
  }
}

resource "aws_iam_role" "r" {
  name               = "role-${data.aws_caller_identity.current.account_id}"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  description        = <<-EOT
    Role for ${join(", ", local.upper_names)}
  EOT
  max_session_duration = 3600 * 2
}

resource "aws_instance" "unknown_count" {
  count         = var.n
  ami           = "ami-123"
  instance_type = "t3.micro"
  tags = {
    Index = count.index
  }
}

resource "aws_instance" "disabled" {
  count         = var.enabled ? 0 : 1
  ami           = "ami-123"
  instance_type = "t3.micro"
}

resource "aws_ssm_parameter" "p" {
  name  = "/edge/${local.a}"
  type  = "String"
  value = jsonencode({
    tripled = local.tripled
    by_name = local.by_name
    ports   = local.port_map
    ratio   = local.ratio
  })
  tier        = provider::aws::arn_parse("arn:aws:iam::123456789012:role/x").account_id
  description = timestamp()
  key_id      = try(local.by_name["missing"], "fallback")
  overwrite   = can(regex("^a", "abc"))
  insecure_value = upper(aws_iam_role.r.name)
  allowed_pattern = aws_iam_role.r.arn
  data_type = one(aws_instance.unknown_count[*].id)
}

resource "aws_s3_object" "o" {
  bucket  = "edge-bucket"
  key     = "policy.json"
  content = local.policy_doc
  source_hash = filemd5("${path.module}/templates/policy.json.tpl")
  etag = var.enabled ? "yes" : "no"
}
