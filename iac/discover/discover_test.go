package discover

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cloudward/iac"
)

func TestLoadFindsFormatsAndDedupesModules(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../terraform/testdata/modules", filepath.Join(dir, "tf"))
	copyFile(t, "../cloudformation/testdata/s3.yaml", filepath.Join(dir, "cfn", "s3.yaml"))
	// Files that are neither: ignored without diagnostics.
	os.WriteFile(filepath.Join(dir, "cfn", "package.json"), []byte(`{"name":"x","version":"1.0.0"}`), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.yaml"), []byte("a: 1\n"), 0o644)

	res := Load([]string{dir}, Options{})
	for _, d := range res.Diagnostics {
		if d.Severity == iac.SeverityError {
			t.Errorf("diagnostic: %v", d)
		}
	}
	// modules/bucket and modules/kms are reached through the root's module
	// calls: only the root counts as a module read on its own.
	if res.Files[iac.FormatTerraform] != 1 || res.Files[iac.FormatCloudFormation] != 1 {
		t.Errorf("files by format: %v (want 1 Terraform root module, 1 template)", res.Files)
	}
	var tf, cfn int
	for _, r := range res.Resources {
		switch r.Format {
		case iac.FormatTerraform:
			tf++
			// The child modules were loaded as roots too; only the
			// instances reached through module calls remain.
			if strings.Contains(r.Range.File, string(filepath.Separator)+"modules"+string(filepath.Separator)) &&
				!strings.HasPrefix(r.Address, "module.") {
				t.Errorf("%s (%s) kept although a module call reaches it", r.Address, r.Range.File)
			}
		case iac.FormatCloudFormation:
			cfn++
		}
	}
	if tf == 0 || cfn == 0 {
		t.Errorf("resources: %d Terraform, %d CloudFormation", tf, cfn)
	}
}

func TestLoadFindsPlans(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "../tfplan/testdata/plan.json", filepath.Join(dir, "plans", "prod.json"))
	copyFile(t, "../cloudformation/testdata/s3.yaml", filepath.Join(dir, "cfn", "s3.yaml"))
	// A plan named explicitly, whatever its name.
	copyFile(t, "../tfplan/testdata/plan-compact.json", filepath.Join(t.TempDir(), "tfplan.out.json"))
	explicit := filepath.Join(t.TempDir(), "plan")
	copyFile(t, "../tfplan/testdata/plan-compact.json", explicit)

	res := Load([]string{dir, explicit}, Options{})
	for _, d := range res.Diagnostics {
		t.Errorf("diagnostic: %v", d)
	}
	if res.Files[iac.FormatTerraformPlan] != 2 || res.Files[iac.FormatCloudFormation] != 1 || res.Files[iac.FormatTerraform] != 0 {
		t.Errorf("files by format: %v (want 2 plans, 1 template)", res.Files)
	}
	plans := map[string]int{}
	for _, r := range res.Resources {
		if r.Format == iac.FormatTerraformPlan {
			plans[r.Range.File]++
		}
	}
	if len(plans) != 2 || plans[explicit] == 0 || plans[filepath.Join(dir, "plans", "prod.json")] != plans[explicit] {
		t.Errorf("plan resources by file: %v", plans)
	}
}

func TestLoadReportsMissingPaths(t *testing.T) {
	res := Load([]string{"does-not-exist"}, Options{})
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].File != "does-not-exist" {
		t.Fatalf("diagnostics %v", res.Diagnostics)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		copyFile(t, p, filepath.Join(to, rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Dir(to), 0o755)
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
