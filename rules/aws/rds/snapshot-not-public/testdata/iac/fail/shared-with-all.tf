resource "aws_db_instance" "app" {
  identifier        = "app"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  username          = "app"
  password          = "change-me-please"
  storage_encrypted = true
}

resource "aws_db_snapshot" "app" {
  db_instance_identifier = aws_db_instance.app.identifier
  db_snapshot_identifier = "app-before-upgrade"
  shared_accounts        = ["all"]
}
