package terraform

import (
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cloudward/iac"
)

// FuzzLoad writes the input as main.tf of a module and loads it: Load
// must not panic (an internal-error diagnostic counts as one), and what
// it returns must satisfy the iac invariants.
func FuzzLoad(f *testing.F) {
	_ = filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".tfvars")) {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
		return nil
	})
	f.Add([]byte(exprPrelude))
	f.Fuzz(func(t *testing.T, src []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), src, 0o644); err != nil {
			t.Fatal(err)
		}
		rs, ds := Load(dir, Options{})
		for _, d := range ds {
			if strings.Contains(d.Message, "internal error") {
				t.Fatalf("panic: %v", d)
			}
			if d.Severity != iac.SeverityError && d.Severity != iac.SeverityWarning {
				t.Fatalf("bad severity %q", d.Severity)
			}
			if d.Message == "" || d.File == "" {
				t.Fatalf("diagnostic without message or file: %+v", d)
			}
		}
		for _, r := range rs {
			if r.Format != iac.FormatTerraform || r.Type == "" || r.Name == "" || !strings.Contains(r.Address, r.Type+"."+r.Name) {
				t.Fatalf("bad resource identity %+v", r)
			}
			if r.Range.StartLine < 1 || r.Range.EndLine < r.Range.StartLine {
				t.Fatalf("bad range %+v", r.Range)
			}
			for k, rg := range r.AttrRanges {
				if k == "" || rg.StartLine < 1 || rg.EndLine < rg.StartLine {
					t.Fatalf("bad attr range %q %+v", k, rg)
				}
			}
			checkValue(t, r.Attrs, 0)
		}
	})
}

// checkValue asserts v holds only the types iac.Resource.Attrs allows.
func checkValue(t *testing.T, v any, depth int) {
	if depth > 10000 {
		t.Fatalf("value nested too deeply")
	}
	switch x := v.(type) {
	case nil, bool, int64, string:
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Fatalf("non-finite number %v", x)
		}
	case iac.Unknown:
		if x.Reason == "" {
			t.Fatalf("unknown without a reason")
		}
	case []any:
		for _, e := range x {
			checkValue(t, e, depth+1)
		}
	case map[string]any:
		for _, e := range x {
			checkValue(t, e, depth+1)
		}
	default:
		t.Fatalf("unexpected value type %T", v)
	}
}
