package docgen_test

import (
	"os"
	"path/filepath"
	"testing"

	"cloudward/internal/docgen"
	"cloudward/scan"
)

// TestDocsUpToDate fails when docs/assets/ differs from what the schemas
// and rules generate; fix with `make docs`.
func TestDocsUpToDate(t *testing.T) {
	rs, errs := scan.LoadRules(nil, false)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	files := docgen.Files(scan.Registry(), rs)
	if len(files) < 2 {
		t.Fatal("nothing generated")
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("..", "..", "docs", filepath.FromSlash(name)))
		if err != nil || string(got) != want {
			t.Errorf("docs/%s is out of date; run `make docs`", name)
		}
	}
	entries, _ := os.ReadDir(filepath.Join("..", "..", "docs", "assets"))
	for _, e := range entries {
		if _, ok := files["assets/"+e.Name()]; !ok {
			t.Errorf("docs/assets/%s is not generated any more; delete it", e.Name())
		}
	}
}
