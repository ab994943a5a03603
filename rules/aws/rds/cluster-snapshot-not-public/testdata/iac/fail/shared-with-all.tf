resource "aws_rds_cluster" "app" {
  cluster_identifier  = "app"
  engine              = "aurora-postgresql"
  master_username     = "app"
  master_password     = "change-me-please"
  storage_encrypted   = true
}

resource "aws_db_cluster_snapshot" "app" {
  db_cluster_identifier          = aws_rds_cluster.app.cluster_identifier
  db_cluster_snapshot_identifier = "app-before-upgrade"
  shared_accounts                = ["all"]
}
