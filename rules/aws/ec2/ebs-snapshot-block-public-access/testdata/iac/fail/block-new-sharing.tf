# Existing public snapshots stay public; only new public sharing is blocked.
resource "aws_ebs_snapshot_block_public_access" "this" {
  state = "block-new-sharing"
}
