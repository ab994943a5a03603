package gen

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"cloudward/asset"
	"cloudward/inventory"

	"cel.dev/cel-go/common/types/ref"
)

// Options control a generated inventory.
type Options struct {
	// Assets is the number of assets to produce. Generate emits exactly
	// this many, except that every account always gets its fixed baseline
	// (the account, its per-region EC2 settings and its trails), so a
	// request smaller than that baseline yields the baseline.
	Assets int
	// Seed selects the inventory; the same Options give identical output.
	Seed int64
	// Accounts is the number of AWS accounts (default 2). The first two are
	// 111111111111 and 222222222222, further ones get generated 12-digit ids.
	Accounts int
	// Regions default to us-east-1, eu-west-1 and ap-southeast-2.
	Regions []string
	// Now is the reference time for creation dates, key ages and
	// collection times (default 2026-06-01T00:00:00Z, fixed so output is
	// reproducible).
	Now time.Time
}

// DefaultRegions are the regions used when Options.Regions is empty.
var DefaultRegions = []string{"us-east-1", "eu-west-1", "ap-southeast-2"}

// DefaultNow is the reference time used when Options.Now is zero.
var DefaultNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// Generator is the generator name written in inventory headers.
const Generator = "cloudward dev gen-inventory"

func (o Options) withDefaults() (Options, error) {
	if o.Assets <= 0 {
		return o, errors.New("gen: Assets must be positive")
	}
	if o.Accounts < 0 {
		return o, errors.New("gen: Accounts must not be negative")
	}
	if o.Accounts == 0 {
		o.Accounts = 2
	}
	if len(o.Regions) == 0 {
		o.Regions = DefaultRegions
	}
	seen := map[string]bool{}
	for _, r := range o.Regions {
		if r == "" || seen[r] {
			return o, fmt.Errorf("gen: empty or duplicate region %q", r)
		}
		seen[r] = true
	}
	if o.Now.IsZero() {
		o.Now = DefaultNow
	}
	o.Now = o.Now.UTC().Truncate(time.Second)
	return o, nil
}

// Write writes a complete inventory — header line, then every generated
// asset, one per line — to w and flushes it.
func Write(w io.Writer, reg *asset.Registry, opts Options) error {
	o, err := opts.withDefaults()
	if err != nil {
		return err
	}
	iw := inventory.NewWriter(w, inventory.Header{
		GeneratedAt: o.Now,
		Generator:   Generator,
		Description: Describe(o),
	})
	// A value the generator makes unknown stands for a failed read, which a
	// collector records as a gap next to the asset; do the same.
	emit := func(a *asset.Asset) error {
		if err := iw.Write(a); err != nil {
			return err
		}
		for _, u := range a.Root.UnknownFields() {
			code, api, _ := strings.Cut(u.Reason, ": ")
			service, _, isAction := strings.Cut(api, ":")
			if !isAction || strings.Contains(api, " ") { // a reason without the IAM action
				api = ""
				service = strings.Split(a.Type, ".")[1]
			}
			iw.Gap(asset.Gap{Provider: a.Provider, Account: a.Account, Region: a.Region, Service: service,
				API: api, Resource: a.ID, Code: code, Message: u.Reason + " (reading " + u.Path + ")"})
		}
		return nil
	}
	if err := Generate(reg, o, emit); err != nil {
		return err
	}
	return iw.Flush()
}

// Describe is the header description of an inventory generated with o.
func Describe(o Options) string {
	o, _ = o.withDefaults()
	return "Synthetic AWS inventory (seed " + strconv.FormatInt(o.Seed, 10) + ", " +
		strconv.Itoa(o.Assets) + " assets, " + strconv.Itoa(o.Accounts) + " accounts, regions " +
		strings.Join(o.Regions, ", ") + "); generated data, no real resources."
}

// Generate streams a synthetic inventory to emit, one asset at a time. It
// stops at the first error emit returns. Assets are not retained: emit may
// keep or discard them. reg must hold the AWS types (cloudward/asset/aws).
func Generate(reg *asset.Registry, opts Options, emit func(*asset.Asset) error) error {
	o, err := opts.withDefaults()
	if err != nil {
		return err
	}
	s, err := lookupSchemas(reg)
	if err != nil {
		return err
	}
	g := &generator{
		r:    rand.New(rand.NewPCG(uint64(o.Seed), 0x636c6f7564776172)), // "cloudwar"
		opts: o,
		s:    s,
		emit: emit,
		src:  asset.Source{Collector: "aws", CollectedAt: o.Now},
	}
	return g.run()
}

// Unit weights: how many units of each kind per 100 assets, roughly. A unit
// is one asset except for a network (VPC, its default security group and
// usually a flow log) and an instance (with its EBS volumes).
const (
	wBucket   = 14
	wUser     = 8
	wNetwork  = 4
	wSG       = 14
	wInstance = 16
	wVolume   = 3
	wKMS      = 6
	wRDS      = 5

	// Average assets per unit, for splitting the budget between the
	// account-wide (global) part and the regions.
	networkSize  = 2.88 // VPC + default SG + flow log 88% of the time
	instanceSize = 2.2  // instance + 1.2 volumes on average
)

