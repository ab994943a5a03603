package aws

import (
	"context"
	"fmt"
	"sync"

	"cloudward/asset"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Service is one AWS service's collector.
type Service struct {
	Name   string // as in --services: s3, ec2, iam, …
	Global bool   // collected once per account rather than per region
	Ops    []Op   // every operation Collect may call
	// Collect lists the service's resources in the scope and emits them.
	// It returns an error only when nothing could be collected (e.g. the
	// listing call itself failed); per-resource failures become unknown
	// attributes and gaps through the Scope.
	Collect func(ctx context.Context, s *Scope) error
}

// Scope is one unit of work: a service in an account and region.
type Scope struct {
	Account   string
	Region    string // "global" for global services
	Partition string
	Config    aws.Config // credentials, guard and limiter; Region set for regional scopes
	Regions   []string   // the regions being collected for this account
	c         *Collector
	svc       *Service
}

// New returns an asset of type typ in the scope's account and region.
func (s *Scope) New(typ, id, name string) *asset.Asset {
	ts, ok := s.c.reg.Lookup(typ)
	if !ok {
		panic("aws: unknown asset type " + typ)
	}
	a := asset.New(ts, s.Account, s.Region, id, name)
	a.Source = asset.Source{Collector: "aws", CollectedAt: s.c.opts.Now().UTC()}
	return a
}

// InRegion returns a copy of s for another region of the same account
// (global services whose resources live in regions, such as S3 buckets).
func (s *Scope) InRegion(region string) *Scope {
	t := *s
	t.Region = region
	t.Config = s.Config.Copy()
	t.Config.Region = region
	return &t
}

// Emit hands an asset to the sink.
func (s *Scope) Emit(a *asset.Asset) error { return s.c.emit(a) }

// Unknown marks field of o as unreadable because op failed, and records the gap.
func (s *Scope) Unknown(o *asset.Object, field string, op Op, resource string, err error) {
	o.SetUnknown(field, Reason(op, err))
	s.Gap(op, resource, err)
}

// Gap records a failed call.
func (s *Scope) Gap(op Op, resource string, err error) {
	kind, code := Classify(err)
	if kind == KindCanceled {
		return
	}
	if code == "" {
		code = kind.String()
	}
	s.c.gap(asset.Gap{Provider: "aws", Account: s.Account, Region: s.Region, Service: s.svc.Name,
		API: op.Action, Resource: resource, Code: code, Message: err.Error()})
}

// ARN builds an ARN in the scope's partition, account and region.
func (s *Scope) ARN(service, resource string) string {
	region := s.Region
	if region == "global" {
		region = ""
	}
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", s.Partition, service, region, s.Account, resource)
}

// perResourceWorkers bounds the goroutines reading resources one by one in
// a scope (bucket settings, key rotation, user credentials). The limiter
// already bounds calls in flight; this bounds memory: a goroutine per
// resource would hold thousands of deep SDK stacks waiting for a slot.
const perResourceWorkers = 16

// each calls fn(i) for i in [0, n) on at most perResourceWorkers goroutines
// and returns when all calls have returned.
func each(n int, fn func(i int)) {
	workers := min(n, perResourceWorkers)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// tagMap turns an SDK tag list into a map (nil when empty); kv returns a
// tag's key and value. Every service has its own Tag type, hence kv.
func tagMap[T any](tags []T, kv func(T) (key, value *string)) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		k, v := kv(t)
		m[aws.ToString(k)] = aws.ToString(v)
	}
	return m
}
