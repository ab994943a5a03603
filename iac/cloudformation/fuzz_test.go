package cloudformation

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cloudward/iac"
)

// FuzzParse checks that no input makes Parse or Detect panic and that
// what Parse returns is well-formed.
func FuzzParse(f *testing.F) {
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f.Add(data, strings.HasSuffix(path, ".json"))
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("Resources:\n  R:\n    Type: AWS::X::Y\n    Properties:\n      A: !If [C, !Sub '${A}', {B: !Ref AWS::NoValue}]\n"), false)
	f.Add([]byte("{\"Resources\": {\"R\": {\"Type\": \"AWS::X::Y\", \"Properties\": {\"A\": [{\"Fn::Cidr\": [\"::/0\", 2, 120]}]}}}}"), true)
	f.Fuzz(func(t *testing.T, data []byte, json bool) {
		name := "fuzz.yaml"
		if json {
			name = "fuzz.json"
		}
		Detect(name, data)
		text := utf8Text(data)
		lines := (&document{data: text}).lines() + 1
		res, diags := Parse(name, data, Options{Region: "us-east-1", Params: map[string]string{"P": "x"}})
		for _, d := range diags {
			if d.File != name || (d.Severity != iac.SeverityError && d.Severity != iac.SeverityWarning) || d.Message == "" {
				t.Errorf("bad diagnostic %+v", d)
			}
			if d.Line < 0 || d.Line > lines || d.Column < 0 {
				t.Errorf("diagnostic position out of range (%d lines): %+v", lines, d)
			}
			if strings.Contains(d.Message, "internal error") {
				t.Errorf("recovered panic: %s", d.Message)
			}
		}
		seen := map[string]bool{}
		for _, r := range res {
			if r.Format != iac.FormatCloudFormation || r.Type == "" || r.Address != r.Name || r.Range.File != name {
				t.Errorf("bad resource %+v", r)
			}
			if seen[r.Address] {
				t.Errorf("duplicate address %s", r.Address)
			}
			seen[r.Address] = true
			checkInvariants(t, r, lines)
		}
	})
}
