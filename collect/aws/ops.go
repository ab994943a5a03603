package aws

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	awsmw "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
)

// Op is one AWS API operation the collector may call.
type Op struct {
	ServiceID string // the SDK's service id, e.g. "S3", "EC2", "IAM"
	Name      string // operation name, e.g. "GetBucketEncryption"
	Action    string // IAM action that authorizes it, e.g. "s3:GetEncryptionConfiguration"
}

// Key identifies the operation in the registry.
func (o Op) Key() string { return strings.ToLower(o.ServiceID) + ":" + o.Name }

// readOnlyPrefixes are the operation name prefixes that cannot change
// anything. GenerateCredentialReport only asks IAM to build a report.
var readOnlyPrefixes = []string{"Get", "List", "Describe", "Lookup", "Head", "Search"}

var readOnlyExceptions = map[string]bool{"iam:GenerateCredentialReport": true, "sts:AssumeRole": true}

// ReadOnly reports whether the operation's name marks it as read-only.
func (o Op) ReadOnly() bool {
	if readOnlyExceptions[strings.ToLower(o.ServiceID)+":"+o.Name] {
		return true
	}
	for _, p := range readOnlyPrefixes {
		if strings.HasPrefix(o.Name, p) {
			return true
		}
	}
	return false
}

// registry holds every operation cloudward may call. It is filled from the
// services' op lists at start (see services.go) and read-only afterwards.
type registry struct {
	ops   map[string]Op
	calls map[string]*atomic.Int64
}

var (
	regOnce sync.Once
	reg     *registry
)

func theRegistry() *registry {
	regOnce.Do(func() {
		reg = &registry{ops: map[string]Op{}, calls: map[string]*atomic.Int64{}}
		add := func(ops []Op) {
			for _, o := range ops {
				if _, dup := reg.ops[o.Key()]; dup {
					continue // several services may share an operation (sts)
				}
				if !o.ReadOnly() {
					panic("aws: operation " + o.Key() + " is not read-only and cannot be registered")
				}
				reg.ops[o.Key()] = o
				reg.calls[o.Key()] = new(atomic.Int64)
			}
		}
		add(coreOps)
		for _, s := range services {
			add(s.Ops)
		}
	})
	return reg
}

// Operations returns every registered operation, sorted.
func Operations() []Op {
	r := theRegistry()
	out := make([]Op, 0, len(r.ops))
	for _, o := range r.ops {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out
}

// ErrNotRegistered is returned for a call to an operation outside the registry.
type ErrNotRegistered struct{ Key string }

func (e *ErrNotRegistered) Error() string {
	return "cloudward refuses to call " + e.Key + ": it is not registered as a read-only operation"
}

// guard is the middleware every client carries: it refuses unregistered
// operations before anything is sent, and counts the rest.
var guard = middleware.InitializeMiddlewareFunc("cloudward-readonly-guard",
	func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
		middleware.InitializeOutput, middleware.Metadata, error) {
		key := strings.ToLower(awsmw.GetServiceID(ctx)) + ":" + awsmw.GetOperationName(ctx)
		c, ok := theRegistry().calls[key]
		if !ok {
			return middleware.InitializeOutput{}, middleware.Metadata{}, &ErrNotRegistered{Key: key}
		}
		c.Add(1)
		return next.HandleInitialize(ctx, in)
	})

func addGuard(stack *middleware.Stack) error { return stack.Initialize.Add(guard, middleware.After) }

// CallCounts returns the number of calls made per operation since start.
func CallCounts() map[string]int64 {
	out := map[string]int64{}
	for k, c := range theRegistry().calls {
		if n := c.Load(); n > 0 {
			out[k] = n
		}
	}
	return out
}

// Policy returns the least-privilege IAM policy document allowing exactly
// the actions of the given services' operations (all when services is empty).
func Policy(serviceNames []string) ([]byte, error) {
	want := map[string]bool{}
	for _, n := range serviceNames {
		want[n] = true
	}
	actions := map[string]bool{}
	for _, o := range coreOps {
		actions[o.Action] = true
	}
	for _, s := range services {
		if len(want) > 0 && !want[s.Name] {
			continue
		}
		for _, o := range s.Ops {
			actions[o.Action] = true
		}
	}
	list := make([]string, 0, len(actions))
	for a := range actions {
		list = append(list, a)
	}
	sort.Strings(list)
	type statement struct {
		Sid      string
		Effect   string
		Action   []string
		Resource string
	}
	doc := struct {
		Version   string
		Statement []statement
	}{"2012-10-17", []statement{{"CloudwardReadOnlyCollection", "Allow", list, "*"}}}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	return append(b, '\n'), nil
}

// coreOps are called for every scan regardless of services: identity,
// regions and organization discovery.
var coreOps = []Op{
	{"STS", "GetCallerIdentity", "sts:GetCallerIdentity"},
	{"STS", "AssumeRole", "sts:AssumeRole"},
	{"EC2", "DescribeRegions", "ec2:DescribeRegions"},
	{"Organizations", "ListAccounts", "organizations:ListAccounts"},
	{"Organizations", "DescribeOrganization", "organizations:DescribeOrganization"},
}

func awsmwRegion(ctx context.Context) string { return awsmw.GetRegion(ctx) }

func serviceIDOf(ctx context.Context) string { return awsmw.GetServiceID(ctx) }
