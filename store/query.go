package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// QueryResult is the outcome of a read-only query.
type QueryResult struct {
	Columns []string
	Rows    [][]any
	// Truncated is set when more rows existed than the limit.
	Truncated bool
}

// Query runs one read-only SQL statement over the store's views (docs/
// store.md) and returns at most limit rows (0: no limit). Writes are
// refused by the database itself: SQLite opens the file read-only with
// query_only, PostgreSQL runs the statement in a READ ONLY transaction.
func (s *Store) Query(ctx context.Context, query string, limit int, timeout time.Duration) (*QueryResult, error) {
	if strings.TrimSpace(query) == "" {
		return nil, fmt.Errorf("empty query")
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
	rows, err := tx.QueryContext(ctx, query)
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
