// Package testenv starts the real components tests run against — today the
// moto AWS emulator — and decides what happens when one is missing: a
// developer's test is skipped, a CI run (CI=true) fails.
package testenv

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Missing skips the test, or fails it under CI, for a component that is
// not installed.
func Missing(t testing.TB, what, install string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required under CI=true but missing: %s", what, install)
	}
	t.Skipf("%s not available (%s)", what, install)
}

// Moto is a running moto server.
type Moto struct {
	URL string
}

var (
	motoOnce sync.Once
	motoSrv  *Moto
	motoErr  error
)

// StartMoto returns the test binary's moto server, starting it on a free
// loopback port the first time. It is reset to an empty state for each call.
func StartMoto(t testing.TB) *Moto {
	t.Helper()
	bin := motoBinary()
	if bin == "" {
		Missing(t, "moto_server", "run scripts/test-deps.sh (make test does)")
	}
	motoOnce.Do(func() { motoSrv, motoErr = startMoto(bin) })
	if motoErr != nil {
		t.Fatalf("starting moto: %v", motoErr)
	}
	motoSrv.Reset(t)
	return motoSrv
}

func motoBinary() string {
	if p := os.Getenv("CLOUDWARD_MOTO_SERVER"); p != "" {
		return p
	}
	if root := repoRoot(); root != "" {
		p := filepath.Join(root, ".cache", "venv", "bin", "moto_server")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("moto_server"); err == nil {
		return p
	}
	return ""
}

func repoRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func startMoto(bin string) (*Moto, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // dies with the test binary
	logf, err := os.CreateTemp("", "moto-*.log")
	if err == nil {
		cmd.Stdout, cmd.Stderr = logf, logf
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	m := &Moto{URL: fmt.Sprintf("http://127.0.0.1:%d", port)}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(m.URL + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			return m, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	cmd.Process.Kill()
	return nil, fmt.Errorf("moto_server did not answer on %s within 30s (log: %s)", m.URL, logf.Name())
}

// Reset empties every emulated account.
func (m *Moto) Reset(t testing.TB) {
	t.Helper()
	resp, err := http.Post(m.URL+"/moto-api/reset", "application/json", nil)
	if err != nil {
		t.Fatalf("moto reset: %v", err)
	}
	resp.Body.Close()
}

// ConfigOptions point an SDK configuration at the emulator with test credentials.
func (m *Moto) ConfigOptions(region string) []func(*config.LoadOptions) error {
	return []func(*config.LoadOptions) error{
		config.WithRegion(region),
		config.WithBaseEndpoint(m.URL),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("testing", "testing", "")),
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
	}
}

// Config returns an SDK configuration for the emulator, acting in account
// (moto's x-moto-account-id header; "" for the default 123456789012).
//
// Its HTTP client opens a connection per request. Tests seed the emulator
// with creates, which are not idempotent: on a reused keep-alive connection
// the emulator has closed, the SDK would retry a create that had succeeded
// and fail with "already exists".
func (m *Moto) Config(t testing.TB, region, account string) aws.Config {
	t.Helper()
	opts := append(m.ConfigOptions(region), config.WithHTTPClient(awshttp.NewBuildableClient().
		WithTransportOptions(func(tr *http.Transport) { tr.DisableKeepAlives = true })))
	cfg, err := config.LoadDefaultConfig(context.Background(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	if account != "" {
		cfg.APIOptions = append(cfg.APIOptions, AccountHeader(account))
	}
	return cfg
}

// AccountHeader is SDK middleware that makes moto act in the given account.
func AccountHeader(account string) func(*middleware.Stack) error {
	return func(s *middleware.Stack) error {
		return s.Build.Add(middleware.BuildMiddlewareFunc("moto-account",
			func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
				if req, ok := in.Request.(*smithyhttp.Request); ok {
					req.Header.Set("x-moto-account-id", account)
				}
				return next.HandleBuild(ctx, in)
			}), middleware.After)
	}
}
