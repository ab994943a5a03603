package aws_test

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

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