var regionalUnits = cumulative(wNetwork, wSG, wInstance, wVolume, wKMS, wRDS)

const (
	uNetwork = iota
	uSG
	uInstance
	uVolume
	uKMS
	uRDS
)

// unknownEvery is the mean distance between assets with an unknown attribute.
const unknownEvery = 100

type generator struct {
	r    *rand.Rand
	opts Options
	s    *schemas
	emit func(*asset.Asset) error
	src  asset.Source

	seq       uint64 // id counter
	salt      uint64
	bucketSeq uint32
	company   string
	orgID     string
	accounts  []*account

	untilUnknown int // assets until the next unknown attribute

	// Current position.
	acct *account
	reg  int // region index
	slot *slot
}

type account struct {
	idx       int
	id, name  string
	env       string
	weight    float64
	trails    int
	goodTrail bool
	dataKey   []string // per region: ARN of the customer "data" KMS key
	ebsKey    []string // per region: ARN of the AWS managed aws/ebs key
	keyPolicy ref.Val  // shared default key policy document
	humans    int      // IAM user counters (names stay unique)
	services  int
	buckets   int // buckets emitted in this account
	s3PAB     int // account-level S3 Block Public Access: pabOn, pabAbsent or pabPartial
}

// slot is the bounded state of one account and region: recent VPCs and
// their security groups, so instances and databases reference real ids.
type slot struct {
	vpcs     []*vpcState // ring of recent VPCs
	next     int
	kms      int // KMS keys emitted in this slot
	managed  int // AWS managed keys emitted
	rds      int
	wizard   int
	amis     []string
	prefixes []string
}

type vpcState struct {
	id      string
	cidr    string
	subnets [3]string
	sgs     []string // ring of security group ids, [0] the default group
	next    int
	web     string // an internet-facing group, for app tiers to reference
	app     string
}

const maxVPCs = 8
const maxSGs = 8

func (g *generator) run() error {
	o := g.opts
	g.salt = g.r.Uint64()
	g.bucketSeq = uint32(g.r.Uint64())
	g.company = companies[g.r.IntN(len(companies))]
	g.orgID = "o-" + g.lowerAlnum(10)
	g.untilUnknown = 1 + g.r.IntN(unknownEvery)

	// Plan the accounts: ids, sizes and fixed assets.
	fixed := 0
	ids := map[string]bool{}
	weights := make([]float64, o.Accounts)
	for i := 0; i < o.Accounts; i++ {
		a := &account{idx: i}
		switch i {
		case 0:
			a.id, a.weight = "111111111111", 1
		case 1:
			a.id, a.weight = "222222222222", 0.7
		default:
			for a.id == "" || ids[a.id] {
				a.id = strconv.FormatUint(100000000000+g.r.Uint64N(900000000000), 10)
			}
			a.weight = 0.3 + 0.7*g.r.Float64()
		}
		ids[a.id] = true
		n := accountNames[i%len(accountNames)]
		a.env = accountEnvs[i%len(accountEnvs)]
		if i >= len(accountNames) {
			n += "-" + itoa(i/len(accountNames)+1)
		}
		a.name = g.company + "-" + n
		a.trails = 1
		if g.r.IntN(2) == 0 {
			a.trails = 2
		}
		a.goodTrail = i == 0 || (i > 1 && g.chance(0.75))
		a.dataKey = make([]string, len(o.Regions))
		a.ebsKey = make([]string, len(o.Regions))
		for j, reg := range o.Regions {
			a.dataKey[j] = "arn:aws:kms:" + reg + ":" + a.id + ":key/" + g.uuid()
			a.ebsKey[j] = "arn:aws:kms:" + reg + ":" + a.id + ":key/" + g.uuid()
		}
		a.keyPolicy = keyPolicy(a.id)
		g.accounts = append(g.accounts, a)
		weights[i] = a.weight
		fixed += 1 + len(o.Regions) + a.trails
	}

	fill := max(o.Assets-fixed, 0)
	perAccount := split(fill, weights)

	regionW := make([]float64, len(o.Regions))
	for j := range regionW {
		regionW[j] = 1 / float64(j+1)
	}
	globalRate := float64(wBucket + wUser)
	regionalRate := wNetwork*networkSize + wSG + wInstance*instanceSize + wVolume + wKMS + wRDS
	globalShare := globalRate / (globalRate + regionalRate)

	for i, a := range g.accounts {
		g.acct = a
		if err := g.accountAsset(); err != nil {
			return err
		}
		for t := 0; t < a.trails; t++ {
			if err := g.trail(t); err != nil {
				return err
			}
		}
		budget := perAccount[i]
		global := int(float64(budget)*globalShare + 0.5)
		if err := g.globalSlot(global); err != nil {
			return err
		}
		for j, b := range split(budget-global, regionW) {
			g.reg = j
			g.slot = g.newSlot()
			if err := g.regionSettings(); err != nil {
				return err
			}
			if err := g.regionalSlot(b); err != nil {
				return err
			}
		}
	}
	return nil
}

