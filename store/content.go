package store

import (
	"bytes"
	"compress/flate"
	"database/sql/driver"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	sqlite "modernc.org/sqlite"
)

// Asset contents are stored compressed in SQLite (raw DEFLATE, about half
// the size of the JSON) and as text in PostgreSQL, whose TOAST storage
// compresses large values on its own and whose jsonb then reads them
// directly. In SQLite, the views and queries read them through the
// cloudward_json(body) function this package registers with the driver.

var writers = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed)
	return w
}}

// encodeContent is what the blobs.body column holds for content.
func (s *Store) encodeContent(content []byte) any {
	if s.dialect == Postgres {
		return string(content) // clean()ed when written
	}
	var b bytes.Buffer
	w := writers.Get().(*flate.Writer)
	w.Reset(&b)
	w.Write(content)
	w.Close()
	writers.Put(w)
	return b.Bytes()
}

// decodeContent returns the JSON of a blobs.body value.
func decodeContent(v any) ([]byte, error) {
	switch x := v.(type) {
	case string:
		return []byte(x), nil
	case []byte: // SQLite's compressed BLOB
		out, err := io.ReadAll(flate.NewReader(bytes.NewReader(x)))
		if err != nil {
			return nil, fmt.Errorf("stored asset content is damaged: %w", err)
		}
		return out, nil
	case nil:
		return nil, fmt.Errorf("no stored content")
	}
	return nil, fmt.Errorf("stored content of type %T", v)
}

func init() {
	sqlite.MustRegisterDeterministicScalarFunction("cloudward_json", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		if args[0] == nil {
			return nil, nil
		}
		b, err := decodeContent(args[0])
		if err != nil {
			return nil, err
		}
		return string(b), nil
	})
}

// clean makes string arguments storable in PostgreSQL, whose text rejects
// NUL bytes and invalid UTF-8 and whose jsonb rejects the \u0000 escape
// (JSON encoders write NUL so): an asset named with such bytes must not
// fail a whole recording. Each becomes U+FFFD. SQLite stores them as given.
func (s *Store) clean(args []any) []any {
	if s.dialect != Postgres {
		return args
	}
	for i, a := range args {
		if str, ok := a.(string); ok {
			args[i] = s.cleanString(str)
		}
	}
	return args
}

// cleanString is clean for one string; keys (uids) computed in memory go
// through it too, so they match what was stored.
func (s *Store) cleanString(str string) string {
	if s.dialect != Postgres || !(strings.ContainsRune(str, 0) || !utf8.ValidString(str) || strings.Contains(str, `\u0000`)) {
		return str
	}
	str = strings.ToValidUTF8(str, "\uFFFD")
	str = strings.ReplaceAll(str, "\x00", "\uFFFD")
	return strings.ReplaceAll(str, `\u0000`, `\ufffd`)
}
