package inventory

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func readAll(t testing.TB, src string, size int) ([]Line, error) {
	ch := make(chan *Batch, 100000)
	err := Read(context.Background(), strings.NewReader(src), "in", size, ch)
	close(ch)
	var out []Line
	for b := range ch {
		out = append(out, b.Lines...)
	}
	return out, err
}

func TestReadLineNumbers(t *testing.T) {
	src := `{"cloudward_inventory":1}` + "\n{\"a\":1}\n\n   \n{\"b\":2}\r\n{\"c\":3}"
	lines, err := readAll(t, src, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		no   int
		data string
	}{{2, `{"a":1}`}, {5, `{"b":2}`}, {6, `{"c":3}`}}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines: %+v", len(lines), lines)
	}
	for i, w := range want {
		if lines[i].No != w.no || string(lines[i].Data) != w.data {
			t.Errorf("line %d: got %d %q, want %d %q", i, lines[i].No, lines[i].Data, w.no, w.data)
		}
	}
}

func TestNewerVersion(t *testing.T) {
	_, err := readAll(t, `{"cloudward_inventory":2}`+"\n", 10)
	if err == nil || !strings.Contains(err.Error(), "in:1: inventory format version 2") {
		t.Fatalf("err %v", err)
	}
}

func TestLongLineIsReportedNotFatal(t *testing.T) {
	long := `{"x":"` + strings.Repeat("a", MaxLine+10) + `"}`
	lines, err := readAll(t, "{}\n"+long+"\n{}\n", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 3 || lines[1].Err == nil || lines[1].No != 2 || lines[2].No != 3 {
		t.Fatalf("%d lines, second err %v", len(lines), lines[1].Err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte("{\"cloudward_inventory\":1}\n{}\n\n{}"))
	f.Add([]byte("\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines, err := readAll(t, string(data), 3)
		if err != nil {
			return
		}
		prev := 0
		for _, l := range lines {
			if l.No <= prev {
				t.Fatalf("line numbers not increasing: %d after %d", l.No, prev)
			}
			prev = l.No
			if len(bytes.TrimSpace(l.Data)) == 0 && l.Err == nil {
				t.Fatal("empty line passed on")
			}
		}
	})
}
