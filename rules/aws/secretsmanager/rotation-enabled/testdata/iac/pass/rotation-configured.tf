resource "aws_secretsmanager_secret" "db" {
  name        = "prod/orders/db"
  description = "Orders database credentials"
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:SecretsManagerRDSPostgreSQLRotationSingleUser"

  rotation_rules {
    automatically_after_days = 30
  }
}

resource "aws_secretsmanager_secret" "api" {
  name = "prod/orders/stripe"
}

resource "aws_secretsmanager_secret_rotation" "api" {
  secret_id           = "prod/orders/stripe"
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:stripe-key-rotator"

  rotation_rules {
    schedule_expression = "rate(7 days)"
  }
}

