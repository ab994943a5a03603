// Command iacgen writes a deterministic, realistic Terraform corpus for
// benchmarking `cloudward scan iac`: a monorepo of root modules, one per
// service (services/<name>: versions.tf, variables.tf, locals.tf, main.tf,
// outputs.tf, terraform.tfvars and one file per component), calling shared
// local modules (modules/s3-bucket, network, instance, database,
// lambda-service, alb, audit) with count and for_each. The code uses
// variables with defaults and tfvars, locals, for expressions, dynamic
// blocks, jsonencode'd IAM, bucket, queue and key policies, and the AWS
// resource types iac/adapt maps, with a mix of compliant and non-compliant
// settings.
//
// The same flags always write the same bytes. The component files are
// sized so the corpus totals about -files files and -lines lines; the
// exact totals are printed and stored in DIR/.iacgen.
//
//	go run ./bench/iacgen -o DIR -files 700 -lines 50000 -seed 1
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

func main() {
	out := flag.String("o", "bench/out/iac-corpus", "output `DIR` (must not exist or be empty, unless -force)")
	files := flag.Int("files", 700, "approximate number of files")
	lines := flag.Int("lines", 50000, "approximate number of lines")
	seed := flag.Uint64("seed", 1, "random seed")
	force := flag.Bool("force", false, "delete DIR first if it exists")
	flag.Parse()
	if *files < 1 || *lines < 1 {
		fatalf("-files and -lines must be positive")
	}
	if ents, err := os.ReadDir(*out); err == nil && len(ents) > 0 {
		if !*force {
			fatalf("%s exists and is not empty (use -force to replace it)", *out)
		}
		if err := os.RemoveAll(*out); err != nil {
			fatalf("%v", err)
		}
	}
	g := &gen{dir: *out, r: rand.New(rand.NewPCG(*seed, 0x1acc0de)), kinds: map[string]int{}}
	g.run(*files, *lines)
	roots := len(g.roots)
	summary := fmt.Sprintf("files=%d lines=%d seed=%d\nwritten_files=%d written_lines=%d root_modules=%d shared_modules=%d resource_blocks=%d module_calls=%d\n",
		*files, *lines, *seed, g.files, g.lines, roots, len(sharedModules), g.resources, g.moduleCalls)
	if err := os.WriteFile(filepath.Join(*out, ".iacgen"), []byte(summary), 0o644); err != nil {
		fatalf("%v", err)
	}
	fmt.Printf("wrote %d files, %d lines to %s: %d root modules (services/*), %d shared modules (modules/*), %d resource blocks, %d module calls\n",
		g.files, g.lines, *out, roots, len(sharedModules), g.resources, g.moduleCalls)
	var ks []string
	for k := range g.kinds {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	var parts []string
	for _, k := range ks {
		parts = append(parts, fmt.Sprintf("%s %d", k, g.kinds[k]))
	}
	fmt.Printf("component files: %s\n", strings.Join(parts, ", "))
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "iacgen: "+format+"\n", args...)
	os.Exit(1)
}

type gen struct {
	dir                    string
	r                      *rand.Rand
	files, lines           int
	resources, moduleCalls int
	roots                  []*root
	kinds                  map[string]int
}

// root is one service's root module.
type root struct {
	name, dir      string
	env, region    string
	account        string
	labels         map[string]bool // resource labels used, per type prefix
	fileNames      map[string]bool
	platform       bool
	enableCompute  bool
	enableDatabase bool
	enableALB      bool
	requireIMDSv2  bool
	encryptVolumes bool
	keyRotation    bool
	instanceCount  int
	logRetention   int
	vpcCIDR        string
	adminCIDRs     []string
	appPorts       []int
	buckets        []string
	functions      []string
	extraIngress   []string
}

var services = []string{
	"platform", "billing", "checkout", "catalog", "search", "payments", "identity",
	"notifications", "reporting", "analytics", "inventory", "shipping", "orders",
	"pricing", "recommendations", "media", "gateway", "ledger", "support", "partners",
}

var words = []string{
	"uploads", "exports", "reports", "archive", "events", "orders", "users", "sessions",
	"invoices", "ingest", "webhooks", "scheduler", "sync", "images", "cache", "metrics",
	"audit", "imports", "documents", "thumbnails", "snapshots", "receipts", "ledger",
	"refunds", "emails", "jobs", "batch", "stream", "profiles", "catalog", "feeds",
	"alerts", "workers", "indexer", "backfill", "settlements", "quotes", "claims",
}

func (g *gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }
func (g *gen) chance(p float64) bool   { return g.r.Float64() < p }
func (g *gen) between(lo, hi int) int  { return lo + g.r.IntN(hi-lo+1) }

