package aws

import (
	"context"
	"errors"
	"log/slog"

	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cloudward/asset"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
)

// Options configure a collection.
type Options struct {
	Profile  string   // shared config profile ("" = default chain)
	Regions  []string // regions to collect; empty = every region enabled for the account
	Services []string // services to collect; empty = all (see ServiceNames)

	Org        bool     // collect every active account of the organization
	RoleName   string   // role assumed in each account (with Org); default OrganizationAccountAccessRole
	ExternalID string   // external id for the assumed roles
	RoleARNs   []string // explicit roles to assume, one account each

	PerBucket   int           // concurrent calls per account × region × service (default 4)
	Concurrency int           // concurrent calls overall (default 64)
	MaxAttempts int           // SDK attempts per call, throttling included (default 12)
	MaxBackoff  time.Duration // longest wait between attempts (default 20s)
	// CallTimeout bounds one HTTP attempt, so a hung connection becomes a
	// retry instead of a stalled collection (default 2 minutes).
	CallTimeout time.Duration

	// Logger receives diagnostics: gaps at info, jobs and retries at debug
	// (nil: discard).
	Logger *slog.Logger
	// Progress, if set, is called (from several goroutines) whenever a job ends.
	Progress func(Stats)
	// Now stamps collected assets (default time.Now).
	Now func() time.Time
	// ConfigOptions are extra options for config.LoadDefaultConfig (tests).
	ConfigOptions []func(*config.LoadOptions) error
	// APIOptions are extra middleware for every client (tests).
	APIOptions []func(*middleware.Stack) error
}

// Stats describe a collection in progress or finished.
type Stats struct {
	Accounts  int
	Regions   int
	Jobs      int64 // account × region × service units of work
	JobsDone  int64
	Resources int64
	Calls     int64
	Retries   int64
	Throttles int64
	Gaps      int64
	Duration  time.Duration
}

// Sink receives what a collection finds. Calls are serialized by the collector.
type Sink interface {
	Asset(*asset.Asset) error
	Gap(asset.Gap)
}

// Collector collects AWS assets.
type Collector struct {
	reg  *asset.Registry
	opts Options
	lim  *limiter
	sink Sink
	mu   sync.Mutex // serializes the sink
	// reports caches each account's credential report for this collection.
	reports sync.Map // account -> *reportCache

	jobs, jobsDone, resources, calls, retries, throttles, gaps atomic.Int64
	accounts, regions                                          int
	start                                                      time.Time
}

// New returns a collector writing into reg's types.
func New(reg *asset.Registry, opts Options) (*Collector, error) {
	if opts.PerBucket <= 0 {
		opts.PerBucket = 4
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 64
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 12
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 20 * time.Second
	}
	if opts.CallTimeout <= 0 {
		opts.CallTimeout = 2 * time.Minute
	}
	if opts.RoleName == "" {
		opts.RoleName = "OrganizationAccountAccessRole"
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	for _, s := range opts.Services {
		if serviceByName(s) == nil {
			return nil, fmt.Errorf("unknown service %q (known: %s)", s, strings.Join(ServiceNames(), ", "))
		}
	}
	theRegistry()
	return &Collector{reg: reg, opts: opts, lim: newLimiter(opts.PerBucket, opts.Concurrency)}, nil
}

// Stats returns the current statistics.
func (c *Collector) Stats() Stats {
	return Stats{Accounts: c.accounts, Regions: c.regions, Jobs: c.jobs.Load(), JobsDone: c.jobsDone.Load(),
		Resources: c.resources.Load(), Calls: c.calls.Load(), Retries: c.retries.Load(),
		Throttles: c.throttles.Load(), Gaps: c.gaps.Load(), Duration: time.Since(c.start)}
}

// account is one AWS account being collected.
type account struct {
	id        string
	partition string
	cfg       aws.Config // credentials for the account; region unset
}

// Run collects every selected account, region and service into sink. Only
// failures to start (no credentials at all, an unknown profile) are returned;
// everything else becomes a gap and the collection goes on.
func (c *Collector) Run(ctx context.Context, sink Sink) error {
	c.sink = sink
	c.start = time.Now()
	base, err := c.baseConfig(ctx)
	if err != nil {
		return err
	}
	accounts, err := c.accountsToCollect(ctx, base)
	if err != nil {
		return err
	}
	c.accounts = len(accounts)
	var wg sync.WaitGroup
	for _, a := range accounts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.collectAccount(ctx, a)
		}()
	}
	wg.Wait()
	return ctx.Err()
}

