package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"cloudward/exception"
)

// ExceptionRecord is an exception kept in the store.
type ExceptionRecord struct {
	*exception.Exception
	RevokedAt    string `json:"revoked_at,omitempty"`
	RevokedBy    string `json:"revoked_by,omitempty"`
	RevokeReason string `json:"revoke_reason,omitempty"`
}

// ExceptionEvent is one entry of the exceptions' audit trail.
type ExceptionEvent struct {
	ExceptionID string          `json:"exception"`
	At          string          `json:"at"`
	Actor       string          `json:"actor"`
	Action      string          `json:"action"` // added, revoked
	Detail      json.RawMessage `json:"detail"`
}

// AddException stores a validated exception, recording who added it.
func (s *Store) AddException(ctx context.Context, e *exception.Exception, actor string) error {
	match, _ := json.Marshal(e.Match)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, s.rebind(`SELECT COUNT(*) FROM exception_records WHERE id = ?`), e.ID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("exception %s already exists in the store (ids are never reused: revoke it and choose another id)", e.ID)
	}
	if _, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO exception_records (id, reason, owner, expires, created, created_by,
		compensating_control, ticket, match, revoked_at, revoked_by, revoke_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '')`),
		s.clean([]any{e.ID, e.Reason, e.Owner, e.Expires.String(), e.Created.String(), e.CreatedBy, e.CompensatingControl, e.Ticket, string(match)})...); err != nil {
		return err
	}
	if err := s.auditException(ctx, tx, e.ID, actor, "added", e); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *Store) auditException(ctx context.Context, tx *sql.Tx, id, actor, action string, detail any) error {
	d, _ := json.Marshal(detail)
	_, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO exception_events (exception_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)`),
		s.clean([]any{id, now(), actor, action, string(d)})...)
	return err
}

// RevokeException ends an exception before its expiry; it stays in the
// store, revoked, with the reason.
func (s *Store) RevokeException(ctx context.Context, id, actor, reason string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var revoked string
	err = tx.QueryRowContext(ctx, s.rebind(`SELECT revoked_at FROM exception_records WHERE id = ?`), id).Scan(&revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("exception %s: %w in the store (see `cloudward exception list`)", id, ErrNotFound)
	}
	if err != nil {
		return err
	}
	if revoked != "" {
		return fmt.Errorf("exception %s was already revoked on %s", id, revoked)
	}
	at := now()
	if _, err := tx.ExecContext(ctx, s.rebind(`UPDATE exception_records SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE id = ?`),
		s.clean([]any{at, actor, reason, id})...); err != nil {
		return err
	}
	if err := s.auditException(ctx, tx, id, actor, "revoked", map[string]string{"reason": reason}); err != nil {
		return err
	}
	return tx.Commit()
}

// Exceptions lists the stored exceptions, revoked ones included.
func (s *Store) Exceptions(ctx context.Context) ([]ExceptionRecord, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, reason, owner, expires, created, created_by, compensating_control, ticket, match,
		revoked_at, revoked_by, revoke_reason FROM exception_records ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ExceptionRecord
	for rows.Next() {
		e := &exception.Exception{}
		var expires, created, match string
		r := ExceptionRecord{Exception: e}
		if err := rows.Scan(&e.ID, &e.Reason, &e.Owner, &expires, &created, &e.CreatedBy, &e.CompensatingControl, &e.Ticket, &match,
			&r.RevokedAt, &r.RevokedBy, &r.RevokeReason); err != nil {
			return nil, err
		}
		e.Expires, _ = exception.ParseDate(expires)
		if created != "" {
			e.Created, _ = exception.ParseDate(created)
		}
		if err := json.Unmarshal([]byte(match), &e.Match); err != nil {
			return nil, fmt.Errorf("exception %s: stored selectors: %w", e.ID, err)
		}
		e.Source = "store"
		out = append(out, r)
	}
	return out, rows.Err()
}

// ExceptionEvents returns the audit trail, oldest first; id "" for all.
func (s *Store) ExceptionEvents(ctx context.Context, id string) ([]ExceptionEvent, error) {
	q := `SELECT exception_id, at, actor, action, detail FROM exception_events`
	var args []any
	if id != "" {
		q += ` WHERE exception_id = ?`
		args = append(args, id)
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(q+` ORDER BY at, exception_id`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ExceptionEvent
	for rows.Next() {
		var e ExceptionEvent
		var d string
		if err := rows.Scan(&e.ExceptionID, &e.At, &e.Actor, &e.Action, &d); err != nil {
			return nil, err
		}
		e.Detail = json.RawMessage(d)
		out = append(out, e)
	}
	return out, rows.Err()
}
