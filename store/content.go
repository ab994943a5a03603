package store

import (
	"bytes"
	"compress/flate"
	"database/sql/driver"
	"fmt"
	"io"
	"sync"

	sqlite "modernc.org/sqlite"
)

// Asset contents are stored compressed in SQLite (raw DEFLATE, about half
// the size of the JSON) and as text in PostgreSQL, whose TOAST storage
// compresses large values on its own and whose jsonb then reads them
// directly. In SQLite, the views and queries read them through the
// cloudward_json(body) function this package registers with the driver.

var writers = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.DefaultCompression)
	return w
}}

// encodeContent is what the blobs.body column holds for content.
func (s *Store) encodeContent(content []byte) any {
	if s.dialect == Postgres {
		return string(content)
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
