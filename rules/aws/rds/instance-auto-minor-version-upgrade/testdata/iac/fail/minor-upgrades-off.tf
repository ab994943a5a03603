resource "aws_db_instance" "legacy" {
  identifier                  = "legacy-erp"
  engine                      = "oracle-se2"
  engine_version              = "19.0.0.0.ru-2024-07.rur-2024-07.r1"
  instance_class              = "db.m5.large"
  allocated_storage           = 100
  storage_type                = "gp3"
  username                    = "erpadmin"
  manage_master_user_password = true
  db_subnet_group_name        = "private-db-subnets"
  vpc_security_group_ids      = ["sg-0a1b2c3d4e5f60718"]
  skip_final_snapshot         = false
  final_snapshot_identifier   = "legacy-erp-final"
  license_model               = "license-included"
  auto_minor_version_upgrade  = false
}

resource "aws_rds_cluster" "pinned" {
  cluster_identifier          = "pinned"
  engine                      = "aurora-mysql"
  engine_version              = "8.0.mysql_aurora.3.05.2"
  master_username             = "app_admin"
  manage_master_user_password = true
}

resource "aws_rds_cluster_instance" "pinned_writer" {
  identifier                 = "pinned-1"
  cluster_identifier         = aws_rds_cluster.pinned.id
  engine                     = aws_rds_cluster.pinned.engine
  instance_class             = "db.r6g.large"
  auto_minor_version_upgrade = false
}
