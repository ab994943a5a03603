// Package store keeps cloudward's history: every scan with its scope and
// versions, content-addressed inventory snapshots, findings with their
// lifecycle, approved baselines, and exceptions with their audit trail.
//
// Two backends share one schema and one code path over database/sql:
// SQLite (a file, through the pure-Go modernc.org/sqlite, in WAL mode so
// readers work while a scan writes) and PostgreSQL (through pgx). The
// schema is versioned: migrations/NNN_name.sql are applied in order, each
// in its own transaction, and recorded in schema_migrations.
//
// A scan is recorded in one transaction: killed at any moment, the store
// keeps the scans before it and none of it.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Store is an open store.
type Store struct {
	db      *sql.DB
	dialect string
	// Location names the store for messages: the SQLite file, or the
	// PostgreSQL URL without its password.
	Location string
	dsn      string
}

// DefaultPath is the SQLite file used when no store is named:
// $XDG_DATA_HOME/cloudward/cloudward.db, else ~/.local/share/cloudward/
// (on macOS ~/Library/Application Support/cloudward/, on Windows
// %LocalAppData%\cloudward\).
func DefaultPath() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "cloudward", "cloudward.db"), nil
	}
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "cloudward", "cloudward.db"), nil
		}
	case "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, "Library", "Application Support", "cloudward", "cloudward.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home directory for the default store (set XDG_DATA_HOME or --store): %w", err)
	}
	return filepath.Join(home, ".local", "share", "cloudward", "cloudward.db"), nil
}

// Open opens (creating and migrating when needed) the store at dsn: a
// postgres:// or postgresql:// URL, or a SQLite file path (sqlite:PATH is
// accepted too).
func Open(ctx context.Context, dsn string) (*Store, error) {
	s := &Store{dsn: dsn}
	var err error
	switch {
	case strings.HasPrefix(strings.ToLower(dsn), "postgres://"), strings.HasPrefix(strings.ToLower(dsn), "postgresql://"):
		s.dialect, s.Location = Postgres, redact(dsn)
		s.db, err = sql.Open("pgx", dsn)
		if err == nil {
			s.db.SetMaxOpenConns(8)
		}
	case strings.Contains(dsn, "://"):
		scheme, _, _ := strings.Cut(dsn, "://")
		return nil, fmt.Errorf("store: unknown scheme %q: give a postgres:// URL or a SQLite file path", scheme)
	default:
		path := strings.TrimPrefix(dsn, "sqlite:")
		s.dialect, s.Location = SQLite, path
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("store %s: %w", path, err)
			}
		}
		s.db, err = sql.Open("sqlite", sqliteDSN(path, false))
		if err == nil {
			// One writer at a time is SQLite's model; a few connections
			// let readers (findings list during a scan) go on in WAL mode.
			s.db.SetMaxOpenConns(4)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", s.Location, err)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("store %s: %w", s.Location, err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("store %s: %w", s.Location, err)
	}
	return s, nil
}

// sqliteDSN sets the pragmas every connection needs: WAL (readers do not
// block the writer, and a crash leaves the last committed state), a busy
// timeout instead of immediate "database is locked" errors, foreign keys,
// and NORMAL synchronous, which WAL makes durable across application
// crashes.
func sqliteDSN(path string, readOnly bool) string {
	// The path is a URI path: escape what a URI gives a meaning (?, #, %).
	path = (&url.URL{Path: path}).EscapedPath()
	q := "_pragma=journal_mode(WAL)&_pragma=journal_size_limit(67108864)&_pragma=cache_size(-65536)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	if readOnly {
		q = "mode=ro&_pragma=busy_timeout(10000)&_pragma=query_only(1)"
	}
	return "file:" + path + "?" + q
}

// redact removes the password from a PostgreSQL URL: the user info's and
// a password query parameter.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxx")
		u.RawQuery = q.Encode()
	}
	return strings.Replace(u.String(), ":xxx@", ":***@", 1)
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// Dialect is SQLite or Postgres.
func (s *Store) Dialect() string { return s.dialect }

// rebind turns ? placeholders into PostgreSQL's $1, $2, … (outside
// quoted strings).
func (s *Store) rebind(q string) string {
	if s.dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n, quoted := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// jsonToken is {{json}}(expr) in a migration, contentToken {{content}}(expr).
var (
	jsonToken    = regexp.MustCompile(`\{\{json\}\}\(([^()]*)\)`)
	contentToken = regexp.MustCompile(`\{\{content\}\}\(([^()]*)\)`)
)

// ddl fills a migration's dialect tokens.
func (s *Store) ddl(text string) string {
	if s.dialect == Postgres {
		text = jsonToken.ReplaceAllString(text, "($1)::jsonb")
		text = contentToken.ReplaceAllString(text, "($1)::jsonb")
		return strings.NewReplacer("{{id}}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
			"{{content_type}}", "TEXT", "{{without_rowid}}", "").Replace(text)
	}
	text = jsonToken.ReplaceAllString(text, "$1")
	text = contentToken.ReplaceAllString(text, "cloudward_json($1)")
	return strings.NewReplacer("{{id}}", "INTEGER PRIMARY KEY", "{{content_type}}", "BLOB", "{{without_rowid}}", "WITHOUT ROWID").Replace(text)
}

// Migration is one schema version.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations lists the schema versions this build knows, in order.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: want NNN_name.sql", e.Name())
		}
		body, err := fs.ReadFile(migrations, "migrations/"+e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// ErrNewerSchema is returned for a store written by a newer cloudward.
var ErrNewerSchema = errors.New("the store was written by a newer cloudward (its schema version is higher than this build knows); upgrade cloudward")

// migrate applies the migrations the store lacks, each in a transaction.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := Migrations()
	if err != nil {
		return err
	}
	// Up to date: nothing to write, so nothing to wait for (a reader
	// opening the store while a scan records must not queue behind it).
	var current int
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err == nil {
		switch latest := ms[len(ms)-1].Version; {
		case current > latest:
			return ErrNewerSchema
		case current == latest:
			return nil
		}
	}
	// One connection for the whole migration; on PostgreSQL it holds an
	// advisory lock, so processes opening a fresh store at once migrate
	// one after the other (SQLite's IMMEDIATE transactions do the same).
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if s.dialect == Postgres {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(7253841)`); err != nil {
			return err
		}
		defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(7253841)`)
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	for _, m := range ms {
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		var current int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
			tx.Rollback()
			return err
		}
		if n := len(ms); n > 0 && current > ms[n-1].Version {
			tx.Rollback()
			return ErrNewerSchema
		}
		if m.Version <= current {
			tx.Rollback()
			continue
		}
		for _, stmt := range splitSQL(s.ddl(m.SQL)) {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				tx.Rollback()
				return fmt.Errorf("migration %03d_%s: %w", m.Version, m.Name, err)
			}
		}
		if _, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
			m.Version, m.Name, now()); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %03d_%s: %w", m.Version, m.Name, err)
		}
	}
	return nil
}

// SchemaVersion is the store's schema version.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// splitSQL splits a migration into statements at semicolons ending a line,
// dropping -- comments.
func splitSQL(text string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(text, "\n") {
		if i := strings.Index(line, "--"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimRight(line, " \t\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		cur.WriteString(line + "\n")
		if strings.HasSuffix(line, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, strings.TrimSpace(cur.String()))
	}
	return out
}

// now is the current time as stored.
func now() string { return formatTime(time.Now()) }

func formatTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}
