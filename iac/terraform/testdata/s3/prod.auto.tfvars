env           = "prod"
force_destroy = true
