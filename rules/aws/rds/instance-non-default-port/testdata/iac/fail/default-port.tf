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
  port                        = 5432
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
  port                        = 3306
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
  port                        = 1433
}
