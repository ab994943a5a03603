package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"
)

// QueryResult is the outcome of a read-only query.
type QueryResult struct {
	Columns []string
	Rows    [][]any
	// Truncated is set when more rows existed than the limit.
	Truncated bool
}

// Query runs one read-only SQL statement over the store's views (docs/
// store.md) and returns at most limit rows (0: no limit).
//
// Several layers keep it read-only: the statement must be a single SELECT,
// WITH, VALUES or EXPLAIN; SQLite opens the file read-only with
// query_only; PostgreSQL runs it in a READ ONLY transaction over the
// extended protocol, which carries one statement whatever the connection
// URL asks for.
func (s *Store) Query(ctx context.Context, query string, limit int, timeout time.Duration) (*QueryResult, error) {
	if err := checkReadOnly(query); err != nil {
		return nil, err
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	db := s.db
	if s.dialect == SQLite {
		ro, err := sql.Open("sqlite", sqliteDSN(s.Location, true))
		if err != nil {
			return nil, err
		}
		defer ro.Close()
		db = ro
	}
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if s.dialect == Postgres {
		if _, err := tx.ExecContext(ctx, "SET TRANSACTION READ ONLY"); err != nil {
			return nil, err
		}
	}
	var args []any
	if s.dialect == Postgres {
		args = append(args, pgx.QueryExecModeDescribeExec)
	}
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	res := &QueryResult{Columns: cols}
	for rows.Next() {
		if limit > 0 && len(res.Rows) == limit {
			res.Truncated = true
			break
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		res.Rows = append(res.Rows, vals)
	}
	return res, rows.Err()
}

// checkReadOnly accepts one statement that starts with SELECT, WITH,
// VALUES or EXPLAIN (after comments), with nothing after a final
// semicolon. Quoted strings and identifiers and comments are skipped when
// looking for semicolons.
func checkReadOnly(query string) error {
	var body strings.Builder // the query with strings and comments blanked
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			end := strings.IndexByte(query[i+1:], c)
			if end < 0 {
				return fmt.Errorf("unterminated %c quote", c)
			}
			i += end + 1
			body.WriteByte(' ')
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			end := strings.IndexByte(query[i:], '\n')
			if end < 0 {
				end = len(query) - i
			}
			i += end - 1
			body.WriteByte(' ')
		case c == '/' && i+1 < len(query) && query[i+1] == '*':
			end := strings.Index(query[i+2:], "*/")
			if end < 0 {
				return fmt.Errorf("unterminated /* comment")
			}
			i += end + 3
			body.WriteByte(' ')
		default:
			body.WriteByte(c)
		}
	}
	text := strings.TrimSpace(body.String())
	text = strings.TrimSpace(strings.TrimSuffix(text, ";"))
	if text == "" {
		return fmt.Errorf("empty query")
	}
	if strings.Contains(text, ";") {
		return fmt.Errorf("one statement at a time")
	}
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) })
	if len(words) == 0 {
		return fmt.Errorf("not a query: start with SELECT or WITH")
	}
	first := strings.ToUpper(words[0])
	switch first {
	case "SELECT", "WITH", "VALUES", "EXPLAIN":
		return nil
	}
	return fmt.Errorf("only queries (SELECT, WITH, VALUES, EXPLAIN) are allowed; %s is not", first)
}
