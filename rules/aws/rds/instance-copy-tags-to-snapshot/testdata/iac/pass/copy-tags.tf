resource "aws_db_instance" "payments" {
  identifier                  = "payments-db"
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
  final_snapshot_identifier   = "payments-db-final"
  copy_tags_to_snapshot       = true
  tags = {
    CostCenter = "1234"
    Owner      = "payments"
  }
}
