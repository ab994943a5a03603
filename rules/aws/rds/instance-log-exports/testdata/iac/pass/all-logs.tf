resource "aws_db_instance" "orders" {
  identifier                  = "orders-db"
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = "db.m6g.large"
  allocated_storage           = 100
  storage_type                = "gp3"
  username                    = "app_admin"
  manage_master_user_password = true
  db_subnet_group_name        = "private-db-subnets"
  vpc_security_group_ids      = ["sg-0a1b2c3d4e5f60718"]
  skip_final_snapshot         = false
  final_snapshot_identifier   = "orders-db-final"
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
}

resource "aws_db_instance" "catalog" {
  identifier                  = "catalog-db"
  engine                      = "mysql"
  engine_version              = "8.0.39"
  instance_class              = "db.m6g.large"
  allocated_storage           = 100
  storage_type                = "gp3"
  username                    = "app_admin"
  manage_master_user_password = true
  db_subnet_group_name        = "private-db-subnets"
  vpc_security_group_ids      = ["sg-0a1b2c3d4e5f60718"]
  skip_final_snapshot         = false
  final_snapshot_identifier   = "catalog-db-final"
  enabled_cloudwatch_logs_exports = ["audit", "error", "general", "slowquery"]
}

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
  enabled_cloudwatch_logs_exports = ["error", "agent"]
}

resource "aws_db_instance" "erp" {
  identifier                  = "erp-db"
  engine                      = "oracle-se2"
  engine_version              = "19.0.0.0.ru-2024-07.rur-2024-07.r1"
  instance_class              = "db.m5.large"
  allocated_storage           = 100
  storage_type                = "gp3"
  username                    = "app_admin"
  manage_master_user_password = true
  db_subnet_group_name        = "private-db-subnets"
  vpc_security_group_ids      = ["sg-0a1b2c3d4e5f60718"]
  skip_final_snapshot         = false
  final_snapshot_identifier   = "erp-db-final"
  license_model               = "license-included"
  enabled_cloudwatch_logs_exports = ["alert", "audit", "trace", "listener"]
}
