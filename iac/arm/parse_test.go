package arm

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"cloudward/iac"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, data string
		want       bool
	}{
		{"t.json", `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": []}`, true},
		{"sub.json", "\xef\xbb\xbf\n{\n  \"$schema\" : \"https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#\"}", true},
		{"mg.json", `{"contentVersion":"1.0.0.0","$schema":"https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#"}`, true},
		{"p.json", `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {}}`, false},
		{"x.json", `{"$schema": "http://json-schema.org/draft-07/schema#"}`, false},
		{"x.json", `{"kind": "Pod", "apiVersion": "v1"}`, false},
		{"x.json", `["$schema", "deploymentTemplate.json"]`, false},
		{"x.json", ``, false},
		{"x.json", `{"$schema": 1}`, false},
	}
	for _, tt := range tests {
		if got := Detect(tt.name, []byte(tt.data)); got != tt.want {
			t.Errorf("Detect(%q) = %v, want %v", tt.data, got, tt.want)
		}
	}
	if !DetectParameters("p.json", read(t, "testdata/storage-nsg.parameters.json")) || DetectParameters("t.json", read(t, "testdata/storage-nsg.json")) {
		t.Error("DetectParameters does not tell parameters files from templates")
	}
}

const header = `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",` + "\n"

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name      string
		data      string
		addresses []string
		diags     []string // "line:col: severity: message prefix"
	}{
		{
			name:  "syntax error",
			data:  header + ` "resources": [ { "type": "a/b", "name": "x" } ]` + "\n" + ` "outputs": {}}`,
			diags: []string{"3:2: error: invalid JSON in ARM template: unexpected '\"'; expected ',' or '}'"},
		},
		{
			name:  "unterminated comment",
			data:  header + ` /* the resources` + "\n",
			diags: []string{"2:2: error: invalid JSON in ARM template: unterminated /* comment"},
		},
		{
			name:  "not an object",
			data:  `[1]`,
			diags: []string{"1:1: error: not an ARM template: the top-level value is an array"},
		},
		{
			name:  "resources not an array",
			data:  header + ` "parameters": [], "resources": "none"}`,
			diags: []string{"2:16: warning: parameters is an array, expected an object", `2:33: warning: resources is a string, expected an array`},
		},
		{
			name: "bad resources",
			data: header + ` "resources": [
  7,
  { "name": "x" },
  { "type": "Microsoft.Web/sites" },
  { "type": "[parameters('t')]", "name": "y" },
  { "type": "Microsoft.Web/sites", "name": "ok", "condition": "yes" },
  { "type": "Microsoft.Web/sites", "name": "[concat('w', copyIndex())]", "copy": { "name": "l", "count": 801 } },
  { "type": "Microsoft.Web/sites", "name": "[concat('v', copyIndex())]", "copy": { "name": "l2", "count": 1 },
    "properties": { "copy": [ { "name": "p", "count": "x", "input": 1 } ] } }
 ]}`,
			addresses: []string{"Microsoft.Web/sites/ok", "Microsoft.Web/sites/w{unknown}", "Microsoft.Web/sites/v0"},
			diags: []string{
				"3:3: warning: a resource is a number, expected an object; skipped",
				"4:3: warning: a resource has no type; skipped",
				"5:3: warning: resource of type Microsoft.Web/sites has no name; skipped",
				`6:13: warning: parameter "t" is not declared in expression; the value is treated as unknown`,
				"6:13: warning: a resource type must be a non-empty string known before deployment; the resource is skipped",
				"7:63: warning: the condition is a string, expected a boolean; the resource is read as deployed",
				`8:106: warning: the count of resource copy loop "l" is 801, outside ARM's limits 0..800; the resource is read once, with copyIndex() unknown`,
				`10:55: warning: the count of copy loop "p" is a string, expected an integer; its value is unknown`,
			},
		},
		{
			name: "nested deployment scope",
			data: header + ` "resources": [ { "type": "Microsoft.Resources/deployments", "name": "d", "properties": {
  "expressionEvaluationOptions": { "scope": "sideways" },
  "template": { "resources": [ { "type": "Microsoft.Web/sites", "name": "inner" } ] } } } ]}`,
			addresses: []string{"Microsoft.Resources/deployments/d", "Microsoft.Web/sites/inner"},
			diags:     []string{`3:45: warning: expressionEvaluationOptions.scope must be "inner" or "outer"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, diags := Parse("t.json", []byte(tt.data), Options{})
			var addrs []string
			for _, r := range rs {
				addrs = append(addrs, r.Address)
			}
			if diff := cmp.Diff(tt.addresses, addrs); diff != "" {
				t.Errorf("addresses (-want +got):\n%s", diff)
			}
			if len(diags) != len(tt.diags) {
				t.Fatalf("diagnostics:\n%s\nwant:\n%s", fmtDiags(diags), strings.Join(tt.diags, "\n"))
			}
			for i, d := range diags {
				got := strings.TrimPrefix(d.Error(), "t.json:")
				got = strings.Replace(got, ": ", ": "+d.Severity+": ", 1)
				if d.File != "t.json" || !strings.HasPrefix(got, tt.diags[i]) {
					t.Errorf("diagnostic %d = %q\nwant prefix  %q", i, got, tt.diags[i])
				}
			}
		})
	}
}

func fmtDiags(ds []iac.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.Severity + " " + d.Error() + "\n")
	}
	return b.String()
}

func TestParseParametersProblems(t *testing.T) {
	params, diags := ParseParameters("p.json", []byte("{\n \"a\": { \"value\": [1, \"x\"] },\n \"b\": { \"nothing\": 1 }\n}"))
	if diff := cmp.Diff(map[string]any{"a": []any{int64(1), "x"}}, params); diff != "" {
		t.Errorf("params (-want +got):\n%s", diff)
	}
	if len(diags) != 1 || diags[0].Line != 3 || diags[0].Severity != iac.SeverityWarning {
		t.Errorf("diagnostics %v", diags)
	}
	if _, diags := ParseParameters("p.json", []byte(`{"parameters": [`)); len(diags) != 1 || diags[0].Severity != iac.SeverityError {
		t.Errorf("diagnostics %v", diags)
	}
}

// Caller-supplied parameter values of any numeric Go type are normalized.
func TestOptionsParamsNormalized(t *testing.T) {
	data := header + ` "parameters": {"n": {"type": "int"}, "f": {"type": "object"}},
 "resources": [ { "type": "A.B/c", "name": "x", "properties": { "n": "[parameters('n')]", "f": "[parameters('f')]" } } ]}`
	rs, diags := Parse("t.json", []byte(data), Options{Params: map[string]any{"N": 3, "f": map[string]any{"x": 2.0, "y": []string{"a"}}}})
	if len(rs) != 1 || len(diags) != 0 {
		t.Fatalf("resources %v, diagnostics %v", rs, diags)
	}
	want := map[string]any{"n": int64(3), "f": map[string]any{"x": int64(2), "y": []any{"a"}}}
	if diff := cmp.Diff(want, rs[0].Attrs["properties"]); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// Values shared through variables are not aliased between resources.
func TestNoAliasing(t *testing.T) {
	data := header + ` "variables": {"tags": {"a": "1"}},
 "resources": [ { "type": "A.B/c", "name": "x", "tags": "[variables('tags')]" }, { "type": "A.B/c", "name": "y", "tags": "[variables('tags')]" } ]}`
	rs, _ := Parse("t.json", []byte(data), Options{})
	rs[0].Attrs["tags"].(map[string]any)["a"] = "changed"
	if got := rs[1].Attrs["tags"].(map[string]any)["a"]; got != "1" {
		t.Errorf("second resource's tags changed to %v", got)
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, diags := Parse("fuzz.json", data, Options{Params: map[string]any{"environment": "dev"}})
		for _, d := range diags {
			if d.File != "fuzz.json" || d.Message == "" || (d.Severity != iac.SeverityError && d.Severity != iac.SeverityWarning) {
				t.Fatalf("bad diagnostic %+v", d)
			}
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, r := range rs {
			if r.Format != iac.FormatARM || r.Type == "" || r.Attrs == nil || !strings.HasPrefix(r.Address, r.Type+"/") {
				t.Fatalf("bad resource %+v", r)
			}
			if r.Range.StartLine < 1 || r.Range.EndLine < r.Range.StartLine || r.Range.EndLine > lines {
				t.Fatalf("bad range %+v (file has %d lines)", r.Range, lines)
			}
			for p, ar := range r.AttrRanges {
				if ar.StartLine < 1 || ar.EndLine < ar.StartLine || ar.EndLine > lines {
					t.Fatalf("bad attr range %s %+v", p, ar)
				}
			}
			checkValue(t, r.Attrs)
		}
		_, _ = ParseParameters("fuzz.json", data)
	})
}

// Hostile templates end quickly with Unknown values and a warning.
func TestHostileTemplates(t *testing.T) {
	var doubling strings.Builder
	doubling.WriteString(header + ` "variables": {"v0": "aaaaaaaaaaaaaaaa"`)
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&doubling, `, "v%d": "[concat(variables('v%d'), variables('v%d'))]"`, i, i-1, i-1)
	}
	doubling.WriteString(`}, "resources": [ { "type": "A.B/c", "name": "x", "properties": { "v": "[variables('v40')]" } } ]}`)
	tests := []struct {
		name, data, warn string
	}{
		{"self-calling function", header + ` "functions": [ { "namespace": "n", "members": { "f": { "parameters": [], "output": { "type": "string", "value": "[concat(n.f(), n.f())]" } } } } ],
 "resources": [ { "type": "A.B/c", "name": "x", "properties": { "v": "[n.f()]" } } ]}`, "user-defined functions nested deeper than 32 calls"},
		{"doubling variables", doubling.String(), "concat() yields a string longer than"},
		{"nested copy loops", header + ` "resources": [ { "type": "A.B/c", "name": "[concat('x', copyIndex())]", "copy": { "name": "r", "count": 800 },
 "properties": { "copy": [ { "name": "a", "count": 800, "input": { "copy": [ { "name": "b", "count": 800, "input": "[range(0, 10000)]" } ] } } ] } } ]}`, "evaluating this template takes more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, diags := Parse("t.json", []byte(tt.data), Options{})
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
			found := false
			for _, d := range diags {
				found = found || strings.Contains(d.Message, tt.warn)
			}
			if !found {
				t.Errorf("diagnostics %v, want %q", diags, tt.warn)
			}
		})
	}
}
