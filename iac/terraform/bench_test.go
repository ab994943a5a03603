package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// genCorpus writes a realistic Terraform tree: a root module of 100
// files calling 20 local modules (30 files each) once or twice, with
// variables, locals, count, for_each, dynamic blocks and functions. It
// returns the number of files and lines written.
func genCorpus(tb testing.TB, dir string) (files, lines int) {
	tb.Helper()
	write := func(p, s string) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			tb.Fatal(err)
		}
		files++
		lines += strings.Count(s, "\n")
	}
	common := `variable "vpc_id" {
  type    = string
  default = "vpc-123456"
}

variable "env" {
  type    = string
  default = "prod"
}

locals {
  tags  = { Environment = var.env, ManagedBy = "terraform" }
  ports = [80, 443, 8080]
}
`
	unit := func(i int) string {
		return fmt.Sprintf(`variable "v_%[1]d" {
  type    = string
  default = "val%[1]d"
}

locals {
  l_%[1]d    = { for k in ["a", "b", "c"] : k => "${var.v_%[1]d}-${k}" }
  name_%[1]d = upper(var.v_%[1]d)
}

resource "aws_s3_bucket" "b_%[1]d" {
  bucket = "bkt-${lower(local.name_%[1]d)}-${var.env}"
  tags   = merge(local.tags, { Idx = "%[1]d", Sub = local.l_%[1]d["a"] })
}

resource "aws_s3_bucket_public_access_block" "b_%[1]d" {
  bucket                  = aws_s3_bucket.b_%[1]d.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = var.env == "prod"
  restrict_public_buckets = true
}

resource "aws_security_group" "sg_%[1]d" {
  name   = "sg-%[1]d"
  vpc_id = var.vpc_id

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [cidrsubnet("10.0.0.0/8", 8, %[1]d %% 256)]
  }

  dynamic "ingress" {
    for_each = local.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "i_%[1]d" {
  count                  = 2
  ami                    = "ami-%08[1]d"
  instance_type          = count.index == 0 ? "t3.large" : "t3.micro"
  vpc_security_group_ids = [aws_security_group.sg_%[1]d.id]

  root_block_device {
    encrypted   = true
    volume_size = 20 + count.index * 10
  }

  tags = merge(local.tags, { Name = format("i-%%d-%%d", %[1]d, count.index) })
}

resource "aws_iam_policy" "p_%[1]d" {
  name = "policy-%[1]d"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = [aws_s3_bucket.b_%[1]d.arn, "${aws_s3_bucket.b_%[1]d.arn}/*"]
    }]
  })
}
`, i)
	}
	for m := range 20 {
		mdir := filepath.Join(dir, "modules", fmt.Sprintf("mod%d", m))
		write(filepath.Join(mdir, "common.tf"), common+"output \"first\" {\n  value = aws_s3_bucket.b_1.bucket\n}\n")
		for f := 1; f < 30; f++ {
			write(filepath.Join(mdir, fmt.Sprintf("unit%02d.tf", f)), unit(f))
		}
	}
	var calls strings.Builder
	calls.WriteString(common)
	for m := range 20 {
		if m%2 == 0 {
			fmt.Fprintf(&calls, "\nmodule \"m%d\" {\n  source   = \"./modules/mod%d\"\n  for_each = toset([\"eu\", \"us\"])\n  env      = each.key\n}\n", m, m)
		} else {
			fmt.Fprintf(&calls, "\nmodule \"m%d\" {\n  source = \"./modules/mod%d\"\n  env    = var.env\n}\n", m, m)
		}
	}
	write(filepath.Join(dir, "main.tf"), calls.String())
	for f := 1; f < 100; f++ {
		write(filepath.Join(dir, fmt.Sprintf("unit%02d.tf", f)), unit(f))
	}
	write(filepath.Join(dir, "terraform.tfvars"), "env = \"staging\"\n")
	return files, lines
}

func TestCorpusLoads(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus test skipped in -short mode")
	}
	dir := t.TempDir()
	files, lines := genCorpus(t, dir)
	rs, ds := Load(dir, Options{})
	if len(ds) != 0 {
		t.Fatalf("diagnostics: %v", ds[:min(len(ds), 5)])
	}
	// Per unit: 5 resources, one with count 2 → 6 instances. The root has
	// 99 units; modules 29 units each, 10 called twice and 10 once.
	want := 99*6 + 29*6*30
	if len(rs) != want {
		t.Errorf("%d files, %d lines: %d resources, want %d", files, lines, len(rs), want)
	}
}

// BenchmarkLoad loads a generated corpus of 700 files / ~50,000 lines.
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	files, lines := genCorpus(b, dir)
	for b.Loop() {
		rs, ds := Load(dir, Options{})
		if len(ds) != 0 || len(rs) == 0 {
			b.Fatalf("%d resources, diagnostics %v", len(rs), ds)
		}
	}
	b.ReportMetric(float64(files), "files")
	b.ReportMetric(float64(lines), "lines")
}
