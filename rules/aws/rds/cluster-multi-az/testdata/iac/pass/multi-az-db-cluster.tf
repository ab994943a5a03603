resource "aws_rds_cluster" "ledger" {
  cluster_identifier          = "ledger"
  engine                      = "postgres"
  engine_version              = "16.4"
  db_cluster_instance_class   = "db.m6gd.large"
  storage_type                = "io2"
  allocated_storage           = 100
  iops                        = 3000
  master_username             = "app_admin"
  manage_master_user_password = true
  db_subnet_group_name        = "private-db-subnets"
  vpc_security_group_ids      = ["sg-0a1b2c3d4e5f60718"]
  final_snapshot_identifier   = "ledger-final"
}
