resource "aws_security_group" "fileserver" {
  name        = "fileserver"
  description = "Windows file server"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    description = "SMB from the corporate network"
    from_port   = 445
    to_port     = 445
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
