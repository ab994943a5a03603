resource "aws_secretsmanager_secret" "db" {
  name        = "prod/orders/db"
  description = "Orders database credentials"
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    username = "orders"
    password = "change-me-before-apply"
  })
}