func b2s(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// t fills {{key}} placeholders.
func t(tmpl string, kv ...string) string {
	return strings.NewReplacer(func() []string {
		out := make([]string, 0, len(kv))
		for i := 0; i+1 < len(kv); i += 2 {
			out = append(out, "{{"+kv[i]+"}}", kv[i+1])
		}
		return out
	}()...).Replace(tmpl)
}

var resourceRE = regexp.MustCompile(`(?m)^resource "`)
var moduleRE = regexp.MustCompile(`(?m)^module "`)

func (g *gen) write(rel, content string) {
	p := filepath.Join(g.dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		fatalf("%v", err)
	}
	if strings.HasSuffix(rel, ".tf") || strings.HasSuffix(rel, ".tfvars") {
		content = align(content)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		fatalf("%v", err)
	}
	g.files++
	g.lines += strings.Count(content, "\n")
	g.resources += len(resourceRE.FindAllStringIndex(content, -1))
	g.moduleCalls += len(moduleRE.FindAllStringIndex(content, -1))
}

var attrRE = regexp.MustCompile(`^(\s*)([A-Za-z_][\w-]*|"[^"]*")\s*=\s*(.*)$`)

// align lines up the = of consecutive attributes at the same indentation,
// as terraform fmt does.
func align(s string) string {
	ls := strings.Split(s, "\n")
	var group []int
	flush := func() {
		w := 0
		for _, i := range group {
			m := attrRE.FindStringSubmatch(ls[i])
			w = max(w, len(m[2]))
		}
		for _, i := range group {
			m := attrRE.FindStringSubmatch(ls[i])
			ls[i] = m[1] + m[2] + strings.Repeat(" ", w-len(m[2])) + " = " + m[3]
		}
		group = group[:0]
	}
	indent := ""
	heredoc := ""
	for i, l := range ls {
		if heredoc != "" {
			if strings.TrimSpace(l) == heredoc {
				heredoc = ""
			}
			continue
		}
		m := attrRE.FindStringSubmatch(l)
		if m == nil || strings.HasPrefix(m[3], "=") {
			flush()
			continue
		}
		if len(group) > 0 && m[1] != indent {
			flush()
		}
		indent = m[1]
		group = append(group, i)
		if j := strings.Index(m[3], "<<-"); j >= 0 {
			flush()
			heredoc = strings.TrimSpace(m[3][j+3:])
		}
	}
	flush()
	return strings.Join(ls, "\n")
}

func (g *gen) run(files, lines int) {
	g.writeModules()
	nRoots := min(max(files/35, 1), 20)
	for i := range nRoots {
		g.roots = append(g.roots, g.newRoot(i))
	}
	for _, rt := range g.roots {
		g.writeRoot(rt)
	}
	rem := files - g.files
	for i := range max(rem, 0) {
		rt := g.roots[i%len(g.roots)]
		target := (lines - g.lines) / (rem - i)
		g.componentFile(rt, target)
	}
}

func (g *gen) newRoot(i int) *root {
	name := services[i%len(services)]
	if i >= len(services) {
		name = fmt.Sprintf("%s-%d", name, i/len(services)+1)
	}
	env := []string{"prod", "prod", "staging", "dev"}[g.r.IntN(4)]
	if i == 0 {
		env = "prod"
	}
	rt := &root{
		name: name, dir: "services/" + name, env: env,
		region:         g.pick([]string{"eu-west-1", "eu-west-1", "us-east-1", "us-west-2", "eu-central-1"}),
		account:        map[string]string{"prod": "111122223333", "staging": "222233334444", "dev": "333344445555"}[env],
		labels:         map[string]bool{},
		fileNames:      map[string]bool{},
		platform:       i == 0,
		enableCompute:  g.chance(0.75),
		enableDatabase: g.chance(0.45),
		enableALB:      g.chance(0.4),
		requireIMDSv2:  env == "prod" || g.chance(0.4),
		encryptVolumes: g.chance(0.6),
		keyRotation:    g.chance(0.75),
		instanceCount:  g.between(1, 4),
		logRetention:   []int{0, 7, 14, 30, 90, 365}[g.r.IntN(6)],
		vpcCIDR:        fmt.Sprintf("10.%d.0.0/16", 10+i),
		adminCIDRs:     []string{"10.0.0.0/8"},
		appPorts:       []int{8080},
	}
	if g.chance(0.2) {
		rt.adminCIDRs = []string{"0.0.0.0/0"}
	} else if g.chance(0.3) {
		rt.adminCIDRs = append(rt.adminCIDRs, "192.168.100.0/24")
	}
	if g.chance(0.4) {
		rt.appPorts = append(rt.appPorts, 9090)
	}
	perm := g.r.Perm(len(words))
	for _, k := range perm[:g.between(2, 5)] {
		rt.buckets = append(rt.buckets, words[k])
	}
	for _, k := range perm[5 : 5+g.between(1, 4)] {
		rt.functions = append(rt.functions, words[k])
	}
	if g.chance(0.3) {
		rt.extraIngress = append(rt.extraIngress, `{ sg = "app", port = 5432, cidr = "10.0.0.0/8", description = "Postgres from corporate" }`)
	}
	if g.chance(0.15) {
		rt.extraIngress = append(rt.extraIngress, `{ sg = "admin", port = 3389, cidr = "0.0.0.0/0", description = "RDP (temporary)" }`)
	}
	return rt
}

// label returns a resource label not used yet in the root. Labels are
// unique across components (not per type): several components declare the
// same resource types (log groups, IAM roles, security groups).
func (rt *root) label(word string) string {
	l := strings.ReplaceAll(word, "-", "_")
	for n := 2; rt.labels[l]; n++ {
		l = fmt.Sprintf("%s_%d", strings.ReplaceAll(word, "-", "_"), n)
	}
	rt.labels[l] = true
	return l
}

func dash(l string) string { return strings.ReplaceAll(l, "_", "-") }

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// ---------------------------------------------------------------- roots

func (g *gen) writeRoot(rt *root) {
	g.write(rt.dir+"/versions.tf", t(`terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
  }

  backend "s3" {
    bucket         = "acme-terraform-state-{{account}}"
    key            = "services/{{name}}/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "terraform-locks"
    encrypt        = true
  }
}

provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = local.common_tags
  }
}

# Global resources (CloudFront certificates, WAF) live in us-east-1.
provider "aws" {
  alias               = "us_east_1"
  region              = "us-east-1"
  allowed_account_ids = [var.account_id]
}
`, "account", rt.account, "name", rt.name))

	g.write(rt.dir+"/variables.tf", `variable "service" {
  type        = string
  description = "Service name, used as the prefix of every resource name."
}

variable "env" {
  type        = string
  description = "Deployment environment."
  default     = "dev"
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "account_id" {
  type        = string
  description = "AWS account the service is deployed to."
}

variable "vpc_cidr" {
  type    = string
  default = "10.0.0.0/16"
}

variable "tags" {
  type    = map(string)
  default = {}
}

variable "admin_cidrs" {
  type        = list(string)
  description = "Networks allowed to reach instances over SSH."
  default     = ["10.0.0.0/8"]
}

variable "app_ports" {
  type    = list(number)
  default = [8080]
}

variable "extra_ingress" {
  type = list(object({
    sg          = string
    port        = number
    cidr        = string
    description = optional(string, "")
  }))
  default = []
}

variable "buckets" {
  type = map(object({
    versioning  = optional(bool, true)
    kms         = optional(bool, false)
    public_read = optional(bool, false)
    force_ssl   = optional(bool, true)
    expire_days = optional(number, 0)
  }))
  default = {}
}

variable "functions" {
  type = map(object({
    runtime      = string
    handler      = optional(string, "main.handler")
    memory       = optional(number, 256)
    timeout      = optional(number, 30)
    public       = optional(bool, false)
    in_vpc       = optional(bool, false)
    encrypt_logs = optional(bool, false)
  }))
  default = {}
}

variable "enable_compute" {
  type    = bool
  default = true
}

variable "instance_count" {
  type    = number
  default = 2
}

variable "instance_type" {
  type    = string
  default = "t3.medium"
}

variable "ami_id" {
  type    = string
  default = "ami-0c1c30571d2dae5c9"
}

variable "require_imdsv2" {
  type    = bool
  default = true
}

variable "encrypt_volumes" {
  type    = bool
  default = true
}

variable "data_volume_size" {
  type    = number
  default = 0
}

variable "enable_database" {
  type    = bool
  default = false
}

variable "db_instance_class" {
  type    = string
  default = "db.t4g.medium"
}

variable "db_engine" {
  type    = string
  default = "postgres"
}

variable "enable_alb" {
  type    = bool
  default = false
}

variable "certificate_arn" {
  type    = string
  default = ""
}

variable "ssl_policy" {
  type    = string
  default = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "log_retention_days" {
  type    = number
  default = 30
}

variable "key_rotation" {
  type    = bool
  default = true
}

variable "artifact_version" {
  type    = string
  default = "latest"
}
`)

	g.write(rt.dir+"/locals.tf", `locals {
  name_prefix = "${var.service}-${var.env}"
  is_prod     = var.env == "prod"

  common_tags = merge(var.tags, {
    Service     = var.service
    Environment = var.env
    ManagedBy   = "terraform"
    Repository  = "acme/infrastructure"
  })

  azs = [for s in ["a", "b", "c"] : "${var.region}${s}"]

  subnets = merge(
    { for i, s in ["a", "b", "c"] : "private-${s}" => { cidr = cidrsubnet(var.vpc_cidr, 4, i), az = "${var.region}${s}", public = false } },
    { for i, s in ["a", "b", "c"] : "public-${s}" => { cidr = cidrsubnet(var.vpc_cidr, 8, 200 + i), az = "${var.region}${s}", public = true } },
  )

  security_groups = {
    app = {
      description = "Application tier of ${var.service}"
      ingress     = [for p in var.app_ports : { port = p, protocol = "tcp", cidrs = [var.vpc_cidr] }]
    }
    web = {
      description = "Public HTTP(S) for ${var.service}"
      ingress = [
        { port = 443, protocol = "tcp", cidrs = ["0.0.0.0/0"] },
        { port = 80, protocol = "tcp", cidrs = ["0.0.0.0/0"] },
      ]
    }
    admin = {
      description = "Administrative access"
      ingress     = [for c in var.admin_cidrs : { port = 22, protocol = "tcp", cidrs = [c] }]
    }
  }

  private_subnet_ids = [for k, id in module.network.subnet_ids : id if startswith(k, "private-")]
  public_subnet_ids  = [for k, id in module.network.subnet_ids : id if startswith(k, "public-")]
  access_log_bucket  = "acme-access-logs-${var.account_id}-${var.region}"
}
`)

	var main strings.Builder
	main.WriteString(`data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

resource "aws_kms_key" "main" {
  description             = "${local.name_prefix} data encryption"
  deletion_window_in_days = 30
  enable_key_rotation     = var.key_rotation
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableRootPermissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${var.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "AllowCloudWatchLogs"
        Effect    = "Allow"
        Principal = { Service = "logs.${var.region}.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:aws:logs:${var.region}:${var.account_id}:*" }
        }
      },
    ]
  })
}

resource "aws_kms_alias" "main" {
  name          = "alias/${local.name_prefix}"
  target_key_id = aws_kms_key.main.key_id
}

module "network" {
  source = "../../modules/network"

  name                = local.name_prefix
  cidr                = var.vpc_cidr
  subnets             = local.subnets
  security_groups     = local.security_groups
  extra_ingress       = var.extra_ingress
  flow_logs           = local.is_prod
  flow_log_bucket_arn = "arn:aws:s3:::acme-flow-logs-${var.account_id}"
  tags                = local.common_tags
}

module "buckets" {
  source   = "../../modules/s3-bucket"
  for_each = var.buckets

  name              = "acme-${local.name_prefix}-${each.key}"
  versioning        = each.value.versioning
  use_kms           = each.value.kms
  kms_key_arn       = aws_kms_key.main.arn
  public_read       = each.value.public_read
  force_ssl         = each.value.force_ssl
  access_log_bucket = local.is_prod ? local.access_log_bucket : ""
  lifecycle_days    = each.value.expire_days
  tags              = local.common_tags
}

module "app" {
  source = "../../modules/instance"
  count  = var.enable_compute ? 1 : 0

  name               = "${local.name_prefix}-app"
  instance_count     = var.instance_count
  instance_type      = var.instance_type
  ami                = var.ami_id
  subnet_ids         = local.private_subnet_ids
  azs                = local.azs
  security_group_ids = [module.network.security_group_ids["app"], module.network.security_group_ids["admin"]]
  require_imdsv2     = var.require_imdsv2
  encrypt_volumes    = local.is_prod || var.encrypt_volumes
  data_volume_size   = var.data_volume_size
  tags               = local.common_tags
}

module "database" {
  source = "../../modules/database"
  count  = var.enable_database ? 1 : 0

  name                      = "${local.name_prefix}-db"
  engine                    = var.db_engine
  instance_class            = var.db_instance_class
  vpc_id                    = module.network.vpc_id
  subnet_ids                = local.private_subnet_ids
  client_security_group_ids = [module.network.security_group_ids["app"]]
  multi_az                  = local.is_prod
  backup_retention_days     = local.is_prod ? 14 : 1
  deletion_protection       = local.is_prod
  kms_rotation              = var.key_rotation
  tags                      = local.common_tags
}

module "functions" {
  source   = "../../modules/lambda-service"
  for_each = var.functions

  name               = "${local.name_prefix}-${each.key}"
  env                = var.env
  region             = var.region
  account_id         = var.account_id
  runtime            = each.value.runtime
  handler            = each.value.handler
  memory_size        = each.value.memory
  timeout            = each.value.timeout
  public             = each.value.public
  log_retention_days = var.log_retention_days
  kms_key_arn        = each.value.encrypt_logs ? aws_kms_key.main.arn : null
  subnet_ids         = each.value.in_vpc ? local.private_subnet_ids : []
  security_group_ids = each.value.in_vpc ? [module.network.security_group_ids["app"]] : []
  artifact_bucket    = "acme-artifacts-${var.account_id}"
  artifact_key       = "${var.service}/${each.key}/${var.artifact_version}.zip"
  environment = {
    SERVICE   = var.service
    LOG_LEVEL = local.is_prod ? "info" : "debug"
  }
  tags = local.common_tags
}

module "alb" {
  source = "../../modules/alb"
  count  = var.enable_alb ? 1 : 0

  name                 = local.name_prefix
  vpc_id               = module.network.vpc_id
  subnet_ids           = local.public_subnet_ids
  security_group_ids   = [module.network.security_group_ids["web"]]
  certificate_arn      = var.certificate_arn
  ssl_policy           = var.ssl_policy
  redirect_http        = var.certificate_arn != ""
  drop_invalid_headers = local.is_prod
  deletion_protection  = local.is_prod
  access_log_bucket    = local.is_prod ? local.access_log_bucket : ""
  tags                 = local.common_tags
}
`)
	if rt.platform {
		main.WriteString(`
module "audit" {
  source = "../../modules/audit"

  name               = "organization"
  account_id         = var.account_id
  region             = var.region
  trail_bucket_name  = "acme-cloudtrail-${var.account_id}"
  multi_region       = true
  log_retention_days = 365
  tags               = local.common_tags
}

module "access_logs" {
  source = "../../modules/s3-bucket"

  name        = local.access_log_bucket
  versioning  = true
  force_ssl   = true
  tags        = local.common_tags
  policy_statements = [
    {
      Sid       = "S3ServerAccessLogsPolicy"
      Effect    = "Allow"
      Principal = { Service = "logging.s3.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "arn:aws:s3:::${local.access_log_bucket}/*"
      Condition = { StringEquals = { "aws:SourceAccount" = var.account_id } }
    },
  ]
}
`)
	}
	g.write(rt.dir+"/main.tf", main.String())

	g.write(rt.dir+"/outputs.tf", `output "vpc_id" {
  description = "VPC of the service."
  value       = module.network.vpc_id
}

output "subnet_ids" {
  value = module.network.subnet_ids
}

output "security_group_ids" {
  value = module.network.security_group_ids
}

output "bucket_arns" {
  description = "ARN of each data bucket, by short name."
  value       = { for k, b in module.buckets : k => b.arn }
}

output "bucket_names" {
  value = [for b in module.buckets : b.bucket_name]
}

output "instance_ids" {
  value = try(module.app[0].instance_ids, [])
}

output "database_endpoint" {
  value     = try(module.database[0].endpoint, null)
  sensitive = true
}

output "function_arns" {
  value = { for k, f in module.functions : k => f.function_arn }
}

output "load_balancer_dns" {
  value = try(module.alb[0].dns_name, "")
}

output "kms_key_arn" {
  value = aws_kms_key.main.arn
}
`)

	var tv strings.Builder
	fmt.Fprintf(&tv, "service    = %q\nenv        = %q\nregion     = %q\naccount_id = %q\nvpc_cidr   = %q\n\n", rt.name, rt.env, rt.region, rt.account, rt.vpcCIDR)
	fmt.Fprintf(&tv, "tags = {\n  Owner      = \"team-%s\"\n  CostCenter = \"cc-%04d\"\n}\n\n", rt.name, 1000+g.r.IntN(9000))
	fmt.Fprintf(&tv, "admin_cidrs = %s\n", quoteList(rt.adminCIDRs))
	ports := make([]string, len(rt.appPorts))
	for i, p := range rt.appPorts {
		ports[i] = fmt.Sprint(p)
	}
	fmt.Fprintf(&tv, "app_ports   = [%s]\n\n", strings.Join(ports, ", "))
	if len(rt.extraIngress) > 0 {
		tv.WriteString("extra_ingress = [\n")
		for _, e := range rt.extraIngress {
			fmt.Fprintf(&tv, "  %s,\n", e)
		}
		tv.WriteString("]\n\n")
	}
	tv.WriteString("buckets = {\n")
	for i, b := range rt.buckets {
		var opts []string
		switch {
		case i == 0:
			opts = append(opts, "kms = true")
		case g.chance(0.15):
			opts = append(opts, "public_read = true", "force_ssl = false")
		case g.chance(0.3):
			opts = append(opts, "versioning = false")
		}
		if g.chance(0.3) {
			opts = append(opts, fmt.Sprintf("expire_days = %d", []int{30, 90, 365}[g.r.IntN(3)]))
		}
		if len(opts) == 0 {
			fmt.Fprintf(&tv, "  %s = {}\n", b)
		} else {
			fmt.Fprintf(&tv, "  %s = { %s }\n", b, strings.Join(opts, ", "))
		}
	}
	tv.WriteString("}\n\nfunctions = {\n")
	for _, f := range rt.functions {
		opts := []string{fmt.Sprintf("runtime = %q", g.pick([]string{"python3.12", "python3.12", "nodejs20.x", "nodejs20.x", "java21", "python3.8", "nodejs16.x"}))}
		if g.chance(0.4) {
			opts = append(opts, fmt.Sprintf("memory = %d", []int{512, 1024, 2048}[g.r.IntN(3)]))
		}
		if g.chance(0.1) {
			opts = append(opts, "public = true")
		}
		if g.chance(0.4) {
			opts = append(opts, "in_vpc = true")
		}
		if g.chance(0.5) {
			opts = append(opts, "encrypt_logs = true")
		}
		fmt.Fprintf(&tv, "  %s = { %s }\n", f, strings.Join(opts, ", "))
	}
	tv.WriteString("}\n\n")
	fmt.Fprintf(&tv, "enable_compute   = %s\ninstance_count   = %d\ninstance_type    = %q\nrequire_imdsv2   = %s\nencrypt_volumes  = %s\ndata_volume_size = %d\n\n",
		b2s(rt.enableCompute), rt.instanceCount, g.pick([]string{"t3.medium", "m6i.large", "c6i.xlarge"}), b2s(rt.requireIMDSv2), b2s(rt.encryptVolumes), []int{0, 50, 200}[g.r.IntN(3)])
	fmt.Fprintf(&tv, "enable_database = %s\ndb_engine       = %q\n\n", b2s(rt.enableDatabase), g.pick([]string{"postgres", "postgres", "mysql"}))
	fmt.Fprintf(&tv, "enable_alb = %s\n", b2s(rt.enableALB))
	if rt.enableALB && g.chance(0.7) {
		fmt.Fprintf(&tv, "certificate_arn = \"arn:aws:acm:%s:%s:certificate/%08x-1111-2222-3333-%012x\"\n", rt.region, rt.account, g.r.Uint32(), g.r.Uint64()&0xffffffffffff)
		if g.chance(0.3) {
			tv.WriteString("ssl_policy = \"ELBSecurityPolicy-2016-08\"\n")
		}
	}
	fmt.Fprintf(&tv, "\nlog_retention_days = %d\nkey_rotation       = %s\nartifact_version   = \"v%d.%d.%d\"\n",
		rt.logRetention, b2s(rt.keyRotation), g.between(1, 4), g.between(0, 30), g.between(0, 9))
	g.write(rt.dir+"/terraform.tfvars", tv.String())

	if rt.platform {
		g.write(rt.dir+"/baseline.tf", `# Account-wide security settings, owned by the platform team.

resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length        = 14
  require_lowercase_characters   = true
  require_numbers                = true
  require_uppercase_characters   = true
  require_symbols                = true
  allow_users_to_change_password = true
  max_password_age               = 90
  password_reuse_prevention      = 24
}

resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

resource "aws_ebs_default_kms_key" "this" {
  key_arn = aws_kms_key.main.arn
}

resource "aws_ebs_snapshot_block_public_access" "this" {
  state = "block-all-sharing"
}

resource "aws_iam_role" "break_glass" {
  name                 = "break-glass"
  max_session_duration = 3600
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${var.account_id}:root" }
      Action    = "sts:AssumeRole"
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "break_glass" {
  role       = aws_iam_role.break_glass.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
`)
	}
}

// ---------------------------------------------------------------- components

type component struct {
	name   string // file name prefix
	weight int
	gen    func(g *gen, rt *root, word string) string
}

var components = []component{
	{"s3", 6, (*gen).compS3},
	{"sg", 4, (*gen).compSG},
	{"ec2", 4, (*gen).compEC2},
	{"rds", 2, (*gen).compRDS},
	{"iam", 4, (*gen).compIAM},
	{"lambda", 4, (*gen).compLambda},
	{"sqs", 3, (*gen).compSQS},
	{"sns", 2, (*gen).compSNS},
	{"dynamodb", 2, (*gen).compDynamo},
	{"alb", 2, (*gen).compALB},
	{"logs", 2, (*gen).compLogs},
	{"kms", 2, (*gen).compKMS},
	{"secrets", 1, (*gen).compSecrets},
}

func (g *gen) componentFile(rt *root, target int) {
	total := 0
	for _, c := range components {
		total += c.weight
	}
	n := g.r.IntN(total)
	var c component
	for _, c = range components {
		if n < c.weight {
			break
		}
		n -= c.weight
	}
	first := g.pick(words)
	name := c.name + "_" + first
	for k := 2; rt.fileNames[name]; k++ {
		name = fmt.Sprintf("%s_%s_%d", c.name, first, k)
	}
	rt.fileNames[name] = true
	g.kinds[c.name]++
	var b strings.Builder
	cur := 0
	for i := 0; ; i++ {
		word := first
		if i > 0 {
			word = g.pick(words)
		}
		s := c.gen(g, rt, word)
		if i > 0 {
			s = "\n" + s
		}
		ln := strings.Count(s, "\n")
		// Stop when one more component overshoots the target by more than
		// the current content falls short of it.
		if i > 0 && cur+ln-target > target-cur {
			break
		}
		b.WriteString(s)
		cur += ln
		if cur >= target {
			break
		}
	}
	g.write(rt.dir+"/"+name+".tf", b.String())
}

func (g *gen) compS3(rt *root, word string) string {
	l := rt.label(word)
	var b strings.Builder
	kv := []string{"l", l, "d", dash(l)}
	b.WriteString(t(`resource "aws_s3_bucket" "{{l}}" {
  bucket = "acme-${local.name_prefix}-{{d}}"
  tags = merge(local.common_tags, {
    DataClassification = "{{class}}"
  })
}
`, append(kv, "class", g.pick([]string{"internal", "confidential", "public", "restricted"}))...))
	public := g.chance(0.08)
	if g.chance(0.85) {
		strict := !public && g.chance(0.9)
		b.WriteString(t(`
resource "aws_s3_bucket_public_access_block" "{{l}}" {
  bucket                  = aws_s3_bucket.{{l}}.id
  block_public_acls       = true
  block_public_policy     = {{s}}
  ignore_public_acls      = true
  restrict_public_buckets = {{s}}
}
`, append(kv, "s", b2s(strict))...))
	}
	if g.chance(0.8) {
		if g.chance(0.5) {
			b.WriteString(t(`
resource "aws_s3_bucket_server_side_encryption_configuration" "{{l}}" {
  bucket = aws_s3_bucket.{{l}}.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.main.arn
    }
    bucket_key_enabled = true
  }
}
`, kv...))
		} else {
			b.WriteString(t(`
resource "aws_s3_bucket_server_side_encryption_configuration" "{{l}}" {
  bucket = aws_s3_bucket.{{l}}.bucket

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
`, kv...))
		}
	}
	if g.chance(0.7) {
		status := g.pick([]string{`"Enabled"`, `"Enabled"`, `local.is_prod ? "Enabled" : "Suspended"`, `"Suspended"`})
		b.WriteString(t(`
resource "aws_s3_bucket_versioning" "{{l}}" {
  bucket = aws_s3_bucket.{{l}}.id
  versioning_configuration {
    status = {{st}}
  }
}
`, append(kv, "st", status)...))
	}
	if g.chance(0.4) {
		b.WriteString(t(`
resource "aws_s3_bucket_ownership_controls" "{{l}}" {
  bucket = aws_s3_bucket.{{l}}.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
`, kv...))
	} else if public && g.chance(0.5) {
		b.WriteString(t(`
resource "aws_s3_bucket_acl" "{{l}}" {
  bucket = aws_s3_bucket.{{l}}.id
  acl    = "public-read"
}
`, kv...))
	}
	if g.chance(0.4) {
		b.WriteString(t(`
resource "aws_s3_bucket_logging" "{{l}}" {
  bucket        = aws_s3_bucket.{{l}}.id
  target_bucket = local.access_log_bucket
  target_prefix = "s3/${aws_s3_bucket.{{l}}.bucket}/"
}
`, kv...))
	}
	if public {
		b.WriteString(t(`
resource "aws_s3_bucket_policy" "{{l}}" {
  bucket = aws_s3_bucket.{{l}}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "PublicReadGetObject"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::acme-${local.name_prefix}-{{d}}/*"
      },
    ]
  })
}
`, kv...))
	} else if g.chance(0.6) {
		extra := ""
		if g.chance(0.4) {
			extra = t(`
      {
        Sid       = "AllowOrgRead"
        Effect    = "Allow"
        Principal = "*"
        Action    = ["s3:GetObject", "s3:ListBucket"]
        Resource  = [local.{{l}}_arn, "${local.{{l}}_arn}/*"]
        Condition = {
          StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" }
        }
      },`, kv...)
		}
		b.WriteString(t(`
locals {
  {{l}}_arn = "arn:aws:s3:::acme-${local.name_prefix}-{{d}}"
}

resource "aws_s3_bucket_policy" "{{l}}" {
  bucket = aws_s3_bucket.{{l}}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [local.{{l}}_arn, "${local.{{l}}_arn}/*"]
        Condition = {
          Bool = { "aws:SecureTransport" = "false" }
        }
      },{{extra}}
    ]
  })
}
`, append(kv, "extra", extra)...))
	}
	if g.chance(0.3) {
		b.WriteString(t(`
resource "aws_s3_bucket_lifecycle_configuration" "{{l}}" {
  bucket = aws_s3_bucket.{{l}}.id

  rule {
    id     = "transition-and-expire"
    status = "Enabled"
    filter {
      prefix = ""
    }
    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }
    expiration {
      days = {{days}}
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
}
`, append(kv, "days", fmt.Sprint(g.pick([]string{"90", "365", "730"})))...))
	}
	return b.String()
}

func (g *gen) compSG(rt *root, word string) string {
	l := rt.label(word)
	kv := []string{"l", l, "d", dash(l)}
	var rules strings.Builder
	port := g.pick([]string{"443", "8443", "8080", "5432", "6379", "9200"})
	fmt.Fprintf(&rules, `
  ingress {
    description = "Service traffic from the VPC"
    from_port   = %s
    to_port     = %s
    protocol    = "tcp"
    cidr_blocks = [var.vpc_cidr]
  }
`, port, port)
	if g.chance(0.25) {
		src := "var.admin_cidrs"
		if g.chance(0.35) {
			src = `["0.0.0.0/0"]`
		}
		fmt.Fprintf(&rules, `
  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = %s
  }
`, src)
	}
	if g.chance(0.4) {
		rules.WriteString(`
  dynamic "ingress" {
    for_each = toset(var.app_ports)
    content {
      description     = "App port ${ingress.value} from the load balancer"
      from_port       = ingress.value
      to_port         = ingress.value
      protocol        = "tcp"
      security_groups = [module.network.security_group_ids["web"]]
    }
  }
`)
	}
	if g.chance(0.1) {
		rules.WriteString(`
  ingress {
    description      = "Temporary debugging access"
    from_port        = 0
    to_port          = 65535
    protocol         = "tcp"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
`)
	}
	s := t(`resource "aws_security_group" "{{l}}" {
  name        = "${local.name_prefix}-{{d}}"
  description = "{{desc}}"
  vpc_id      = module.network.vpc_id
{{rules}}
  egress {
    description = "All outbound"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = merge(local.common_tags, { Name = "${local.name_prefix}-{{d}}" })

  lifecycle {
    create_before_destroy = true
  }
}
`, append(kv, "rules", rules.String(), "desc", "Access to the "+strings.ReplaceAll(word, "_", " ")+" component")...)
	if g.chance(0.5) {
		cidr, port, proto := `"10.0.0.0/8"`, g.pick([]string{"5432", "3306", "6379", "11211"}), `"tcp"`
		if g.chance(0.15) {
			cidr, port = `"0.0.0.0/0"`, g.pick([]string{"3389", "22", "3306"})
		}
		s += t(`
resource "aws_vpc_security_group_ingress_rule" "{{l}}_db" {
  security_group_id = aws_security_group.{{l}}.id
  description       = "Database clients"
  ip_protocol       = {{proto}}
  from_port         = {{port}}
  to_port           = {{port}}
  cidr_ipv4         = {{cidr}}
}
`, append(kv, "cidr", cidr, "port", port, "proto", proto)...)
	}
	if g.chance(0.3) {
		s += t(`
resource "aws_vpc_security_group_ingress_rule" "{{l}}_https_v6" {
  security_group_id = aws_security_group.{{l}}.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv6         = "::/0"
}

resource "aws_vpc_security_group_egress_rule" "{{l}}_https_v6" {
  security_group_id = aws_security_group.{{l}}.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv6         = "::/0"
}
`, kv...)
	}
	return s
}

func (g *gen) compEC2(rt *root, word string) string {
	l := rt.label(word)
	kv := []string{"l", l, "d", dash(l)}
	count := g.pick([]string{"1", "2", "3", "local.is_prod ? 3 : 1", "var.instance_count"})
	meta := ""
	switch n := g.r.IntN(10); {
	case n < 6:
		meta = `
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "enabled"
  }
`
	case n < 7:
		meta = `
  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "optional"
  }
`
	case n < 8:
		meta = `
  metadata_options {
    http_tokens = var.require_imdsv2 ? "required" : "optional"
  }
`
	}
	public := ""
	if g.chance(0.15) {
		public = "\n  associate_public_ip_address = true"
	}
	s := t(`resource "aws_instance" "{{l}}" {
  count = {{count}}

  ami                    = var.ami_id
  instance_type          = local.is_prod ? "{{big}}" : "t3.small"
  subnet_id              = local.private_subnet_ids[count.index % length(local.private_subnet_ids)]
  vpc_security_group_ids = [module.network.security_group_ids["app"]]
  iam_instance_profile   = "{{profile}}"
  ebs_optimized          = true
  monitoring             = local.is_prod{{public}}
{{meta}}
  root_block_device {
    encrypted   = {{enc}}
    volume_type = "gp3"
    volume_size = {{size}}
  }

  user_data = base64encode(join("\n", [
    "#!/bin/bash",
    "echo SERVICE=${var.service} >> /etc/environment",
    "systemctl enable --now {{d}}",
  ]))

  tags = merge(local.common_tags, {
    Name = format("%s-{{d}}-%02d", local.name_prefix, count.index + 1)
    Role = "{{d}}"
  })
}
`, append(kv, "count", count, "big", g.pick([]string{"m6i.large", "c6i.xlarge", "r6i.large"}), "profile", "ec2-"+rt.name+"-default",
		"public", public, "meta", meta, "enc", g.pick([]string{"true", "true", "var.encrypt_volumes", "false"}),
		"size", fmt.Sprint(g.pick([]string{"20", "30", "50", "100"})))...)
	if g.chance(0.6) {
		enc := ""
		switch n := g.r.IntN(10); {
		case n < 5:
			enc = "\n  encrypted         = true\n  kms_key_id        = aws_kms_key.main.arn"
		case n < 7:
			enc = "\n  encrypted         = true"
		case n < 8:
			enc = "\n  encrypted         = false"
		}
		s += t(`
resource "aws_ebs_volume" "{{l}}_data" {
  count = length(aws_instance.{{l}})

  availability_zone = local.azs[count.index % length(local.azs)]
  size              = {{size}}
  type              = "gp3"
  iops              = 3000{{enc}}

  tags = merge(local.common_tags, { Name = "${local.name_prefix}-{{d}}-data-${count.index}" })
}

resource "aws_volume_attachment" "{{l}}_data" {
  count = length(aws_instance.{{l}})

  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.{{l}}_data[count.index].id
  instance_id = aws_instance.{{l}}[count.index].id
}
`, append(kv, "size", g.pick([]string{"100", "250", "500"}), "enc", enc)...)
	}
	return s
}

func (g *gen) compRDS(rt *root, word string) string {
	l := rt.label(word)
	kv := []string{"l", l, "d", dash(l)}
	engine, version, logs, port := "postgres", "16.3", `["postgresql", "upgrade"]`, "5432"
	if g.chance(0.35) {
		engine, version, logs, port = "mysql", "8.0.36", `["error", "slowquery"]`, "3306"
	}
	enc := g.chance(0.8)
	encLines := "storage_encrypted = false"
	if enc {
		encLines = "storage_encrypted = true\n  kms_key_id        = aws_kms_key.main.arn"
	}
	public := "false"
	if g.chance(0.08) {
		public = "true"
	}
	return t(`resource "aws_db_parameter_group" "{{l}}" {
  name   = "${local.name_prefix}-{{d}}"
  family = "{{family}}"

  parameter {
    name  = "{{param}}"
    value = "1"
  }
}

resource "aws_db_instance" "{{l}}" {
  identifier     = "${local.name_prefix}-{{d}}"
  engine         = "{{engine}}"
  engine_version = "{{version}}"
  instance_class = var.db_instance_class
  port           = {{port}}

  allocated_storage     = 100
  max_allocated_storage = 500
  storage_type          = "gp3"
  {{enc}}

  username                    = "app_admin"
  manage_master_user_password = true
  db_subnet_group_name        = "${local.name_prefix}-db"
  parameter_group_name        = aws_db_parameter_group.{{l}}.name
  vpc_security_group_ids      = [module.network.security_group_ids["app"]]
  publicly_accessible         = {{public}}

  multi_az                            = local.is_prod
  backup_retention_period             = local.is_prod ? {{ret}} : 1
  backup_window                       = "03:00-04:00"
  maintenance_window                  = "sun:04:30-sun:05:30"
  deletion_protection                 = local.is_prod
  skip_final_snapshot                 = !local.is_prod
  final_snapshot_identifier           = "${local.name_prefix}-{{d}}-final"
  copy_tags_to_snapshot               = true
  auto_minor_version_upgrade          = {{minor}}
  iam_database_authentication_enabled = {{iam}}
  performance_insights_enabled        = true
  monitoring_interval                 = {{mon}}
  enabled_cloudwatch_logs_exports     = {{logs}}

  tags = local.common_tags
}
`, append(kv, "engine", engine, "version", version, "logs", logs, "port", port, "enc", encLines, "public", public,
		"family", map[string]string{"postgres": "postgres16", "mysql": "mysql8.0"}[engine],
		"param", map[string]string{"postgres": "log_min_duration_statement", "mysql": "slow_query_log"}[engine],
		"ret", g.pick([]string{"7", "14", "35"}), "minor", b2s(g.chance(0.9)), "iam", b2s(g.chance(0.5)),
		"mon", g.pick([]string{"0", "60", "60"}))...)
}

func (g *gen) compIAM(rt *root, word string) string {
	l := rt.label(word)
	kv := []string{"l", l, "d", dash(l)}
	principal := t(`{ Service = "{{svc}}.amazonaws.com" }`, "svc", g.pick([]string{"ec2", "ecs-tasks", "lambda", "states", "events"}))
	cond := ""
	if g.chance(0.25) {
		principal = `{ AWS = "arn:aws:iam::${var.account_id}:root" }`
		cond = "\n      Condition = { Bool = { \"aws:MultiFactorAuthPresent\" = \"true\" } }"
	}
	admin := ""
	if g.chance(0.08) {
		admin = `
      {
        Sid      = "Everything"
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      },`
	}
	s := t(`resource "aws_iam_role" "{{l}}" {
  name                 = "${local.name_prefix}-{{d}}"
  path                 = "/service/"
  max_session_duration = 3600
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = {{principal}}
      Action    = "sts:AssumeRole"{{cond}}
    }]
  })

  tags = local.common_tags
}

resource "aws_iam_role_policy" "{{l}}" {
  name = "{{d}}-access"
  role = aws_iam_role.{{l}}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadServiceData"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = ["arn:aws:s3:::acme-${local.name_prefix}-*", "arn:aws:s3:::acme-${local.name_prefix}-*/*"]
      },
      {
        Sid      = "UseQueues"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
        Resource = "arn:aws:sqs:${var.region}:${var.account_id}:${local.name_prefix}-*"
      },
      {
        Sid      = "DecryptWithServiceKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = "arn:aws:kms:${var.region}:${var.account_id}:key/*"
      },{{admin}}
    ]
  })
}
`, append(kv, "principal", principal, "cond", cond, "admin", admin)...)
	if g.chance(0.5) {
		s += t(`
resource "aws_iam_policy" "{{l}}" {
  name        = "${local.name_prefix}-{{d}}-write"
  path        = "/service/"
  description = "Write access to the ${var.service} buckets"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [for b in keys(var.buckets) : {
        Sid      = "Write${replace(title(b), "-", "")}"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:DeleteObject"]
        Resource = "arn:aws:s3:::acme-${local.name_prefix}-${b}/*"
      }],
      [{
        Effect   = "Allow"
        Action   = "{{extra}}"
        Resource = "*"
      }],
    )
  })
}

resource "aws_iam_role_policy_attachment" "{{l}}" {
  role       = aws_iam_role.{{l}}.name
  policy_arn = aws_iam_policy.{{l}}.arn
}
`, append(kv, "extra", g.pick([]string{"cloudwatch:PutMetricData", "xray:PutTraceSegments", "ssm:GetParameter", "s3:*", "iam:*"}))...)
	}
	if g.chance(0.4) {
		s += t(`
resource "aws_iam_role_policy_attachment" "{{l}}_managed" {
  role       = aws_iam_role.{{l}}.name
  policy_arn = "arn:aws:iam::aws:policy/{{p}}"
}
`, append(kv, "p", g.pick([]string{"ReadOnlyAccess", "CloudWatchAgentServerPolicy", "AmazonSSMManagedInstanceCore", "AmazonS3ReadOnlyAccess", "AdministratorAccess"}))...)
	}
	return s
}

func (g *gen) compLambda(rt *root, word string) string {
	l := rt.label(word)
	kv := []string{"l", l, "d", dash(l)}
	runtime := g.pick([]string{"python3.12", "python3.12", "nodejs20.x", "nodejs20.x", "java21", "provided.al2023", "python3.8", "nodejs16.x"})
	handler := map[string]string{"java21": "com.acme.Handler::handleRequest", "provided.al2023": "bootstrap"}[runtime]
	if handler == "" {
		handler = "app.handler"
	}
	var opt strings.Builder
	if g.chance(0.7) {
		opt.WriteString("\n  tracing_config {\n    mode = \"Active\"\n  }\n")
	}
	if g.chance(0.4) {
		opt.WriteString("\n  vpc_config {\n    subnet_ids         = local.private_subnet_ids\n    security_group_ids = [module.network.security_group_ids[\"app\"]]\n  }\n")
	}
	if g.chance(0.5) {
		opt.WriteString(t("\n  dead_letter_config {\n    target_arn = \"arn:aws:sqs:${var.region}:${var.account_id}:${local.name_prefix}-{{d}}-dlq\"\n  }\n", kv...))
	}
	retention := "var.log_retention_days"
	if g.chance(0.2) {
		retention = g.pick([]string{"0", "3", "400"})
	}
	logKMS := ""
	if g.chance(0.4) {
		logKMS = "\n  kms_key_id        = aws_kms_key.main.arn"
	}
	envKMS := ""
	if g.chance(0.3) {
		envKMS = "\n  kms_key_arn                    = aws_kms_key.main.arn"
	}
	s := t(`resource "aws_iam_role" "{{l}}_lambda" {
  name = "${local.name_prefix}-{{d}}-lambda"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "{{l}}_basic" {
  role       = aws_iam_role.{{l}}_lambda.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_cloudwatch_log_group" "{{l}}" {
  name              = "/aws/lambda/${local.name_prefix}-{{d}}"
  retention_in_days = {{ret}}{{logkms}}
  tags              = local.common_tags
}

resource "aws_lambda_function" "{{l}}" {
  function_name = "${local.name_prefix}-{{d}}"
  description   = "{{word}} handler for ${var.service}"
  role          = aws_iam_role.{{l}}_lambda.arn
  runtime       = "{{runtime}}"
  handler       = "{{handler}}"
  s3_bucket     = "acme-artifacts-${var.account_id}"
  s3_key        = "${var.service}/{{d}}/${var.artifact_version}.zip"
  memory_size   = {{mem}}
  timeout       = {{timeout}}
  architectures = ["{{arch}}"]

  reserved_concurrent_executions = {{conc}}{{envkms}}

  environment {
    variables = {
      SERVICE   = var.service
      LOG_LEVEL = local.is_prod ? "info" : "debug"
      TABLE     = "${local.name_prefix}-{{d}}"
    }
  }
{{opt}}
  depends_on = [aws_cloudwatch_log_group.{{l}}]

  tags = local.common_tags
}
`, append(kv, "word", word, "runtime", runtime, "handler", handler, "mem", g.pick([]string{"128", "256", "512", "1024"}),
		"timeout", g.pick([]string{"10", "30", "60", "300"}), "arch", g.pick([]string{"arm64", "x86_64"}),
		"conc", g.pick([]string{"-1", "5", "50"}), "opt", opt.String(), "ret", retention, "logkms", logKMS, "envkms", envKMS)...)
	switch n := g.r.IntN(10); {
	case n < 3:
		s += t(`
resource "aws_lambda_permission" "{{l}}_events" {
  statement_id  = "AllowEventBridge"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.{{l}}.function_name
  principal     = "events.amazonaws.com"
  source_arn    = "arn:aws:events:${var.region}:${var.account_id}:rule/${local.name_prefix}-{{d}}"
}
`, kv...)
	case n < 5:
		s += t(`
resource "aws_lambda_permission" "{{l}}_s3" {
  statement_id   = "AllowS3Invoke"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.{{l}}.arn
  principal      = "s3.amazonaws.com"
  source_account = var.account_id
}
`, kv...)
	case n < 6:
		s += t(`
resource "aws_lambda_permission" "{{l}}_public" {
  statement_id  = "AllowPublicInvoke"
  action        = "lambda:InvokeFunctionUrl"
  function_name = aws_lambda_function.{{l}}.function_name
  principal     = "*"
}

resource "aws_lambda_function_url" "{{l}}" {
  function_name      = aws_lambda_function.{{l}}.function_name
  authorization_type = "NONE"

  cors {
    allow_origins = ["*"]
    allow_methods = ["GET", "POST"]
  }
}
`, kv...)
	}
	return s
}

func (g *gen) compSQS(rt *root, word string) string {
	l := rt.label(word)
	kv := []string{"l", l, "d", dash(l)}
	enc := g.pick([]string{
		"kms_master_key_id                 = aws_kms_key.main.arn\n  kms_data_key_reuse_period_seconds = 300",
		"kms_master_key_id = \"alias/aws/sqs\"",
		"sqs_managed_sse_enabled = true",
		"",
		"sqs_managed_sse_enabled = false",
	})
	s := t(`resource "aws_sqs_queue" "{{l}}_dlq" {
  name                      = "${local.name_prefix}-{{d}}-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
  tags                      = local.common_tags
}

resource "aws_sqs_queue" "{{l}}" {
  name                       = "${local.name_prefix}-{{d}}"
  visibility_timeout_seconds = {{vis}}
  message_retention_seconds  = 345600
  receive_wait_time_seconds  = 20
  {{enc}}

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.{{l}}_dlq.arn
    maxReceiveCount     = {{max}}
  })

  tags = local.common_tags
}
`, append(kv, "vis", g.pick([]string{"30", "60", "300", "900"}), "enc", enc, "max", g.pick([]string{"3", "5", "10"}))...)
	if g.chance(0.5) {
		stmt := `{
        Sid       = "AllowSNSPublish"
        Effect    = "Allow"
        Principal = { Service = "sns.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = "arn:aws:sqs:${var.region}:${var.account_id}:${local.name_prefix}-{{d}}"
        Condition = {
          ArnLike = { "aws:SourceArn" = "arn:aws:sns:${var.region}:${var.account_id}:${local.name_prefix}-*" }
        }
      }`
		if g.chance(0.12) {
			stmt = `{
        Sid       = "AnyoneCanSend"
        Effect    = "Allow"
        Principal = "*"
        Action    = ["sqs:SendMessage", "sqs:ReceiveMessage"]
        Resource  = "arn:aws:sqs:${var.region}:${var.account_id}:${local.name_prefix}-{{d}}"
      }`
		}
		s += t(`
resource "aws_sqs_queue_policy" "{{l}}" {
  queue_url = aws_sqs_queue.{{l}}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      `+stmt+`,
    ]
  })
}
`, kv...)
	}
	return s
}

func (g *gen) compSNS(rt *root, word string) string {
	l := rt.label(word)
	kv := []string{"l", l, "d", dash(l)}
	kms := g.pick([]string{"\n  kms_master_key_id = \"alias/aws/sns\"", "\n  kms_master_key_id = aws_kms_key.main.id", ""})
	s := t(`resource "aws_sns_topic" "{{l}}" {
  name         = "${local.name_prefix}-{{d}}"
  display_name = "{{word}} notifications"{{kms}}

  delivery_policy = jsonencode({
    http = {
      defaultHealthyRetryPolicy = {
        minDelayTarget     = 20
        maxDelayTarget     = 20
        numRetries         = 3
        backoffFunction    = "linear"
      }
    }
  })

  tags = local.common_tags
}

resource "aws_sns_topic_subscription" "{{l}}_email" {
  topic_arn = aws_sns_topic.{{l}}.arn
  protocol  = "email"
  endpoint  = "oncall+${var.service}@acme.example"
}
`, append(kv, "word", word, "kms", kms)...)
	if g.chance(0.5) {
		principal, cond := `{ Service = "events.amazonaws.com" }`, `
        Condition = {
          StringEquals = { "aws:SourceAccount" = var.account_id }
        }`
		if g.chance(0.15) {
			principal, cond = `{ AWS = "*" }`, ""
		}
		s += t(`
resource "aws_sns_topic_policy" "{{l}}" {
  arn = aws_sns_topic.{{l}}.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AllowPublish"
        Effect    = "Allow"
        Principal = {{principal}}
        Action    = "sns:Publish"
        Resource  = "arn:aws:sns:${var.region}:${var.account_id}:${local.name_prefix}-{{d}}"{{cond}}
      },
    ]
  })
}
`, append(kv, "principal", principal, "cond", cond)...)
	}
	return s
}

func (g *gen) compDynamo(rt *root, word string) string {
	l := rt.label(word)
	kv := []string{"l", l, "d", dash(l)}
	billing := `billing_mode = "PAY_PER_REQUEST"`
	if g.chance(0.3) {
		billing = "billing_mode   = \"PROVISIONED\"\n  read_capacity  = 10\n  write_capacity = 5"
	}
	gsi := ""
	if g.chance(0.5) {
		gsi = `
  attribute {
    name = "gsi1pk"
    type = "S"
  }

  global_secondary_index {
    name            = "gsi1"
    hash_key        = "gsi1pk"
    range_key       = "sk"
    projection_type = "ALL"
  }
`
	}
	sse := ""
	switch n := g.r.IntN(3); n {
	case 0:
		sse = "\n  server_side_encryption {\n    enabled     = true\n    kms_key_arn = aws_kms_key.main.arn\n  }\n"
	case 1:
		sse = "\n  server_side_encryption {\n    enabled = true\n  }\n"
	}
	return t(`resource "aws_dynamodb_table" "{{l}}" {
  name      = "${local.name_prefix}-{{d}}"
  {{billing}}
  hash_key  = "pk"
  range_key = "sk"

  deletion_protection_enabled = local.is_prod

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }
{{gsi}}
  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = {{pitr}}
  }
{{sse}}
  tags = local.common_tags
}
`, append(kv, "billing", billing, "gsi", gsi, "sse", sse, "pitr", g.pick([]string{"true", "true", "local.is_prod", "false"}))...)
}

func (g *gen) compALB(rt *root, word string) string {
	l := rt.label(word)
	kv := []string{"l", l, "d", dash(l)}
	short := dash(l)
	if len(short) > 12 {
		short = short[:12]
	}
	logs := ""
	if g.chance(0.5) {
		logs = t(`
  access_logs {
    bucket  = local.access_log_bucket
    prefix  = "alb/{{d}}"
    enabled = true
  }
`, kv...)
	}
	internal := b2s(g.chance(0.3))
	s := t(`resource "aws_lb" "{{l}}" {
  name               = "{{short}}-${var.env}"
  internal           = {{internal}}
  load_balancer_type = "application"
  security_groups    = [module.network.security_group_ids["web"]]
  subnets            = {{subnets}}

  drop_invalid_header_fields = {{drop}}
  enable_deletion_protection = local.is_prod
  idle_timeout               = 60
{{logs}}
  tags = local.common_tags
}

resource "aws_lb_target_group" "{{l}}" {
  name        = "{{short}}-${var.env}"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = module.network.vpc_id

  health_check {
    path                = "/healthz"
    matcher             = "200"
    healthy_threshold   = 3
    unhealthy_threshold = 3
  }
}
`, append(kv, "short", short, "internal", internal, "logs", logs,
		"subnets", map[string]string{"true": "local.private_subnet_ids", "false": "local.public_subnet_ids"}[internal],
		"drop", g.pick([]string{"true", "true", "local.is_prod", "false"}))...)
	if g.chance(0.75) {
		s += t(`
resource "aws_lb_listener" "{{l}}_http" {
  load_balancer_arn = aws_lb.{{l}}.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "{{l}}_https" {
  load_balancer_arn = aws_lb.{{l}}.arn
  port              = 443
  protocol          = "HTTPS"{{ssl}}
  certificate_arn   = "arn:aws:acm:${var.region}:${var.account_id}:certificate/{{cert}}"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.{{l}}.arn
  }
}
`, append(kv, "cert", fmt.Sprintf("%08x-aaaa-bbbb-cccc-%012x", g.r.Uint32(), g.r.Uint64()&0xffffffffffff),
			"ssl", g.pick([]string{"\n  ssl_policy        = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"", "\n  ssl_policy        = var.ssl_policy", "\n  ssl_policy        = \"ELBSecurityPolicy-2016-08\"", ""}))...)
	} else {
		s += t(`
resource "aws_lb_listener" "{{l}}_http" {
  load_balancer_arn = aws_lb.{{l}}.arn
  port              = 80

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.{{l}}.arn
  }
}
`, kv...)
	}
	return s
}

func (g *gen) compLogs(rt *root, word string) string {
	l := rt.label(word)
	kv := []string{"l", l, "d", dash(l)}
	streams := []string{"access", "application", "audit", "worker", "scheduler"}
	perm := g.r.Perm(len(streams))[:g.between(2, 4)]
	sort.Ints(perm)
	sel := make([]string, len(perm))
	for i, k := range perm {
		sel[i] = streams[k]
	}
	kms := ""
	if g.chance(0.4) {
		kms = "\n  kms_key_id        = aws_kms_key.main.arn"
	}
	provider := ""
	region := "${var.region}"
	if g.chance(0.1) {
		provider = "\n  provider = aws.us_east_1\n"
		region = "us-east-1"
	}
	return t(`resource "aws_cloudwatch_log_group" "{{l}}" {
  for_each = toset({{streams}}){{provider}}

  name              = "/${var.service}/${var.env}/{{d}}/${each.key}"
  retention_in_days = each.key == "audit" ? 365 : var.log_retention_days{{kms}}
  tags              = merge(local.common_tags, { Stream = each.key })
}

resource "aws_cloudwatch_log_metric_filter" "{{l}}_errors" {
  for_each = aws_cloudwatch_log_group.{{l}}

  name           = "{{d}}-${each.key}-errors"
  log_group_name = each.value.name
  pattern        = "?ERROR ?Exception"

  metric_transformation {
    name      = "{{d}}-${each.key}-errors"
    namespace = "Acme/${var.service}"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "{{l}}_errors" {
  for_each = aws_cloudwatch_log_group.{{l}}

  alarm_name          = "${local.name_prefix}-{{d}}-${each.key}-errors"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "{{d}}-${each.key}-errors"
  namespace           = "Acme/${var.service}"
  period              = 300
  statistic           = "Sum"
  threshold           = {{thr}}
  alarm_description   = "Errors in {{region}} ${each.value.name}"
}
`, append(kv, "streams", quoteList(sel), "kms", kms, "provider", provider, "region", region, "thr", g.pick([]string{"0", "5", "10"}))...)
}

func (g *gen) compKMS(rt *root, word string) string {
	l := rt.label(word)
	kv := []string{"l", l, "d", dash(l)}
	rot := g.pick([]string{"true", "true", "var.key_rotation", "false"})
	period := ""
	if rot == "true" && g.chance(0.3) {
		period = "\n  rotation_period_in_days = 180"
	}
	return t(`resource "aws_kms_key" "{{l}}" {
  description             = "{{word}} data for ${var.service}"
  deletion_window_in_days = {{win}}
  enable_key_rotation     = {{rot}}{{period}}
  multi_region            = {{multi}}

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "KeyAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${var.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "KeyUsage"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${var.account_id}:role/service/${local.name_prefix}-{{d}}" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
      },
    ]
  })

  tags = local.common_tags
}

resource "aws_kms_alias" "{{l}}" {
  name          = "alias/${local.name_prefix}-{{d}}"
  target_key_id = aws_kms_key.{{l}}.key_id
}
`, append(kv, "word", word, "win", g.pick([]string{"7", "14", "30"}), "rot", rot, "period", period, "multi", b2s(g.chance(0.1)))...)
}

func (g *gen) compSecrets(rt *root, word string) string {
	l := rt.label(word)
	kv := []string{"l", l, "d", dash(l)}
	kms := ""
	if g.chance(0.5) {
		kms = "\n  kms_key_id              = aws_kms_key.main.arn"
	}
	s := t(`resource "aws_secretsmanager_secret" "{{l}}" {
  name                    = "${var.env}/${var.service}/{{d}}"
  description             = "Credentials for {{word}}"
  recovery_window_in_days = local.is_prod ? 30 : 7{{kms}}
  tags                    = local.common_tags
}
`, append(kv, "word", word, "kms", kms)...)
	if g.chance(0.5) {
		s += t(`
resource "aws_secretsmanager_secret_rotation" "{{l}}" {
  secret_id           = aws_secretsmanager_secret.{{l}}.id
  rotation_lambda_arn = "arn:aws:lambda:${var.region}:${var.account_id}:function:secrets-rotator"

  rotation_rules {
    automatically_after_days = {{days}}
  }
}
`, append(kv, "days", g.pick([]string{"30", "60", "90"}))...)
	}
	return s
}

// ---------------------------------------------------------------- shared modules

// sharedModules are written under modules/, file by file.
var sharedModules = []struct {
	name  string
	files [][2]string
}{
	{"s3-bucket", [][2]string{
		{"versions.tf", modVersions},
		{"variables.tf", `variable "name" {
  type        = string
  description = "Bucket name."
}

variable "versioning" {
  type    = bool
  default = true
}

variable "use_kms" {
  type        = bool
  description = "Encrypt with kms_key_arn instead of SSE-S3."
  default     = false
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "public_read" {
  type    = bool
  default = false
}

variable "force_ssl" {
  type    = bool
  default = true
}

variable "block_public_access" {
  type    = bool
  default = true
}

variable "access_log_bucket" {
  type    = string
  default = ""
}

variable "lifecycle_days" {
  type    = number
  default = 0
}

variable "policy_statements" {
  type        = any
  description = "Extra statements appended to the bucket policy."
  default     = []
}

variable "tags" {
  type    = map(string)
  default = {}
}
`},
		{"main.tf", `resource "aws_s3_bucket" "this" {
  bucket        = var.name
  force_destroy = false
  tags          = merge(var.tags, { Name = var.name })
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = var.block_public_access
  block_public_policy     = var.block_public_access && !var.public_read
  ignore_public_acls      = var.block_public_access
  restrict_public_buckets = var.block_public_access && !var.public_read
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.use_kms ? "aws:kms" : "AES256"
      kms_master_key_id = var.use_kms ? var.kms_key_arn : null
    }
    bucket_key_enabled = var.use_kms
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = var.versioning ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_logging" "this" {
  count = var.access_log_bucket != "" ? 1 : 0

  bucket        = aws_s3_bucket.this.id
  target_bucket = var.access_log_bucket
  target_prefix = "${var.name}/"
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  count  = var.lifecycle_days > 0 ? 1 : 0
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "expire"
    status = "Enabled"

    filter {}

    expiration {
      days = var.lifecycle_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
}
`},
		{"policy.tf", `locals {
  bucket_arn = "arn:aws:s3:::${var.name}"

  ssl_statements = var.force_ssl ? [{
    Sid       = "DenyInsecureTransport"
    Effect    = "Deny"
    Principal = "*"
    Action    = "s3:*"
    Resource  = [local.bucket_arn, "${local.bucket_arn}/*"]
    Condition = { Bool = { "aws:SecureTransport" = "false" } }
  }] : []

  public_statements = var.public_read ? [{
    Sid       = "PublicRead"
    Effect    = "Allow"
    Principal = "*"
    Action    = ["s3:GetObject"]
    Resource  = ["${local.bucket_arn}/*"]
  }] : []

  statements = concat(local.ssl_statements, local.public_statements, var.policy_statements)
}

resource "aws_s3_bucket_policy" "this" {
  count  = length(local.statements) > 0 ? 1 : 0
  bucket = aws_s3_bucket.this.id

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.statements
  })

  depends_on = [aws_s3_bucket_public_access_block.this]
}
`},
		{"outputs.tf", `output "id" {
  value = aws_s3_bucket.this.id
}

output "arn" {
  value = aws_s3_bucket.this.arn
}

output "bucket_name" {
  value = aws_s3_bucket.this.bucket
}
`},
	}},
	{"network", [][2]string{
		{"versions.tf", modVersions},
		{"variables.tf", `variable "name" {
  type = string
}

variable "cidr" {
  type    = string
  default = "10.0.0.0/16"
}

variable "subnets" {
  type = map(object({
    cidr   = string
    az     = string
    public = optional(bool, false)
  }))
  default = {}
}

variable "security_groups" {
  type = map(object({
    description = optional(string, "Managed by Terraform")
    ingress = list(object({
      port     = number
      protocol = optional(string, "tcp")
      cidrs    = list(string)
    }))
  }))
  default = {}
}

variable "extra_ingress" {
  type = list(object({
    sg          = string
    port        = number
    cidr        = string
    description = optional(string, "")
  }))
  default = []
}

variable "flow_logs" {
  type    = bool
  default = true
}

variable "flow_log_bucket_arn" {
  type    = string
  default = ""
}

variable "tags" {
  type    = map(string)
  default = {}
}
`},
		{"main.tf", `resource "aws_vpc" "this" {
  cidr_block           = var.cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = merge(var.tags, { Name = var.name })
}

resource "aws_subnet" "this" {
  for_each = var.subnets

  vpc_id                  = aws_vpc.this.id
  cidr_block              = each.value.cidr
  availability_zone       = each.value.az
  map_public_ip_on_launch = each.value.public

  tags = merge(var.tags, {
    Name = "${var.name}-${each.key}"
    Tier = each.value.public ? "public" : "private"
  })
}

resource "aws_internet_gateway" "this" {
  count  = anytrue([for s in values(var.subnets) : s.public]) ? 1 : 0
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = var.name })
}

resource "aws_flow_log" "this" {
  count = var.flow_logs ? 1 : 0

  vpc_id               = aws_vpc.this.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = var.flow_log_bucket_arn
  tags                 = var.tags
}

resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = "${var.name}-default-closed" })
}
`},
		{"security_groups.tf", `resource "aws_security_group" "this" {
  for_each = var.security_groups

  name        = "${var.name}-${each.key}"
  description = each.value.description
  vpc_id      = aws_vpc.this.id

  dynamic "ingress" {
    for_each = each.value.ingress
    content {
      description = "${upper(ingress.value.protocol)} ${ingress.value.port}"
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = ingress.value.protocol
      cidr_blocks = ingress.value.cidrs
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })

  lifecycle {
    create_before_destroy = true
  }
}

locals {
  extra_rules = { for r in var.extra_ingress : "${r.sg}-${r.port}-${replace(r.cidr, "/", "_")}" => r }
}

resource "aws_vpc_security_group_ingress_rule" "extra" {
  for_each = local.extra_rules

  security_group_id = aws_security_group.this[each.value.sg].id
  description       = each.value.description
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr
}
`},
		{"nacl.tf", `resource "aws_network_acl" "public" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = [for k, s in aws_subnet.this : s.id if var.subnets[k].public]

  dynamic "ingress" {
    for_each = [80, 443]
    content {
      rule_no    = 100 + ingress.key
      protocol   = "tcp"
      action     = "allow"
      cidr_block = "0.0.0.0/0"
      from_port  = ingress.value
      to_port    = ingress.value
    }
  }

  ingress {
    rule_no    = 200
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 1024
    to_port    = 65535
  }

  egress {
    rule_no    = 100
    protocol   = "-1"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }

  tags = merge(var.tags, { Name = "${var.name}-public" })
}
`},
		{"outputs.tf", `output "vpc_id" {
  value = aws_vpc.this.id
}

output "subnet_ids" {
  value = { for k, s in aws_subnet.this : k => s.id }
}

output "security_group_ids" {
  value = { for k, sg in aws_security_group.this : k => sg.id }
}
`},
	}},
	{"instance", [][2]string{
		{"versions.tf", modVersions},
		{"variables.tf", `variable "name" {
  type = string
}

variable "instance_count" {
  type    = number
  default = 1
}

variable "instance_type" {
  type    = string
  default = "t3.micro"
}

variable "ami" {
  type    = string
  default = "ami-0c1c30571d2dae5c9"
}

variable "subnet_ids" {
  type    = list(string)
  default = []
}

variable "azs" {
  type    = list(string)
  default = ["eu-west-1a", "eu-west-1b"]
}

variable "security_group_ids" {
  type    = list(string)
  default = []
}

variable "require_imdsv2" {
  type    = bool
  default = true
}

variable "encrypt_volumes" {
  type    = bool
  default = true
}

variable "data_volume_size" {
  type    = number
  default = 0
}

variable "tags" {
  type    = map(string)
  default = {}
}
`},
		{"iam.tf", `resource "aws_iam_role" "this" {
  name = "${var.name}-instance"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "ssm" {
  role       = aws_iam_role.this.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "this" {
  name = "${var.name}-instance"
  role = aws_iam_role.this.name
}
`},
		{"main.tf", `resource "aws_instance" "this" {
  count = var.instance_count

  ami                    = var.ami
  instance_type          = var.instance_type
  subnet_id              = length(var.subnet_ids) > 0 ? element(var.subnet_ids, count.index) : null
  vpc_security_group_ids = var.security_group_ids
  iam_instance_profile   = aws_iam_instance_profile.this.name
  ebs_optimized          = true
  monitoring             = true

  dynamic "metadata_options" {
    for_each = var.require_imdsv2 ? [1] : []
    content {
      http_endpoint               = "enabled"
      http_tokens                 = "required"
      http_put_response_hop_limit = 1
    }
  }

  root_block_device {
    encrypted   = var.encrypt_volumes
    volume_type = "gp3"
    volume_size = 30
  }

  tags = merge(var.tags, { Name = format("%s-%02d", var.name, count.index + 1) })
}

resource "aws_ebs_volume" "data" {
  count = var.data_volume_size > 0 ? var.instance_count : 0

  availability_zone = element(var.azs, count.index)
  size              = var.data_volume_size
  type              = "gp3"
  encrypted         = var.encrypt_volumes
  tags              = merge(var.tags, { Name = format("%s-data-%02d", var.name, count.index + 1) })
}

resource "aws_volume_attachment" "data" {
  count = length(aws_ebs_volume.data)

  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.data[count.index].id
  instance_id = aws_instance.this[count.index].id
}
`},
		{"outputs.tf", `output "instance_ids" {
  value = aws_instance.this[*].id
}

output "role_name" {
  value = aws_iam_role.this.name
}
`},
	}},
	{"database", [][2]string{
		{"versions.tf", modVersions},
		{"variables.tf", `variable "name" {
  type = string
}

variable "engine" {
  type    = string
  default = "postgres"
}

variable "instance_class" {
  type    = string
  default = "db.t4g.medium"
}

variable "vpc_id" {
  type    = string
  default = null
}

variable "subnet_ids" {
  type    = list(string)
  default = []
}

variable "client_security_group_ids" {
  type    = list(string)
  default = []
}

variable "multi_az" {
  type    = bool
  default = true
}

variable "backup_retention_days" {
  type    = number
  default = 7
}

variable "deletion_protection" {
  type    = bool
  default = true
}

variable "publicly_accessible" {
  type    = bool
  default = false
}

variable "storage_encrypted" {
  type    = bool
  default = true
}

variable "kms_rotation" {
  type    = bool
  default = true
}

variable "tags" {
  type    = map(string)
  default = {}
}
`},
		{"kms.tf", `resource "aws_kms_key" "this" {
  description             = "${var.name} storage"
  deletion_window_in_days = 30
  enable_key_rotation     = var.kms_rotation
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.this.key_id
}
`},
		{"main.tf", `locals {
  engines = {
    postgres = { version = "16.3", port = 5432, family = "postgres16", logs = ["postgresql", "upgrade"] }
    mysql    = { version = "8.0.36", port = 3306, family = "mysql8.0", logs = ["error", "slowquery"] }
  }
  engine = local.engines[var.engine]
}

resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
  tags       = var.tags
}

resource "aws_security_group" "this" {
  name        = "${var.name}-db"
  description = "Database ${var.name}"
  vpc_id      = var.vpc_id

  ingress {
    description     = "Clients"
    from_port       = local.engine.port
    to_port         = local.engine.port
    protocol        = "tcp"
    security_groups = var.client_security_group_ids
  }

  tags = var.tags
}

resource "aws_db_instance" "this" {
  identifier     = var.name
  engine         = var.engine
  engine_version = local.engine.version
  instance_class = var.instance_class
  port           = local.engine.port

  allocated_storage     = 50
  max_allocated_storage = 200
  storage_type          = "gp3"
  storage_encrypted     = var.storage_encrypted
  kms_key_id            = var.storage_encrypted ? aws_kms_key.this.arn : null

  username                    = "admin_user"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.this.name
  vpc_security_group_ids      = [aws_security_group.this.id]
  publicly_accessible         = var.publicly_accessible

  multi_az                            = var.multi_az
  backup_retention_period             = var.backup_retention_days
  deletion_protection                 = var.deletion_protection
  skip_final_snapshot                 = !var.deletion_protection
  copy_tags_to_snapshot               = true
  auto_minor_version_upgrade          = true
  iam_database_authentication_enabled = true
  performance_insights_enabled        = true
  enabled_cloudwatch_logs_exports     = local.engine.logs

  tags = var.tags
}
`},
		{"outputs.tf", `output "endpoint" {
  value = aws_db_instance.this.endpoint
}

output "security_group_id" {
  value = aws_security_group.this.id
}
`},
	}},
	{"lambda-service", [][2]string{
		{"versions.tf", modVersions},
		{"variables.tf", `variable "name" {
  type = string
}

variable "env" {
  type    = string
  default = "dev"
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "account_id" {
  type    = string
  default = "111122223333"
}

variable "runtime" {
  type    = string
  default = "python3.12"
}

variable "handler" {
  type    = string
  default = "main.handler"
}

variable "memory_size" {
  type    = number
  default = 256
}

variable "timeout" {
  type    = number
  default = 30
}

variable "public" {
  type        = bool
  description = "Expose the function through an unauthenticated function URL."
  default     = false
}

variable "log_retention_days" {
  type    = number
  default = 30
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "subnet_ids" {
  type    = list(string)
  default = []
}

variable "security_group_ids" {
  type    = list(string)
  default = []
}

variable "artifact_bucket" {
  type    = string
  default = "acme-artifacts"
}

variable "artifact_key" {
  type    = string
  default = "function.zip"
}

variable "environment" {
  type    = map(string)
  default = {}
}

variable "tags" {
  type    = map(string)
  default = {}
}
`},
		{"iam.tf", `resource "aws_iam_role" "this" {
  name = "${var.name}-lambda"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "this" {
  name = "${var.name}-runtime"
  role = aws_iam_role.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Logs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "arn:aws:logs:${var.region}:${var.account_id}:log-group:/aws/lambda/${var.name}:*"
      },
      {
        Sid      = "DeadLetters"
        Effect   = "Allow"
        Action   = "sqs:SendMessage"
        Resource = "arn:aws:sqs:${var.region}:${var.account_id}:${var.name}-dlq"
      },
      {
        Sid      = "Networking"
        Effect   = "Allow"
        Action   = ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface"]
        Resource = "*"
      },
    ]
  })
}
`},
		{"main.tf", `resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_sqs_queue" "dlq" {
  name                      = "${var.name}-dlq"
  message_retention_seconds = 1209600
  kms_master_key_id         = var.kms_key_arn
  sqs_managed_sse_enabled   = var.kms_key_arn == null ? true : null
  tags                      = var.tags
}

resource "aws_lambda_function" "this" {
  function_name = var.name
  role          = aws_iam_role.this.arn
  runtime       = var.runtime
  handler       = var.handler
  s3_bucket     = var.artifact_bucket
  s3_key        = var.artifact_key
  memory_size   = var.memory_size
  timeout       = var.timeout

  environment {
    variables = merge({ ENV = var.env }, var.environment)
  }

  dead_letter_config {
    target_arn = aws_sqs_queue.dlq.arn
  }

  tracing_config {
    mode = "Active"
  }

  dynamic "vpc_config" {
    for_each = length(var.subnet_ids) > 0 ? [1] : []
    content {
      subnet_ids         = var.subnet_ids
      security_group_ids = var.security_group_ids
    }
  }

  depends_on = [aws_cloudwatch_log_group.this]
  tags       = var.tags
}

resource "aws_lambda_permission" "url" {
  count = var.public ? 1 : 0

  statement_id           = "FunctionURLAllowPublicAccess"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.this.function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_function_url" "this" {
  count = var.public ? 1 : 0

  function_name      = aws_lambda_function.this.function_name
  authorization_type = "NONE"
}
`},
		{"outputs.tf", `output "function_arn" {
  value = aws_lambda_function.this.arn
}

output "role_arn" {
  value = aws_iam_role.this.arn
}

output "url" {
  value = try(aws_lambda_function_url.this[0].function_url, null)
}
`},
	}},
	{"alb", [][2]string{
		{"versions.tf", modVersions},
		{"variables.tf", `variable "name" {
  type = string
}

variable "vpc_id" {
  type    = string
  default = null
}

variable "subnet_ids" {
  type    = list(string)
  default = []
}

variable "security_group_ids" {
  type    = list(string)
  default = []
}

variable "internal" {
  type    = bool
  default = false
}

variable "certificate_arn" {
  type    = string
  default = ""
}

variable "ssl_policy" {
  type    = string
  default = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "redirect_http" {
  type    = bool
  default = true
}

variable "drop_invalid_headers" {
  type    = bool
  default = true
}

variable "deletion_protection" {
  type    = bool
  default = false
}

variable "access_log_bucket" {
  type    = string
  default = ""
}

variable "tags" {
  type    = map(string)
  default = {}
}
`},
		{"main.tf", `resource "aws_lb" "this" {
  name               = substr(var.name, 0, 32)
  internal           = var.internal
  load_balancer_type = "application"
  security_groups    = var.security_group_ids
  subnets            = var.subnet_ids

  drop_invalid_header_fields = var.drop_invalid_headers
  enable_deletion_protection = var.deletion_protection

  dynamic "access_logs" {
    for_each = var.access_log_bucket != "" ? [var.access_log_bucket] : []
    content {
      bucket  = access_logs.value
      prefix  = "alb/${var.name}"
      enabled = true
    }
  }

  tags = var.tags
}

resource "aws_lb_target_group" "this" {
  name        = substr(var.name, 0, 32)
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = var.vpc_id

  health_check {
    path    = "/health"
    matcher = "200-299"
  }

  tags = var.tags
}
`},
		{"listeners.tf", `resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = var.redirect_http ? "redirect" : "forward"
    target_group_arn = var.redirect_http ? null : aws_lb_target_group.this.arn

    dynamic "redirect" {
      for_each = var.redirect_http ? [1] : []
      content {
        port        = "443"
        protocol    = "HTTPS"
        status_code = "HTTP_301"
      }
    }
  }
}

resource "aws_lb_listener" "https" {
  count = var.certificate_arn != "" ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }
}
`},
		{"outputs.tf", `output "dns_name" {
  value = aws_lb.this.dns_name
}

output "arn" {
  value = aws_lb.this.arn
}
`},
	}},
	{"audit", [][2]string{
		{"versions.tf", modVersions},
		{"variables.tf", `variable "name" {
  type = string
}

variable "account_id" {
  type = string
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "trail_bucket_name" {
  type = string
}

variable "multi_region" {
  type    = bool
  default = true
}

variable "log_retention_days" {
  type    = number
  default = 365
}

variable "tags" {
  type    = map(string)
  default = {}
}
`},
		{"kms.tf", `resource "aws_kms_key" "trail" {
  description             = "CloudTrail ${var.name}"
  deletion_window_in_days = 30
  enable_key_rotation     = true

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableRootPermissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${var.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "AllowCloudTrailEncrypt"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:GenerateDataKey*"
        Resource  = "*"
        Condition = {
          StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${var.account_id}:trail/*" }
        }
      },
    ]
  })

  tags = var.tags
}

resource "aws_kms_alias" "trail" {
  name          = "alias/cloudtrail-${var.name}"
  target_key_id = aws_kms_key.trail.key_id
}
`},
		{"main.tf", `module "trail_bucket" {
  source = "../s3-bucket"

  name        = var.trail_bucket_name
  versioning  = true
  use_kms     = true
  kms_key_arn = aws_kms_key.trail.arn
  tags        = var.tags
  policy_statements = [
    {
      Sid       = "AWSCloudTrailAclCheck"
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "s3:GetBucketAcl"
      Resource  = "arn:aws:s3:::${var.trail_bucket_name}"
    },
    {
      Sid       = "AWSCloudTrailWrite"
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "arn:aws:s3:::${var.trail_bucket_name}/AWSLogs/${var.account_id}/*"
      Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control" } }
    },
  ]
}

resource "aws_cloudwatch_log_group" "trail" {
  name              = "/aws/cloudtrail/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.trail.arn
  tags              = var.tags
}

resource "aws_iam_role" "trail_logs" {
  name = "cloudtrail-${var.name}-logs"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "trail_logs" {
  name = "deliver-logs"
  role = aws_iam_role.trail_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "arn:aws:logs:${var.region}:${var.account_id}:log-group:/aws/cloudtrail/${var.name}:*"
    }]
  })
}

resource "aws_cloudtrail" "this" {
  name                          = var.name
  s3_bucket_name                = module.trail_bucket.bucket_name
  include_global_service_events = true
  is_multi_region_trail         = var.multi_region
  enable_log_file_validation    = true
  kms_key_id                    = aws_kms_key.trail.arn
  cloud_watch_logs_group_arn    = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn     = aws_iam_role.trail_logs.arn

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }

  tags = var.tags
}
`},
		{"outputs.tf", `output "trail_arn" {
  value = aws_cloudtrail.this.arn
}

output "bucket_name" {
  value = module.trail_bucket.bucket_name
}
`},
	}},
}

const modVersions = `terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40"
    }
  }
}
`

func (g *gen) writeModules() {
	for _, m := range sharedModules {
		for _, f := range m.files {
			g.write("modules/"+m.name+"/"+f[0], f[1])
		}
	}
}
