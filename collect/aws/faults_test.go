package aws_test

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"cloudward/asset"
	cwaws "cloudward/collect/aws"
	"cloudward/internal/testenv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func inventoryOf(t *testing.T, s *memSink) map[string]string {
	t.Helper()
	out := map[string]string{}
	for k, a := range s.assets {
		b, err := a.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		out[k] = string(b)
	}
	return out
}

// TestThrottlingAndDroppedConnectionsLoseNothing collects through a proxy
// that throttles a quarter of all requests and drops a tenth of the
// connections: the collection must finish with exactly what a clean run
// finds, and no gaps.
func TestThrottlingAndDroppedConnectionsLoseNothing(t *testing.T) {
	m := testenv.StartMoto(t)
	ctx := context.Background()
	cl := s3.NewFromConfig(m.Config(t, "us-east-1", ""), func(o *s3.Options) { o.UsePathStyle = true })
	for i := 0; i < 25; i++ {
		name := fmt.Sprintf("bucket-%02d", i)
		if _, err := cl.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			if _, err := cl.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(name),
				VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	opts := cwaws.Options{Regions: []string{"us-east-1"}, Services: []string{"s3", "account"}, MaxBackoff: 20 * time.Millisecond}
	clean := collect(t, m, opts)
	if len(clean.gaps) != 0 {
		t.Fatalf("clean run has gaps: %+v", clean.gaps)
	}

	proxy := testenv.StartFaultProxy(t, m.URL, testenv.Faults{Throttle: 0.25, Reset: 0.10, Seed: 7})
	opts.ConfigOptions = []func(*config.LoadOptions) error{config.WithBaseEndpoint(proxy.URL)}
	faulty := collect(t, m, opts)
	if len(faulty.gaps) != 0 {
		t.Fatalf("faults caused gaps: %+v", faulty.gaps)
	}
	if proxy.Throttled.Load() == 0 || proxy.Dropped.Load() == 0 {
		t.Fatalf("the proxy injected nothing: %d throttled, %d dropped", proxy.Throttled.Load(), proxy.Dropped.Load())
	}
	want, got := inventoryOf(t, clean), inventoryOf(t, faulty)
	if len(got) != len(want) {
		t.Fatalf("%d assets under faults, %d clean", len(got), len(want))
	}
	var keys []string
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if got[k] != want[k] {
			t.Errorf("%s differs under faults:\n got %s\nwant %s", k, got[k], want[k])
		}
	}
	t.Logf("proxy: %d passed, %d throttled, %d dropped", proxy.Passed.Load(), proxy.Throttled.Load(), proxy.Dropped.Load())
}

// sameOrUnknown reports where got differs from want other than by values
// that became unknown: a value that vanished, or changed, is lost data.
func sameOrUnknown(path string, got, want any) []string {
	if m, ok := got.(map[string]any); ok {
		if _, unk := m["$unknown"]; unk {
			return nil
		}
		w, ok := want.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: got an object, want %v", path, want)}
		}
		var out []string
		for k, wv := range w {
			gv, present := m[k]
			if !present {
				out = append(out, path+"."+k+": missing (neither read nor unknown)")
				continue
			}
			out = append(out, sameOrUnknown(path+"."+k, gv, wv)...)
		}
		return out
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		return []string{fmt.Sprintf("%s: got %v, want %v", path, got, want)}
	}
	return nil
}

// TestDeniedAndHungCallsLoseOnlyWhatTheyRead injects every fault at once —
// throttling, dropped connections, calls that hang past the client's
// timeout, and AccessDenied on 5 % of calls. The collection must finish;
// the only differences from a clean run may be values that became unknown
// (each with a gap naming the denied call), never a value that silently
// vanished or changed.
func TestDeniedAndHungCallsLoseOnlyWhatTheyRead(t *testing.T) {
	m := testenv.StartMoto(t)
	ctx := context.Background()
	cl := s3.NewFromConfig(m.Config(t, "us-east-1", ""), func(o *s3.Options) { o.UsePathStyle = true })
	for i := 0; i < 20; i++ {
		if _, err := cl.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(fmt.Sprintf("deny-%02d", i))}); err != nil {
			t.Fatal(err)
		}
	}
	opts := cwaws.Options{Regions: []string{"us-east-1"}, Services: []string{"s3", "account"},
		MaxBackoff: 20 * time.Millisecond, CallTimeout: 300 * time.Millisecond}
	clean := collect(t, m, opts)
	proxy := testenv.StartFaultProxy(t, m.URL, testenv.Faults{Throttle: 0.15, Reset: 0.05, Stall: 0.03,
		StallFor: 2 * time.Second, Deny: 0.05, Seed: 11})
	opts.ConfigOptions = []func(*config.LoadOptions) error{config.WithBaseEndpoint(proxy.URL)}
	faulty := collect(t, m, opts)
	if proxy.Denied.Load() == 0 || proxy.Stalled.Load() == 0 {
		t.Fatalf("proxy injected %d denials and %d stalls; the test needs both", proxy.Denied.Load(), proxy.Stalled.Load())
	}
	for _, g := range faulty.gaps {
		if g.Code != "AccessDenied" && g.Code != "AccessDeniedException" { // XML and JSON protocols name it differently
			t.Errorf("only denials may leave gaps (throttling and hangs are retried): %+v", g)
		}
	}
	if len(faulty.gaps) == 0 {
		t.Error("denied calls left no gap")
	}
	listingDenied := false
	for _, g := range faulty.gaps {
		listingDenied = listingDenied || g.Resource == "" || g.Resource == "123456789012"
	}
	for k, want := range clean.assets {
		got, ok := faulty.assets[k]
		if !ok {
			// Only a denied listing (a gap about no single resource) may
			// hide a resource, and it says so.
			if !listingDenied {
				t.Errorf("%s was not collected under faults, and no gap explains it", k)
			}
			continue
		}
		for _, d := range sameOrUnknown(k, asset.Native(got.Root), asset.Native(want.Root)) {
			t.Error(d)
		}
	}
	t.Logf("proxy: %d passed, %d throttled, %d dropped, %d stalled, %d denied; %d gaps",
		proxy.Passed.Load(), proxy.Throttled.Load(), proxy.Dropped.Load(), proxy.Stalled.Load(), proxy.Denied.Load(), len(faulty.gaps))
}
