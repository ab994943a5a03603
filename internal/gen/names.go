package gen

import (
	"slices"
	"strconv"
	"time"
)

// Word lists. They only need to look plausible; uniqueness of the names
// built from them comes from the counters in the generator.
var (
	companies = []string{"acme", "globex", "initech", "umbrella", "hooli", "vandelay", "stark", "wayne"}

	// Account names (also the IAM alias suffix) and their env tag.
	accountNames = []string{"prod", "staging", "dev", "sandbox", "shared-services", "security", "log-archive", "data"}
	accountEnvs  = []string{"prod", "staging", "dev", "sandbox", "prod", "prod", "prod", "prod"}

	envs = []string{"prod", "staging", "dev", "sandbox"}

	teams = []string{"platform", "payments", "checkout", "identity", "data", "analytics", "search",
		"mobile", "web", "ml", "security", "growth", "billing", "notifications"}
	components = []string{"api", "web", "worker", "ingest", "etl", "auth", "cache", "gateway",
		"reports", "scheduler", "backend", "frontend"}
	purposes = []string{"data", "logs", "backups", "artifacts", "assets", "exports", "uploads", "reports",
		"static", "raw", "curated", "models", "terraform-state", "config", "media", "archive"}

	firstNames = []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
		"mallory", "niaj", "olivia", "peggy", "quentin", "rupert", "sybil", "trent", "ursula", "victor",
		"walter", "xavier", "yolanda", "zoe", "amir", "bea", "chen", "dmitri", "elena", "farah", "goran",
		"hana", "ines", "jonas", "keiko", "lars", "maya", "nikhil", "omar", "priya", "raul", "sofia",
		"tomas", "uma", "vera", "wei", "yusuf", "zainab"}
	lastNames = []string{"smith", "johnson", "garcia", "mueller", "tanaka", "kim", "nguyen", "patel", "silva",
		"rossi", "kowalski", "novak", "jensen", "dubois", "okafor", "haddad", "ivanova", "larsen", "moreau",
		"schmidt", "cohen", "fischer", "andersen", "costa", "murphy", "walsh", "brennan", "lopez", "martin",
		"ozturk", "sato", "yamada", "ali", "khan", "wong", "lee", "park", "hansen", "berg", "reyes"}
	servicePrefixes = []string{"svc", "ci", "deploy", "app", "integration"}

	// IAM groups of people, and the memberships new users get.
	humanGroupNames = []string{"developers", "oncall", "readonly", "admins", "data-engineers"}
	humanGroups     = [][]int{{0}, {0}, {0, 1}, {2}, {3}, {4}}
	keyServices     = []string{"s3", "sts", "ec2", "iam", "dynamodb", "sqs", "lambda", "secretsmanager", "ecr"}

	// Instance types, with weights.
	instanceTypes = []string{"t3.micro", "t3.small", "t3.medium", "t3.large", "m5.large", "m6i.large",
		"m6i.xlarge", "m7g.large", "c6g.large", "c6i.2xlarge", "r6i.xlarge", "r6g.2xlarge", "g5.xlarge"}
	instanceTypeW = cumulative(10, 8, 14, 8, 12, 14, 8, 6, 6, 4, 5, 3, 1)

	rdsClasses  = []string{"db.t3.micro", "db.t3.medium", "db.t4g.medium", "db.m6i.large", "db.m6g.xlarge", "db.r6g.large", "db.r6i.2xlarge"}
	rdsClassesW = cumulative(6, 14, 10, 20, 12, 25, 13)

	// AWS managed key aliases besides alias/aws/ebs, which every region has.
	awsManagedKeys = []string{"alias/aws/s3", "alias/aws/rds", "alias/aws/lambda",
		"alias/aws/secretsmanager", "alias/aws/sns", "alias/aws/sqs", "alias/aws/dynamodb", "alias/aws/backup", "alias/aws/logs"}

	publicIPFirst = []string{"3", "13", "18", "34", "35", "44", "52", "54"}

	// Lambda functions: what they do.
	lambdaVerbs = []string{"handler", "processor", "consumer", "resizer", "notifier", "exporter", "sync",
		"cleanup", "authorizer", "webhook", "indexer", "scheduler", "transformer", "validator"}
	// DynamoDB tables, SQS queues and SNS topics: what they hold.
	entities = []string{"orders", "sessions", "events", "users", "payments", "carts", "invoices", "jobs",
		"audit-log", "feature-flags", "idempotency-keys", "notifications", "inventory", "metrics", "leases"}
	secretKinds = []string{"db-credentials", "api-key", "oauth-client", "signing-key", "webhook-secret",
		"smtp-credentials", "service-token", "encryption-key"}
	subdomains = []string{"www", "api", "app", "auth", "admin", "status", "cdn", "static", "portal",
		"checkout", "search", "partners", "grafana", "internal", "mail", "vpn"}
)

// cumulative turns weights into cumulative sums for pick.
func cumulative(w ...int) []int {
	out := make([]int, len(w))
	sum := 0
	for i, x := range w {
		sum += x
		out[i] = sum
	}
	return out
}

