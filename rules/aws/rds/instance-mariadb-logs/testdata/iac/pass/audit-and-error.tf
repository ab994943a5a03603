resource "aws_db_option_group" "mariadb_audit" {
  name                 = "mariadb-audit"
  engine_name          = "mariadb"
  major_engine_version = "10.11"

  option {
    option_name = "MARIADB_AUDIT_PLUGIN"
  }
}

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
  option_group_name           = aws_db_option_group.mariadb_audit.name
  enabled_cloudwatch_logs_exports = ["audit", "error", "general", "slowquery"]
}
