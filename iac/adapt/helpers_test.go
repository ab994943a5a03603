package adapt

import (
	"os"
	"path/filepath"
	"testing"

	"cloudward/asset"
	"cloudward/iac"
	"cloudward/iac/cloudformation"
	"cloudward/iac/terraform"
	"cloudward/iac/tfplan"
	"cloudward/scan"
)

// loadTF adapts a Terraform fixture directory.
func loadTF(t *testing.T, dir string) (map[string]*asset.Asset, []iac.Diagnostic) {
	t.Helper()
	rs, ds := terraform.Load(filepath.Join("testdata", "terraform", dir), terraform.Options{})
	for _, d := range ds {
		if d.Severity == iac.SeverityError {
			t.Fatalf("terraform: %v", d)
		}
	}
	as, ads := Assets(scan.Registry(), rs)
	return byID(t, as), ads
}

// loadCFN adapts a CloudFormation fixture.
func loadCFN(t *testing.T, name string, opts cloudformation.Options) (map[string]*asset.Asset, []iac.Diagnostic) {
	t.Helper()
	file := filepath.Join("testdata", "cloudformation", name)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rs, ds := cloudformation.Parse(file, data, opts)
	for _, d := range ds {
		if d.Severity == iac.SeverityError {
			t.Fatalf("cloudformation: %v", d)
		}
	}
	as, ads := Assets(scan.Registry(), rs)
	return byID(t, as), ads
}

// loadPlan adapts a Terraform plan (terraform show -json) fixture.
func loadPlan(t *testing.T, name string) (map[string]*asset.Asset, []iac.Diagnostic) {
	t.Helper()
	file := filepath.Join("testdata", "terraform-plan", name)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rs, ds := tfplan.Parse(file, data)
	for _, d := range ds {
		if d.Severity == iac.SeverityError {
			t.Fatalf("terraform plan: %v", d)
		}
	}
	as, ads := Assets(scan.Registry(), rs)
	return byID(t, as), ads
}

func byID(t *testing.T, as []*asset.Asset) map[string]*asset.Asset {
	t.Helper()
	m := map[string]*asset.Asset{}
	for _, a := range as {
		if _, dup := m[a.ID]; dup {
			t.Errorf("duplicate asset id %s", a.ID)
		}
		m[a.ID] = a
	}
	return m
}