func (c *Collector) baseConfig(ctx context.Context) (aws.Config, error) {
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer { return c.retryer() }),
		config.WithHTTPClient(awshttp.NewBuildableClient().WithTimeout(c.opts.CallTimeout).
			WithTransportOptions(func(t *http.Transport) {
				t.MaxIdleConns = 256
				t.MaxIdleConnsPerHost = 64
			})),
	}
	if c.opts.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(c.opts.Profile))
	}
	opts = append(opts, c.opts.ConfigOptions...)
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return cfg, fmt.Errorf("loading AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	return cfg, nil
}

// retryer retries throttling and transient errors with backoff, many times,
// and never rate-limits retries: the standard retryer's token bucket is
// shared by every call of a client, so a wide fan-out would drain it and turn
// throttling into failures. Throttling slows the collection; it does not fail it.
func (c *Collector) retryer() aws.Retryer {
	std := retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = c.opts.MaxAttempts
		o.MaxBackoff = c.opts.MaxBackoff
		o.RateLimiter = ratelimit.None
	})
	return &countingRetryer{RetryerV2: std, c: c}
}

type countingRetryer struct {
	aws.RetryerV2
	c *Collector
}

// maxServerErrorAttempts bounds retries of server errors (5xx answers that
// are not throttling): those rarely heal by waiting, and an endpoint that
// lacks an API answers 500 forever. Throttling and connection failures
// (resets, timeouts) get every attempt.
const maxServerErrorAttempts = 4

func (r *countingRetryer) RetryDelay(attempt int, err error) (time.Duration, error) {
	r.c.opts.Logger.Debug("retrying", "attempt", attempt, "error", err)
	if k, _ := Classify(err); k == KindThrottled {
		r.c.throttles.Add(1)
	} else if re := (*awshttp.ResponseError)(nil); errors.As(err, &re) && re.HTTPStatusCode() >= 500 && attempt >= maxServerErrorAttempts {
		return 0, err
	}
	r.c.retries.Add(1)
	return r.RetryerV2.RetryDelay(attempt, err)
}

// withAccount returns cfg with the middleware every client of the account
// carries: the read-only guard, the per-bucket limiter and call counting.
func (c *Collector) withAccount(cfg aws.Config, id string) aws.Config {
	cfg = cfg.Copy()
	lim := middleware.InitializeMiddlewareFunc("cloudward-limiter",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
			middleware.InitializeOutput, middleware.Metadata, error) {
			bucket := id + "/" + regionOf(ctx, cfg.Region) + "/" + serviceIDOf(ctx)
			release, err := c.lim.acquire(ctx, bucket)
			if err != nil {
				return middleware.InitializeOutput{}, middleware.Metadata{}, err
			}
			defer release()
			c.calls.Add(1)
			return next.HandleInitialize(ctx, in)
		})
	cfg.APIOptions = append(append([]func(*middleware.Stack) error{}, cfg.APIOptions...),
		addGuard,
		func(s *middleware.Stack) error { return s.Initialize.Add(lim, middleware.After) })
	cfg.APIOptions = append(cfg.APIOptions, c.opts.APIOptions...)
	return cfg
}

func (c *Collector) accountsToCollect(ctx context.Context, base aws.Config) ([]*account, error) {
	guarded := c.withAccount(base, "caller")
	id, err := sts.NewFromConfig(guarded).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, fmt.Errorf("sts:GetCallerIdentity failed — check the credentials (environment, --profile, SSO login): %w", err)
	}
	callerAccount := aws.ToString(id.Account)
	partition := partitionOf(aws.ToString(id.Arn))
	var roles []string
	switch {
	case len(c.opts.RoleARNs) > 0:
		roles = c.opts.RoleARNs
	case c.opts.Org:
		p := organizations.NewListAccountsPaginator(organizations.NewFromConfig(guarded), &organizations.ListAccountsInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("organizations:ListAccounts failed (run from the management account or a delegated administrator): %w", err)
			}
			for _, a := range page.Accounts {
				if a.Status != orgtypes.AccountStatusActive {
					continue
				}
				roles = append(roles, fmt.Sprintf("arn:%s:iam::%s:role/%s", partition, aws.ToString(a.Id), c.opts.RoleName))
			}
		}
		sort.Strings(roles)
	default:
		return []*account{{id: callerAccount, partition: partition, cfg: base}}, nil
	}
	var out []*account
	for _, arn := range roles {
		acct := accountOfARN(arn)
		cfg := base.Copy()
		stsClient := sts.NewFromConfig(c.withAccount(base, callerAccount))
		cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(stsClient, arn,
			func(o *stscreds.AssumeRoleOptions) {
				o.RoleSessionName = "cloudward"
				if c.opts.ExternalID != "" {
					o.ExternalID = aws.String(c.opts.ExternalID)
				}
			}))
		out = append(out, &account{id: acct, partition: partitionOf(arn), cfg: cfg})
	}
	return out, nil
}

