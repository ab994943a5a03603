resource "aws_efs_file_system" "shared" {
  creation_token   = "shared-home"
  performance_mode = "generalPurpose"
  throughput_mode  = "elastic"

  tags = {
    Name = "shared-home"
  }
}

resource "aws_efs_file_system" "media" {
  creation_token   = "media"
  performance_mode = "generalPurpose"
  throughput_mode  = "elastic"
  encrypted        = false

  tags = {
    Name = "media"
  }
}
