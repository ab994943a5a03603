resource "aws_db_instance" "wiki" {
  identifier                  = "wiki-db"
  engine                      = "mariadb"
  engine_version              = "10.11.9"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 100
  storage_type                = "gp3"
  username                    = "app_admin"
  manage_master_user_password = true
  db_subnet_group_name        = "private-db-subnets"
  vpc_security_group_ids      = ["sg-0a1b2c3d4e5f60718"]
  skip_final_snapshot         = false
  final_snapshot_identifier   = "wiki-db-final"
  enabled_cloudwatch_logs_exports = ["error", "slowquery"]
}

resource "aws_db_instance" "forum" {
  identifier                  = "forum-db"
  engine                      = "mariadb"
  engine_version              = "10.11.9"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 100
  storage_type                = "gp3"
  username                    = "app_admin"
  manage_master_user_password = true
  db_subnet_group_name        = "private-db-subnets"
  vpc_security_group_ids      = ["sg-0a1b2c3d4e5f60718"]
  skip_final_snapshot         = false
  final_snapshot_identifier   = "forum-db-final"
}