func (c *Collector) collectAccount(ctx context.Context, a *account) {
	cfg := c.withAccount(a.cfg, a.id)
	// Check the credentials work before fanning out: one clear gap instead of
	// hundreds of identical failures.
	if _, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		c.gap(asset.Gap{Provider: "aws", Account: a.id, Region: "global", Service: "sts", API: "sts:GetCallerIdentity",
			Code: codeOf(err), Message: "cannot access the account, nothing collected: " + err.Error()})
		return
	}
	regions, err := c.regionsFor(ctx, cfg, a)
	if err != nil {
		c.gap(asset.Gap{Provider: "aws", Account: a.id, Region: cfg.Region, Service: "ec2", API: "ec2:DescribeRegions",
			Code: codeOf(err), Message: "cannot list the account's regions, nothing regional collected: " + err.Error()})
	}
	c.mu.Lock()
	if len(regions) > c.regions {
		c.regions = len(regions)
	}
	c.mu.Unlock()
	var wg sync.WaitGroup
	run := func(svc *Service, region string) {
		c.jobs.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				c.jobsDone.Add(1)
				if c.opts.Progress != nil {
					c.opts.Progress(c.Stats())
				}
			}()
			rcfg := cfg.Copy()
			if region != "global" {
				rcfg.Region = region
			}
			s := &Scope{Account: a.id, Region: region, Partition: a.partition, Config: rcfg, Regions: regions, c: c, svc: svc}
			started := time.Now()
			defer func() {
				c.opts.Logger.Debug("job done", "account", a.id, "region", region, "service", svc.Name, "duration", time.Since(started))
			}()
			if err := svc.Collect(ctx, s); err != nil {
				kind, code := Classify(err)
				if kind == KindCanceled {
					return
				}
				c.gap(asset.Gap{Provider: "aws", Account: a.id, Region: region, Service: svc.Name,
					Code: code, Message: err.Error()})
				return
			}
			if ctx.Err() == nil {
				c.listed(asset.Listing{Provider: "aws", Account: a.id, Region: region, Service: svc.Name})
			}
		}()
	}
	for _, svc := range services {
		if len(c.opts.Services) > 0 && !slices.Contains(c.opts.Services, svc.Name) {
			continue
		}
		if svc.Global {
			run(svc, "global")
			continue
		}
		for _, r := range regions {
			run(svc, r)
		}
	}
	wg.Wait()
}

// regionsFor returns the requested regions, or those enabled for the account.
func (c *Collector) regionsFor(ctx context.Context, cfg aws.Config, a *account) ([]string, error) {
	if len(c.opts.Regions) > 0 {
		return c.opts.Regions, nil
	}
	out, err := ec2.NewFromConfig(cfg).DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	if err != nil {
		return nil, err
	}
	var regions []string
	for _, r := range out.Regions {
		if s := aws.ToString(r.OptInStatus); s == "not-opted-in" {
			continue
		}
		regions = append(regions, aws.ToString(r.RegionName))
	}
	sort.Strings(regions)
	return regions, nil
}

func (c *Collector) emit(a *asset.Asset) error {
	c.resources.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sink.Asset(a)
}

func (c *Collector) gap(g asset.Gap) {
	c.gaps.Add(1)
	c.opts.Logger.Info("coverage gap", "account", g.Account, "region", g.Region, "service", g.Service,
		"api", g.API, "resource", g.Resource, "code", g.Code, "error", g.Message)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sink.Gap(g)
}

// ListingSink is a Sink that also records which services were listed
// completely (the inventory writer is one).
type ListingSink interface {
	Listed(asset.Listing)
}

func (c *Collector) listed(l asset.Listing) {
	ls, ok := c.sink.(ListingSink)
	if !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	ls.Listed(l)
}

func codeOf(err error) string {
	kind, code := Classify(err)
	if code == "" {
		return kind.String()
	}
	return code
}

func partitionOf(arn string) string {
	parts := strings.SplitN(arn, ":", 3)
	if len(parts) >= 2 && parts[1] != "" {
		return parts[1]
	}
	return "aws"
}

func accountOfARN(arn string) string {
	parts := strings.Split(arn, ":")
	if len(parts) >= 5 {
		return parts[4]
	}
	return ""
}

func regionOf(ctx context.Context, fallback string) string {
	if r := awsmwRegion(ctx); r != "" {
		return r
	}
	return fallback
}