const hexDigits = "0123456789abcdef"
const base32Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// mix64 is the splitmix64 finalizer: a bijection on uint64, so distinct
// counters give distinct, random-looking ids.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// mix32 is a bijection on uint32 (lowbias32).
func mix32(x uint32) uint32 {
	x ^= x >> 16
	x *= 0x7feb352d
	x ^= x >> 15
	x *= 0x846ca68b
	x ^= x >> 16
	return x
}

// hexID returns prefix + 17 hex digits (sg-, vpc-, i-, vol-, fl-, subnet-,
// ami-), unique for the whole inventory. Like AWS's long ids, the first
// digit is 0 and the other 16 encode 64 bits.
func (g *generator) hexID(prefix string) string {
	g.seq++
	h := mix64(g.seq + g.salt)
	var buf [40]byte
	n := copy(buf[:], prefix)
	buf[n] = '0'
	n++
	for i := 60; i >= 0; i -= 4 {
		buf[n] = hexDigits[(h>>uint(i))&15]
		n++
	}
	return string(buf[:n])
}

// hex8 returns 8 hex digits that are unique for distinct x < 2^32.
func hex8(x uint32) string {
	var buf [8]byte
	for i := range buf {
		buf[i] = hexDigits[(x>>uint(28-4*i))&15]
	}
	return string(buf[:])
}

// iamID returns an IAM unique id such as AKIA… (access key, 20 characters)
// or AIDA… (user, 21 characters): prefix + n base32 characters, the first
// 13 of which encode a unique counter.
func (g *generator) iamID(prefix string, n int) string {
	g.seq++
	h := mix64(g.seq + g.salt)
	var buf [32]byte
	p := copy(buf[:], prefix)
	for i := 0; i < 13; i++ { // 13*5 = 65 bits ≥ 64
		buf[p] = base32Upper[(h>>uint(5*i))&31]
		p++
	}
	x := mix64(h ^ 0x9e3779b97f4a7c15)
	for i := 13; i < n; i++ {
		buf[p] = base32Upper[x&31]
		x >>= 5
		p++
	}
	return string(buf[:p])
}

// uuid returns a random version 4 UUID (KMS key ids).
func (g *generator) uuid() string {
	a, b := g.r.Uint64(), g.r.Uint64()
	a = a&^(0xf<<12) | 0x4<<12 // version 4
	b = b&^(0x3<<62) | 0x2<<62 // RFC 4122 variant
	var buf [36]byte
	p := 0
	put := func(x uint64, from, to int) {
		for i := from; i > to; i -= 4 {
			buf[p] = hexDigits[(x>>uint(i-4))&15]
			p++
		}
	}
	put(a, 64, 32)
	buf[p] = '-'
	p++
	put(a, 32, 16)
	buf[p] = '-'
	p++
	put(a, 16, 0)
	buf[p] = '-'
	p++
	put(b, 64, 48)
	buf[p] = '-'
	p++
	put(b, 48, 0)
	return string(buf[:])
}

// permuted returns a permutation of 0..n-1 applied to k (k*step+off mod n,
// step coprime to n) plus the number of full rounds before k, so names built
// from it are unique and still look shuffled.
func permuted(k, n, step, off int) (idx, round int) {
	return (k%n*step + off) % n, k / n
}

// withRound appends "-2", "-3", … for names reused after a full round.
func withRound(name string, round int) string {
	if round == 0 {
		return name
	}
	return name + strconv.Itoa(round+1)
}

func itoa(i int) string { return strconv.Itoa(i) }

// day is one day.
const day = 24 * time.Hour

// combo returns the k-th combination of one element from each of the
// lists whose sizes are given, in a shuffled order without repeats (off
// varies the order), and the number of full rounds before k. Names built
// from it are unique until a round suffix is added.
func combo(k, off int, sizes ...int) (idx [4]int, round int) {
	n := 1
	for _, s := range sizes {
		n *= s
	}
	x, round := permuted(k, n, 7919, off%n)
	for i := len(sizes) - 1; i >= 0; i-- {
		idx[i] = x % sizes[i]
		x /= sizes[i]
	}
	return idx, round
}

// withDash appends "-2", "-3", … for resource names reused after a round.
func withDash(name string, round int) string {
	if round == 0 {
		return name
	}
	return name + "-" + strconv.Itoa(round+1)
}

// slotSalt varies the order of combinations between accounts and regions.
func (g *generator) slotSalt() int { return g.acct.idx*7211 + g.reg*331 + int(g.salt%977) }

// hex32 returns 32 hex digits, unique for the inventory (detector ids,
// EKS endpoints).
func (g *generator) hex32() string {
	g.seq++
	a, b := mix64(g.seq+g.salt), mix64(g.seq^g.salt^0x5bd1e995)
	var buf [32]byte
	for i := 0; i < 16; i++ {
		buf[i] = hexDigits[(a>>uint(60-4*i))&15]
		buf[16+i] = hexDigits[(b>>uint(60-4*i))&15]
	}
	return string(buf[:])
}

// hexN returns n hex digits from the random source.
func (g *generator) hexN(n int) string {
	b := make([]byte, n)
	for i := 0; i < n; i += 16 {
		x := g.r.Uint64()
		for j := i; j < min(n, i+16); j++ {
			b[j] = hexDigits[x&15]
			x >>= 4
		}
	}
	return string(b)
}

// sortedStrings sorts s in place and returns it.
func sortedStrings(s []string) []string {
	slices.Sort(s)
	return s
}
