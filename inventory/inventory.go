// Package inventory reads and writes cloudward inventories: JSON Lines, one
// asset per line, optionally preceded by a header line
// {"cloudward_inventory": 1, ...}. The format is specified in
// docs/inventory.md. Reading is streaming: lines are handed out in batches,
// so memory depends on the batch size, not the file size.
package inventory

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"cloudward/asset"
)

// Version is the inventory format version this build reads and writes.
const Version = 1

// HeaderKey identifies a header line.
const HeaderKey = "cloudward_inventory"

// Header is the optional first line of an inventory.
type Header struct {
	Version     int       `json:"cloudward_inventory"`
	GeneratedAt time.Time `json:"generated_at,omitzero"`
	Generator   string    `json:"generator,omitempty"`
	Description string    `json:"description,omitempty"`
}

// Line is one non-empty inventory line.
type Line struct {
	No   int    // 1-based line number
	Data []byte // the line, without its newline
	Err  error  // set when the line could not be read whole (too long)
}

var errTooLong = fmt.Errorf("line longer than %d MiB; it was skipped", MaxLine>>20)

// Batch is a run of consecutive lines from one source.
type Batch struct {
	Source string
	Lines  []Line
}

// MaxLine is the longest line accepted (an asset with a large policy
// document fits comfortably).
const MaxLine = 64 << 20

// Read streams src in batches of up to size lines to out. It returns at EOF
// (nil), on a read error, or when ctx is done. A header line is checked and
// not passed on; a header with a newer version is an error.
func Read(ctx context.Context, r io.Reader, source string, size int, out chan<- *Batch) error {
	br := bufio.NewReaderSize(r, 1<<20)
	no := 0
	batch := &Batch{Source: source}
	var buf []byte
	for {
		line, err := readLine(br, &buf)
		if len(line) > 0 || err == nil || err == errTooLong {
			no++
		}
		if err == errTooLong {
			batch.Lines = append(batch.Lines, Line{No: no, Err: err})
			err = nil
		} else if t := bytes.TrimSpace(line); len(t) > 0 {
			if no == 1 && bytes.Contains(t, []byte(`"`+HeaderKey+`"`)) {
				var h Header
				if jerr := json.Unmarshal(t, &h); jerr != nil {
					return fmt.Errorf("%s:1: malformed inventory header: %v", source, jerr)
				}
				if h.Version > Version {
					return fmt.Errorf("%s:1: inventory format version %d is newer than this cloudward reads (%d); upgrade cloudward", source, h.Version, Version)
				}
			} else {
				batch.Lines = append(batch.Lines, Line{No: no, Data: append([]byte(nil), t...)})
				if len(batch.Lines) == size {
					select {
					case out <- batch:
					case <-ctx.Done():
						return ctx.Err()
					}
					batch = &Batch{Source: source, Lines: make([]Line, 0, size)}
				}
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s:%d: %w", source, no, err)
		}
	}
	if len(batch.Lines) > 0 {
		select {
		case out <- batch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func readLine(br *bufio.Reader, buf *[]byte) ([]byte, error) {
	*buf = (*buf)[:0]
	for {
		chunk, err := br.ReadSlice('\n')
		*buf = append(*buf, chunk...)
		if len(*buf) > MaxLine {
			// Skip the rest of the line and report it.
			for err == bufio.ErrBufferFull {
				_, err = br.ReadSlice('\n')
			}
			if err == io.EOF {
				return nil, io.EOF
			}
			return nil, errTooLong
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimRight(*buf, "\r\n"), err
	}
}

// Writer writes an inventory.
type Writer struct {
	w   *bufio.Writer
	err error
}

// NewWriter writes the header to w and returns a Writer for the assets.
func NewWriter(w io.Writer, h Header) *Writer {
	h.Version = Version
	iw := &Writer{w: bufio.NewWriterSize(w, 1<<16)}
	b, _ := json.Marshal(h)
	iw.write(b)
	return iw
}

func (w *Writer) write(b []byte) {
	if w.err != nil {
		return
	}
	if _, err := w.w.Write(b); err != nil {
		w.err = err
		return
	}
	w.err = w.w.WriteByte('\n')
}

// Write writes one asset.
func (w *Writer) Write(a *asset.Asset) error {
	b, err := a.MarshalJSON()
	if err != nil {
		return err
	}
	w.write(b)
	return w.err
}

// GapRecord is the value of "record" on a line that carries a coverage gap
// instead of an asset: {"record":"gap","provider":…,"api":…,"code":…}.
const GapRecord = "gap"

// Asset writes one asset (the collector sink interface).
func (w *Writer) Asset(a *asset.Asset) error { return w.Write(a) }

// Gap writes a coverage gap record.
func (w *Writer) Gap(g asset.Gap) {
	b, err := json.Marshal(struct {
		Record string `json:"record"`
		asset.Gap
	}{GapRecord, g})
	if err != nil {
		w.err = err
		return
	}
	w.write(b)
}

// ListedRecord is the value of "record" on a line saying that a service
// was listed completely in an account and region:
// {"record":"listed","provider":…,"account":…,"region":…,"service":…}.
const ListedRecord = "listed"

// Listed writes a listing record.
func (w *Writer) Listed(l asset.Listing) {
	b, err := json.Marshal(struct {
		Record string `json:"record"`
		asset.Listing
	}{ListedRecord, l})
	if err != nil {
		w.err = err
		return
	}
	w.write(b)
}

// Flush flushes buffered output.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	return w.w.Flush()
}
