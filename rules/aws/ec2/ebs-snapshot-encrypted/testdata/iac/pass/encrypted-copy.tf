resource "aws_ebs_snapshot_copy" "data" {
  source_snapshot_id = "snap-0123456789abcdef0"
  source_region      = "eu-west-1"
  encrypted          = true
}
