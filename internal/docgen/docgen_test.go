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
	rs, fws, errs, _ := scan.BuiltinLibrary()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	files := docgen.Files(scan.Registry(), rs, fws)
	if len(files) < 2 {
		t.Fatal("nothing generated")
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("..", "..", "docs", filepath.FromSlash(name)))
		if err != nil || string(got) != want {
			t.Errorf("docs/%s is out of date; run `make docs`", name)
		}
	}
	for _, dir := range []string{"assets", "rules"} {
		entries, _ := os.ReadDir(filepath.Join("..", "..", "docs", dir))
		for _, e := range entries {
			if _, ok := files[dir+"/"+e.Name()]; !ok {
				t.Errorf("docs/%s/%s is not generated any more; delete it", dir, e.Name())
			}
		}
	}
}
