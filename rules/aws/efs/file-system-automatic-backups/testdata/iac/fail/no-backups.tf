resource "aws_efs_file_system" "shared" {
  creation_token   = "shared-home"
  performance_mode = "generalPurpose"
  throughput_mode  = "elastic"
  encrypted        = true

  tags = {
    Name = "shared-home"
  }
}

resource "aws_efs_file_system" "media" {
  creation_token   = "media"
  performance_mode = "generalPurpose"
  throughput_mode  = "elastic"
  encrypted        = true

  tags = {
    Name = "media"
  }
}

resource "aws_efs_backup_policy" "media" {
  file_system_id = aws_efs_file_system.media.id

  backup_policy {
    status = "DISABLED"
  }
}
