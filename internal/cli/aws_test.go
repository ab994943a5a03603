package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cloudward/internal/testenv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// awsEnv points the standard AWS configuration chain at the emulator, as a
// user would with AWS_ENDPOINT_URL.
func awsEnv(t *testing.T, m *testenv.Moto) {
	t.Setenv("AWS_ENDPOINT_URL", m.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "testing")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "testing")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

func TestCollectAndScanAWS(t *testing.T) {
	m := testenv.StartMoto(t)
	awsEnv(t, m)
	cl := s3.NewFromConfig(m.Config(t, "us-east-1", ""), func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := cl.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String("cli-bucket")}); err != nil {
		t.Fatal(err)
	}
	inv := filepath.Join(t.TempDir(), "inv.jsonl")
	code, _, stderr := run(t, "", "collect", "aws", "--regions", "us-east-1", "--services", "s3,account", "-o", inv)
	if code != ExitOK {
		t.Fatalf("collect aws: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "collected") {
		t.Errorf("no summary line: %s", stderr)
	}
	data, err := os.ReadFile(inv)
	if err != nil || !strings.Contains(string(data), `"id":"arn:aws:s3:::cli-bucket"`) || !strings.Contains(string(data), `"type":"aws.account"`) {
		t.Fatalf("inventory lacks the bucket or the account: %s", data)
	}
	code, out, stderr := run(t, "", "scan", "snapshot", inv, "-f", "json")
	if code != ExitOK {
		t.Fatalf("scan: exit %d %s", code, stderr)
	}
	if !strings.Contains(out, `"arn:aws:s3:::cli-bucket"`) {
		t.Fatal("the collected bucket has no finding (it has no block public access)")
	}

	code, out, stderr = run(t, "", "scan", "aws", "--regions", "us-east-1", "--services", "s3,account", "-f", "json", "--fail-on", "high")
	if code != ExitFindings {
		t.Fatalf("scan aws --fail-on high: exit %d, want 1 (%s)", code, stderr)
	}
	var doc struct {
		Summary struct {
			Assets int `json:"assets"`
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Summary.Assets < 2 {
		t.Fatalf("scan aws output: %v %s", err, out[:min(300, len(out))])
	}
}

func TestPermissionsAWS(t *testing.T) {
	code, out, _ := run(t, "", "permissions", "aws", "--services", "s3")
	if code != 0 || !strings.Contains(out, `"s3:GetEncryptionConfiguration"`) || strings.Contains(out, "iam:GetAccountSummary") {
		t.Fatalf("%d %s", code, out)
	}
	code, _, _ = run(t, "", "permissions", "aws", "--services", "nope")
	if code != ExitUsage {
		t.Fatalf("unknown service: exit %d", code)
	}
}
