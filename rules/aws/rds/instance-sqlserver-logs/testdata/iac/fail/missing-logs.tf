resource "aws_db_instance" "crm" {
  identifier                  = "crm-db"
  engine                      = "sqlserver-se"
  engine_version              = "15.00.4385.2.v1"
  instance_class              = "db.m5.xlarge"
  allocated_storage           = 200
  storage_type                = "gp3"
  username                    = "app_admin"
  manage_master_user_password = true
  db_subnet_group_name        = "private-db-subnets"
  vpc_security_group_ids      = ["sg-0a1b2c3d4e5f60718"]
  skip_final_snapshot         = false
  final_snapshot_identifier   = "crm-db-final"
  license_model               = "license-included"
  enabled_cloudwatch_logs_exports = ["error"]
}

resource "aws_db_instance" "hr" {
  identifier                  = "hr-db"
  engine                      = "sqlserver-web"
  engine_version              = "15.00.4385.2.v1"
  instance_class              = "db.m5.large"
  allocated_storage           = 100
  storage_type                = "gp3"
  username                    = "app_admin"
  manage_master_user_password = true
  db_subnet_group_name        = "private-db-subnets"
  vpc_security_group_ids      = ["sg-0a1b2c3d4e5f60718"]
  skip_final_snapshot         = false
  final_snapshot_identifier   = "hr-db-final"
  license_model               = "license-included"
  enabled_cloudwatch_logs_exports = ["agent"]
}

resource "aws_db_instance" "devtools" {
  identifier                  = "devtools-db"
  engine                      = "sqlserver-ex"
  engine_version              = "15.00.4385.2.v1"
  instance_class              = "db.t3.small"
  allocated_storage           = 20
  storage_type                = "gp3"
  username                    = "app_admin"
  manage_master_user_password = true
  db_subnet_group_name        = "private-db-subnets"
  vpc_security_group_ids      = ["sg-0a1b2c3d4e5f60718"]
  skip_final_snapshot         = false
  final_snapshot_identifier   = "devtools-db-final"
  license_model               = "license-included"
}
