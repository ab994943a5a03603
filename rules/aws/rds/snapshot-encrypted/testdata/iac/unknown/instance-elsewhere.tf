resource "aws_db_snapshot" "app" {
  db_instance_identifier = "app"
  db_snapshot_identifier = "app-before-upgrade"
}
