resource "aws_kms_key" "eks" {
  description         = "EKS secrets envelope encryption"
  enable_key_rotation = true
}

resource "aws_eks_cluster" "encrypted" {
  name     = "prod-apps"
  version  = "1.33"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
  }

  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = aws_kms_key.eks.arn
    }
  }
}
