resource "aws_iam_role" "rds_monitoring" {
  name = "rds-enhanced-monitoring"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "monitoring.rds.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "rds_monitoring" {
  role       = aws_iam_role.rds_monitoring.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

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
  monitoring_interval         = 60
  monitoring_role_arn         = aws_iam_role.rds_monitoring.arn
}

resource "aws_rds_cluster" "analytics" {
  cluster_identifier          = "analytics"
  engine                      = "aurora-postgresql"
  engine_version              = "16.4"
  master_username             = "app_admin"
  manage_master_user_password = true
  storage_encrypted           = true
}

resource "aws_rds_cluster_instance" "analytics_writer" {
  identifier          = "analytics-1"
  cluster_identifier  = aws_rds_cluster.analytics.id
  engine              = aws_rds_cluster.analytics.engine
  instance_class      = "db.r6g.large"
  monitoring_interval = 15
  monitoring_role_arn = aws_iam_role.rds_monitoring.arn
}
