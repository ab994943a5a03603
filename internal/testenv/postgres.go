package testenv

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Postgres is a running PostgreSQL server, private to the test binary.
type Postgres struct {
	// Admin is a URL of the server's postgres database.
	Admin string
	port  int
}

var (
	pgOnce sync.Once
	pgSrv  *Postgres
	pgErr  error
	pgDBs  atomic.Int64
)

// postgresBin finds the directory of initdb and postgres: CLOUDWARD_PG_BIN,
// the PATH, or Debian's /usr/lib/postgresql/<version>/bin (newest first).
func postgresBin() string {
	if d := os.Getenv("CLOUDWARD_PG_BIN"); d != "" {
		return d
	}
	if p, err := exec.LookPath("postgres"); err == nil {
		if _, err := exec.LookPath("initdb"); err == nil {
			return filepath.Dir(p)
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return vi > vj
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "postgres")); err == nil {
			return d
		}
	}
	return ""
}

// StartPostgres returns a URL of a new, empty database on the test
// binary's PostgreSQL server, starting the server the first time (initdb
// into a temporary directory, trust authentication on a loopback port,
// fsync off). The server dies with the test binary. Without PostgreSQL
// the test is skipped, or fails under CI=true.
func StartPostgres(t testing.TB) string {
	t.Helper()
	bin := postgresBin()
	if bin == "" {
		Missing(t, "PostgreSQL (initdb, postgres)", "run scripts/test-deps.sh (make test does), which installs Debian's postgresql")
	}
	pgOnce.Do(func() { pgSrv, pgErr = startPostgres(bin) })
	if pgErr != nil {
		t.Fatalf("starting PostgreSQL: %v", pgErr)
	}
	name := fmt.Sprintf("test_%d_%d", os.Getpid(), pgDBs.Add(1))
	db, err := sql.Open("pgx", pgSrv.Admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("creating database %s: %v", name, err)
	}
	return fmt.Sprintf("postgres://cloudward@127.0.0.1:%d/%s?sslmode=disable", pgSrv.port, name)
}

func startPostgres(bin string) (*Postgres, error) {
	dir, err := os.MkdirTemp("", "cloudward-pg-*")
	if err != nil {
		return nil, err
	}
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root: run it as the postgres user
		// Debian's package creates.
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root needs the postgres user (Debian's postgresql package creates it): %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	logf, _ := os.Create(filepath.Join(os.TempDir(), filepath.Base(dir)+".log"))
	run := func(name string, args ...string) *exec.Cmd {
		cmd := exec.Command(filepath.Join(bin, name), args...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGKILL}
		cmd.Dir = dir
		if logf != nil {
			cmd.Stdout, cmd.Stderr = logf, logf
		}
		return cmd
	}
	if err := run("initdb", "-D", data, "-U", "cloudward", "--auth=trust", "-E", "UTF8", "--no-sync").Run(); err != nil {
		return nil, fmt.Errorf("initdb: %w (log: %s)", err, logf.Name())
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	srv := run("postgres", "-D", data, "-p", strconv.Itoa(port), "-k", dir, "-c", "listen_addresses=127.0.0.1",
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200")
	if err := srv.Start(); err != nil {
		return nil, err
	}
	p := &Postgres{Admin: fmt.Sprintf("postgres://cloudward@127.0.0.1:%d/postgres?sslmode=disable", port), port: port}
	db, err := sql.Open("pgx", p.Admin)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err = db.PingContext(ctx)
		cancel()
		if err == nil {
			return p, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	srv.Process.Kill()
	return nil, fmt.Errorf("PostgreSQL did not answer on port %d within 30s: %v (log: %s)", port, err, logf.Name())
}
