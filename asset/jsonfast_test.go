package asset_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"os"
	"testing"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/valyala/fastjson"

	. "cloudward/asset"
)

// checkValue holds appendValue to encoding/json's output for v and, inside
// objects written in schema order, for every field value.
func checkValue(t *testing.T, where string, v ref.Val) {
	t.Helper()
	if o, ok := v.(*Object); ok {
		for _, fv := range KnownFields(o) {
			checkValue(t, where+"."+fv.Name, fv.Val)
		}
		// An object inside a list is written as Native renders it.
	}
	want, err := json.Marshal(Native(v))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := v.(*Object); ok {
		got, err := AppendNativeObject(nil, v.(*Object))
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%s: fast %s (%v), encoding/json %s", where, got, err, want)
		}
		return
	}
	got, err := AppendValue(nil, v)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("%s: fast %s (%v), encoding/json %s", where, got, err, want)
	}
}

// TestFastJSONMatchesEncodingJSON: the history store addresses asset
// contents by hash, so the fast writers must produce exactly what
// encoding/json produced, or every stored asset would look changed.
func TestFastJSONMatchesEncodingJSON(t *testing.T) {
	f, err := os.Open("../examples/demo-inventory.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var p fastjson.Parser
	n := 0
	for sc.Scan() {
		v, err := p.ParseBytes(sc.Bytes())
		if err != nil || v.Get("type") == nil {
			continue
		}
		d, err := reg.Decode(v)
		if err != nil {
			t.Fatal(err)
		}
		checkValue(t, d.Asset.ID, d.Asset.Root)
		n++
	}
	if n < 900 {
		t.Fatalf("only %d assets compared", n)
	}
	for _, s := range []string{"", "plain", `q"uote\\`, "<b>&amp;</b>", "tab\tnl\nctl\x01\x1f", "\u2028\u2029", "bad\xff\xfeutf8", "é日本\U0001F600"} {
		want, _ := json.Marshal(s)
		if got := AppendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("string %q: %s, want %s", s, got, want)
		}
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 0.1, 1.5, -2.25, 1e20, 1e21, 123456789012345678901234.0, 1e-6, 1e-7, 3.14159e-9, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		want, _ := json.Marshal(x)
		if got, err := AppendJSONFloat(nil, x); err != nil || !bytes.Equal(got, want) {
			t.Errorf("float %v: %s, want %s", x, got, want)
		}
	}
	if _, err := AppendJSONFloat(nil, math.NaN()); err == nil {
		t.Error("NaN was encoded")
	}
	m := types.DefaultTypeAdapter.NativeToValue(map[string]any{"b": 1, "a": []any{"x", 2.5, true, nil}, "c": map[string]any{"z": 1, "y": "<"}})
	checkValue(t, "map", m)
}
