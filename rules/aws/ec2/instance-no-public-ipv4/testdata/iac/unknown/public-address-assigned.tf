# A public IPv4 address is assigned at launch, so its value exists only
# after apply: the rule cannot tell the value, only that one is coming.
resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
}

resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.0.0/24"
  map_public_ip_on_launch = true
}

resource "aws_instance" "web" {
  ami           = "ami-0c02fb55956c7d316"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.public.id

  tags = {
    Name = "web-public-subnet"
  }
}

resource "aws_instance" "bastion" {
  ami                         = "ami-0c02fb55956c7d316"
  instance_type               = "t3.micro"
  subnet_id                   = "subnet-0aaaaaaaaaaaaaa01"
  associate_public_ip_address = true

  tags = {
    Name = "bastion"
  }
}

# The subnet is not in this code: whether it maps public addresses is unknown.
resource "aws_instance" "elsewhere" {
  ami           = "ami-0c02fb55956c7d316"
  instance_type = "t3.micro"
  subnet_id     = "subnet-0bbbbbbbbbbbbbb02"
}
