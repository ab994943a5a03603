resource "aws_ebs_snapshot" "data" {
  volume_id = "vol-0123456789abcdef0"
}