// split divides total into len(w) integer parts proportional to w that
// sum to total exactly.
func split(total int, w []float64) []int {
	var sum float64
	for _, x := range w {
		sum += x
	}
	out := make([]int, len(w))
	var cum float64
	prev := 0
	for i, x := range w {
		cum += x
		next := int(float64(total)*cum/sum + 0.5)
		if i == len(w)-1 {
			next = total
		}
		out[i] = next - prev
		prev = next
	}
	return out
}

func (g *generator) globalSlot(n int) error {
	for range n {
		var err error
		if g.r.IntN(wBucket+wUser) < wBucket {
			err = g.bucket()
		} else {
			err = g.user()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) regionalSlot(n int) error {
	for n > 0 {
		u := uNetwork
		if len(g.slot.vpcs) > 0 {
			u = pick(g.r, regionalUnits)
		}
		var used int
		var err error
		switch u {
		case uNetwork:
			used, err = g.network(n)
		case uSG:
			used, err = 1, g.securityGroup()
		case uInstance:
			used, err = g.instanceUnit(n)
		case uVolume:
			used, err = 1, g.volume("", "", false)
		case uKMS:
			used, err = 1, g.kmsKey()
		case uRDS:
			used, err = 1, g.rdsInstance()
		}
		if err != nil {
			return err
		}
		n -= used
	}
	return nil
}

func (g *generator) newSlot() *slot {
	s := &slot{}
	for range 4 {
		s.amis = append(s.amis, g.hexID("ami-"))
	}
	s.prefixes = []string{"pl-" + hex8(uint32(g.r.Uint64())), "pl-" + hex8(uint32(g.r.Uint64()))}
	return s
}

// pick returns an index chosen with the weights whose cumulative sums are cw.
func pick(r *rand.Rand, cw []int) int {
	x := r.IntN(cw[len(cw)-1])
	for i, c := range cw {
		if x < c {
			return i
		}
	}
	return len(cw) - 1
}

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

func (g *generator) one(list []string) string { return list[g.r.IntN(len(list))] }

// ago returns a time between minDays and maxDays before Now, to the second.
func (g *generator) ago(minDays, maxDays int) time.Time {
	d := time.Duration(minDays)*day + time.Duration(g.r.Int64N(int64(maxDays-minDays+1)*86400))*time.Second
	return g.opts.Now.Add(-d)
}

func (g *generator) lowerAlnum(n int) string {
	const alnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = alnum[g.r.IntN(len(alnum))]
	}
	return string(b)
}

func (g *generator) region() string { return g.opts.Regions[g.reg] }

// regionIndex picks a region of the account, weighted like the budgets.
func (g *generator) regionIndex() int {
	n := len(g.opts.Regions)
	if n == 1 {
		return 0
	}
	// 1/(j+1) weights, as split uses for regional budgets.
	var sum float64
	for j := range n {
		sum += 1 / float64(j+1)
	}
	x := g.r.Float64() * sum
	for j := range n {
		x -= 1 / float64(j+1)
		if x < 0 {
			return j
		}
	}
	return n - 1
}

// newAsset starts an asset in the current account.
func (g *generator) newAsset(ts *asset.TypeSchema, region, id, name string) *asset.Asset {
	a := asset.New(ts, g.acct.id, region, id, name)
	a.Source = g.src
	return a
}

// out emits a, first marking one of its attributes unknown when the
// unknown schedule says so and the type has a plausible candidate.
func (g *generator) out(a *asset.Asset, unknowns []unknownField) error {
	g.untilUnknown--
	if g.untilUnknown <= 0 && len(unknowns) > 0 {
		u := unknowns[g.r.IntN(len(unknowns))]
		a.Root.SetUnknown(u.field, u.reason)
		g.untilUnknown = unknownEvery/2 + g.r.IntN(unknownEvery)
	}
	return g.emit(a)
}

type unknownField struct{ field, reason string }

const throttled = "Throttling: rate exceeded after 8 retries"

// tags returns the usual tags of a resource: env, team, owner, cost-center,
// and Name when name is set; a few resources are untagged or partly tagged.
func (g *generator) tags(team, name string) map[string]string {
	x := g.r.IntN(100)
	if x < 5 {
		if name == "" {
			return nil
		}
		return map[string]string{"Name": name}
	}
	t := make(map[string]string, 5)
	env := g.acct.env
	if x < 8 && env != "prod" {
		env = g.one(envs)
	}
	t["env"] = env
	t["team"] = team
	if name != "" {
		t["Name"] = name
	}
	if x < 12 { // partly tagged
		return t
	}
	t["owner"] = g.one(firstNames) + "." + g.one(lastNames) + "@" + g.company + ".example"
	t["cost-center"] = costCenter(team)
	return t
}

func costCenter(team string) string {
	for i, t := range teams {
		if t == team {
			return "CC-" + strconv.Itoa(1040+37*i)
		}
	}
	return "CC-1000"
}
