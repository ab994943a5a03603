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
	// (the account and its IAM summary, service-linked and SSO roles,
	// trails and their monitoring, and per region the EC2 settings, KMS
	// keys, Config, Security Hub, GuardDuty and Access Analyzer), so a
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
// asset, one per line, each asset with unknown attributes followed by its
// gap records — to w. Assets are encoded on the other cores while the next
// ones are generated; the output does not depend on how many there are.
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
	if err := iw.Flush(); err != nil {
		return err
	}
	src := asset.Source{Collector: "aws", CollectedAt: o.Now}
	enc, err := newEncoder(reg, src)
	if err != nil {
		return err
	}
	p := startPipeline(w, enc)
	err = generate(reg, o, p.add)
	return p.close(err)
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
	return generate(reg, o, func(a *asset.Asset, _ bool) error { return emit(a) })
}

// generate runs the generator; emit learns whether the asset has an
// unknown attribute (and so gap records).
func generate(reg *asset.Registry, o Options, emit func(*asset.Asset, bool) error) error {
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

// Regional units: the kinds of things a region of an account is filled
// with. A unit is one asset or a small group of related ones (a VPC with
// its default security group, network ACL, route tables, gateway and flow
// log; an instance with its volumes; a function with its log group; …).
const (
	uNetwork = iota
	uSG
	uInstance
	uVolume
	uSnapshot
	uImage
	uKMS
	uRDS
	uRDSCluster
	uRDSSnapshot
	uLambda
	uTable
	uQueue
	uTopic
	uSecret
	uCert
	uLoadBalancer
	uEKS
	uEFS
	uECR
	uAlarm
	uLogGroup
	numRegionalUnits
)

// regionalWeights are the units per 1,000 assets, roughly, and
// regionalSizes the average assets per unit; compute, storage and network
// dominate as in any large estate.
var (
	regionalWeights = [numRegionalUnits]int{
		uNetwork: 16, uSG: 90, uInstance: 120, uVolume: 16, uSnapshot: 50, uImage: 10, uKMS: 25,
		uRDS: 25, uRDSCluster: 6, uRDSSnapshot: 12, uLambda: 45, uTable: 15, uQueue: 12, uTopic: 8,
		uSecret: 15, uCert: 5, uLoadBalancer: 8, uEKS: 2, uEFS: 4, uECR: 12, uAlarm: 15, uLogGroup: 6,
	}
	regionalSizes = [numRegionalUnits]float64{
		uNetwork: 8.4, uSG: 1, uInstance: 2.2, uVolume: 1, uSnapshot: 1, uImage: 2, uKMS: 1,
		uRDS: 1, uRDSCluster: 3.3, uRDSSnapshot: 1, uLambda: 1.85, uTable: 1, uQueue: 1.3, uTopic: 2.6,
		uSecret: 1, uCert: 1, uLoadBalancer: 1.8, uEKS: 1.6, uEFS: 1, uECR: 1, uAlarm: 1, uLogGroup: 1.2,
	}
	regionalCum = cumulative(regionalWeights[:]...)
)

// tour is the order in which the first region of every account gets one
// unit of each kind (dependencies first: networks before what runs in
// them), so even a small inventory has every asset type.
var tour = []int{uNetwork, uNetwork, uSG, uSG, uSG, uInstance, uVolume, uSnapshot, uImage, uKMS,
	uRDS, uRDS, uRDS, uRDSCluster, uRDSSnapshot, uLambda, uTable, uQueue, uTopic, uSecret, uCert,
	uLoadBalancer, uEKS, uEFS, uECR, uAlarm, uLogGroup}

// Global units (IAM and S3, whose region is "global" or chosen per bucket),
// per 1,000 assets.
const (
	gBucket = iota
	gUser
	gRole
	gPolicy
	numGlobalUnits
)

var (
	globalWeights = [numGlobalUnits]int{gBucket: 70, gUser: 40, gRole: 50, gPolicy: 20}
	globalCum     = cumulative(globalWeights[:]...)
)

// unknownEvery is the mean distance between assets with an unknown attribute.
const unknownEvery = 100

type generator struct {
	r    *rand.Rand
	opts Options
	s    *schemas
	emit func(*asset.Asset, bool) error
	src  asset.Source

	seq       uint64 // id counter
	salt      uint64
	bucketSeq uint32
	company   string
	orgID     string
	accounts  []*account

	untilUnknown int  // assets until the next unknown attribute
	marked       bool // the asset being built has an unknown attribute
	tourNth      int  // during the tour, how many units of this kind it had before; else -1

	// Current position.
	acct *account
	reg  int // region index
	slot *slot

	shared   sharedValues
	tagCache map[tagKey]map[string]string
}

// account is the plan and the running state of one account.
type account struct {
	idx      int
	id, name string
	env      string
	weight   float64
	profile  int     // profWell, profWeak or profRandom
	hygiene  float64 // how much more (>1) or less (<1) often than usual resources are misconfigured

	trails    int
	goodTrail bool // log file validation and KMS encryption
	cwLogs    bool // the management trail delivers to CloudWatch Logs
	dataKey   []string
	ebsKey    []string
	keyPolicy ref.Val
	s3PAB     int // account-level S3 Block Public Access: pabOn, pabAbsent or pabPartial

	contacts    [3]bool // billing, operations, security alternate contacts
	supportRole bool
	configSLR   bool // Config records with its service-linked role
	regions     []regionPlan
	monitoring  []monitor // CIS monitoring filters and alarms
	alertTopics []alertTopic

	// Counters that keep names unique in the account.
	humans, services, roles, policies int
	buckets                           int
	groupMembers                      [][]string // per humanGroupNames entry
}

// Account profiles.
const (
	profWell   = iota // the first account: run by the book, a few gaps
	profWeak          // the second: a staging account nobody owns
	profRandom        // further accounts: drawn at random
)

// slot is the bounded state of one account and region: recent resources
// that later ones refer to (VPCs, volumes, databases, topics, …).
type slot struct {
	vpcs     []*vpcState // ring of recent VPCs
	next     int
	kms      int // customer keys emitted in this slot
	managed  int // AWS managed keys emitted
	rds      int
	clusters int
	wizard   int
	amis     []string
	images   int
	prefixes []string

	volumes ring[volumeRef]
	dbs     ring[dbRef]
	topics  ring[string]
	queues  ring[string]
	lambdas ring[string]

	rdsHost string // the account-and-region part of RDS endpoints

	// name counters
	lambdaN, tableN, queueN, topicN, secretN, certN, lbN, eksN, efsN, ecrN, alarmN, logN, snapN int
}

type vpcState struct {
	id        string
	name      string
	isDefault bool
	team      string
	cidr      string
	subnets   [6]string // three public, three private
	sgs       []string  // ring of security group ids, [0] the default group
	next      int
	web       string // an internet-facing group, for load balancers and app tiers to reference
	app       string
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
	g.initShared()

	// Plan the accounts.
	ids := map[string]bool{}
	weights := make([]float64, o.Accounts)
	for i := 0; i < o.Accounts; i++ {
		a := g.planAccount(i, ids)
		g.accounts = append(g.accounts, a)
		weights[i] = a.weight
	}

	// Every account's baseline first (account-wide settings, identity
	// federation, trails and their monitoring, per-region services), then
	// the resources, so the budget left for them is known exactly.
	emitted := 0
	count := g.emit
	g.emit = func(a *asset.Asset, u bool) error {
		emitted++
		return count(a, u)
	}
	for _, a := range g.accounts {
		g.acct = a
		if err := g.baseline(); err != nil {
			return err
		}
	}
	g.emit = count

	fill := max(o.Assets-emitted, 0)
	perAccount := split(fill, weights)

	regionW := make([]float64, len(o.Regions))
	for j := range regionW {
		regionW[j] = 1 / float64(j+1)
	}
	var regionalRate float64
	for u := range numRegionalUnits {
		regionalRate += float64(regionalWeights[u]) * regionalSizes[u]
	}
	globalRate := float64(globalCum[len(globalCum)-1])
	globalShare := globalRate / (globalRate + regionalRate)

	for i, a := range g.accounts {
		g.acct = a
		budget := perAccount[i]
		global := int(float64(budget)*globalShare + 0.5)
		if err := g.globalSlot(global); err != nil {
			return err
		}
		for j, b := range split(budget-global, regionW) {
			g.reg = j
			g.slot = g.newSlot()
			if err := g.regionalSlot(b, j == 0); err != nil {
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

// globalSlot emits n assets of the account's global part: buckets, IAM
// users, roles and policies, and last the IAM groups with their members.
func (g *generator) globalSlot(n int) error {
	groups := min(len(humanGroupNames), n)
	for n -= groups; n > 0; n-- {
		var err error
		switch pick(g.r, globalCum) {
		case gBucket:
			err = g.bucket()
		case gUser:
			err = g.user()
		case gRole:
			err = g.role()
		case gPolicy:
			err = g.policy()
		}
		if err != nil {
			return err
		}
	}
	for i := range groups {
		if err := g.group(i); err != nil {
			return err
		}
	}
	return nil
}

// regionalSlot emits n assets in the current region; the first region of
// an account starts with the tour of every unit kind.
func (g *generator) regionalSlot(n int, first bool) error {
	t := 0
	for n > 0 {
		var u int
		g.tourNth = -1
		switch {
		case first && t < len(tour):
			u = tour[t]
			g.tourNth = 0
			for _, v := range tour[:t] {
				if v == u {
					g.tourNth++
				}
			}
			t++
		case len(g.slot.vpcs) == 0:
			u = uNetwork
		default:
			u = pick(g.r, regionalCum)
		}
		used, err := g.unit(u, n)
		if err != nil {
			return err
		}
		n -= used
	}
	g.tourNth = -1
	return nil
}

// unit emits one unit of kind u within a budget of n assets and returns
// how many assets it used (at least one).
func (g *generator) unit(u, n int) (int, error) {
	switch u {
	case uNetwork:
		return g.network(n)
	case uSG:
		return 1, g.securityGroup()
	case uInstance:
		return g.instanceUnit(n)
	case uVolume:
		return 1, g.volume("", "", false, time.Time{})
	case uSnapshot:
		return 1, g.snapshot()
	case uImage:
		return g.image(n)
	case uKMS:
		return 1, g.kmsKey()
	case uRDS:
		return 1, g.rdsInstance()
	case uRDSCluster:
		return g.rdsCluster(n)
	case uRDSSnapshot:
		return 1, g.rdsSnapshot()
	case uLambda:
		return g.lambda(n)
	case uTable:
		return 1, g.table()
	case uQueue:
		return g.queue(n)
	case uTopic:
		return g.topic(n)
	case uSecret:
		return 1, g.secret()
	case uCert:
		_, err := g.certificate("", "")
		return 1, err
	case uLoadBalancer:
		return g.loadBalancer(n)
	case uEKS:
		return g.eksCluster(n)
	case uEFS:
		return 1, g.fileSystem()
	case uECR:
		return 1, g.repository()
	case uAlarm:
		return 1, g.appAlarm()
	case uLogGroup:
		return g.appLogGroup(n)
	}
	return 0, fmt.Errorf("gen: unknown unit %d", u)
}

func (g *generator) newSlot() *slot {
	s := &slot{}
	for range 4 {
		s.amis = append(s.amis, g.hexID("ami-"))
	}
	s.prefixes = []string{"pl-" + hex8(uint32(g.r.Uint64())), "pl-" + hex8(uint32(g.r.Uint64()))}
	return s
}

// ring keeps the last few items of a kind.
type ring[T any] struct {
	items []T
	next  int
}

const ringSize = 16

func (r *ring[T]) add(x T) {
	if len(r.items) < ringSize {
		r.items = append(r.items, x)
		return
	}
	r.items[r.next%ringSize] = x
	r.next++
}

func (r *ring[T]) empty() bool { return len(r.items) == 0 }

func (r *ring[T]) pick(g *generator) T { return r.items[g.r.IntN(len(r.items))] }

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

// flawed draws a misconfiguration that happens with probability p in a
// typical account, scaled by the current account's hygiene.
func (g *generator) flawed(p float64) bool { return g.r.Float64() < p*g.acct.hygiene }

// good draws a good practice that a typical account follows with
// probability p; the account's hygiene scales how often it is missing.
func (g *generator) good(p float64) bool { return !g.flawed(1 - p) }

func (g *generator) one(list []string) string { return list[g.r.IntN(len(list))] }

// ago returns a time between minDays and maxDays before Now, to the second.
func (g *generator) ago(minDays, maxDays int) time.Time {
	d := time.Duration(minDays)*day + time.Duration(g.r.Int64N(int64(maxDays-minDays+1)*86400))*time.Second
	return g.opts.Now.Add(-d)
}

// ahead returns a time between minDays and maxDays after Now, to the second.
func (g *generator) ahead(minDays, maxDays int) time.Time {
	d := time.Duration(minDays)*day + time.Duration(g.r.Int64N(int64(maxDays-minDays+1)*86400))*time.Second
	return g.opts.Now.Add(d)
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

// az returns an Availability Zone of the current region.
func (g *generator) az() string { return g.region() + string(rune('a'+g.r.IntN(3))) }

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

// arn builds an ARN of the current account in region ("" for global services).
func (g *generator) arn(service, region, resource string) string {
	return "arn:aws:" + service + ":" + region + ":" + g.acct.id + ":" + resource
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
		g.setUnknown(a.Root, u.field, u.reason)
		g.untilUnknown = unknownEvery/2 + g.r.IntN(unknownEvery)
	}
	marked := g.marked
	g.marked = false
	return g.emit(a, marked)
}

// setUnknown marks a field of an object of the asset being built as
// unreadable; every unknown goes through here so its gap is written.
func (g *generator) setUnknown(o *asset.Object, field, reason string) {
	o.SetUnknown(field, reason)
	g.marked = true
}

type unknownField struct{ field, reason string }

const throttled = "Throttling: rate exceeded after 8 retries"

// tags returns the usual tags of a resource: env, team, owner, cost-center,
// and Name when name is set; a few resources are untagged or partly tagged.
// Each team has a few owners. Tag maps without a name are shared between
// assets (they are never modified).
func (g *generator) tags(team, name string) map[string]string {
	x := g.r.IntN(100)
	if x < 5 {
		if name == "" {
			return nil
		}
		return map[string]string{"Name": name}
	}
	env := g.acct.env
	if x < 8 && env != "prod" {
		env = g.one(envs)
	}
	partial := x < 12
	owner := g.r.IntN(ownersPerTeam)
	var key tagKey
	if name == "" {
		key = tagKey{env, team, owner, partial}
		if t, ok := g.tagCache[key]; ok {
			return t
		}
	}
	t := make(map[string]string, 5)
	t["env"] = env
	t["team"] = team
	if name != "" {
		t["Name"] = name
	}
	if !partial {
		t["owner"] = g.owner(team, owner)
		t["cost-center"] = costCenter(team)
	}
	if name == "" {
		if g.tagCache == nil {
			g.tagCache = map[tagKey]map[string]string{}
		}
		g.tagCache[key] = t
	}
	return t
}

type tagKey struct {
	env, team string
	owner     int
	partial   bool
}

const ownersPerTeam = 3

// owner is the k-th owner of a team's resources.
func (g *generator) owner(team string, k int) string {
	h := mix32(uint32(len(team))*2654435761 ^ uint32(team[0])<<8 ^ uint32(team[len(team)-1])<<16 ^ uint32(k)*97 ^ uint32(g.salt))
	return firstNames[h%uint32(len(firstNames))] + "." + lastNames[(h>>8)%uint32(len(lastNames))] + "@" + g.company + ".example"
}

func costCenter(team string) string {
	for i, t := range teams {
		if t == team {
			return "CC-" + strconv.Itoa(1040+37*i)
		}
	}
	return "CC-1000"
}
