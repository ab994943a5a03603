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
  auto_minor_version_upgrade  = true
  maintenance_window          = "sun:03:00-sun:04:00"
}

resource "aws_db_instance" "inventory" {
  identifier                  = "inventory-db"
  engine                      = "mysql"
  engine_version              = "8.0.39"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 100
  storage_type                = "gp3"
  username                    = "app_admin"
  manage_master_user_password = true
  db_subnet_group_name        = "private-db-subnets"
  vpc_security_group_ids      = ["sg-0a1b2c3d4e5f60718"]
  skip_final_snapshot         = false
  final_snapshot_identifier   = "inventory-db-final"
}

resource "aws_rds_cluster" "reporting" {
  cluster_identifier          = "reporting"
  engine                      = "aurora-postgresql"
  engine_version              = "16.4"
  master_username             = "app_admin"
  manage_master_user_password = true
  storage_encrypted           = true
}

resource "aws_rds_cluster_instance" "reporting_writer" {
  identifier                 = "reporting-1"
  cluster_identifier         = aws_rds_cluster.reporting.id
  engine                     = aws_rds_cluster.reporting.engine
  instance_class             = "db.r6g.large"
  auto_minor_version_upgrade = true
}
