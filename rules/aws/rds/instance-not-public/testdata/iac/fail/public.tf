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
  publicly_accessible         = true
}

resource "aws_rds_cluster" "bi" {
  cluster_identifier          = "bi"
  engine                      = "aurora-mysql"
  engine_version              = "8.0.mysql_aurora.3.05.2"
  master_username             = "app_admin"
  manage_master_user_password = true
  db_subnet_group_name        = "public-db-subnets"
}

resource "aws_rds_cluster_instance" "bi_writer" {
  identifier          = "bi-1"
  cluster_identifier  = aws_rds_cluster.bi.id
  engine              = aws_rds_cluster.bi.engine
  instance_class      = "db.r6g.large"
  publicly_accessible = true
}
