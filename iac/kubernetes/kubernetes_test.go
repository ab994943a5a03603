package kubernetes

import (
	"cloudward/iac/internal/iactest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"cloudward/iac"
)

type want struct {
	addr, typ, name string
	start, end      int
	attrs           map[string]any
	ranges          map[string][2]int
	noRanges        []string
}

func check(t *testing.T, file string, rs []iac.Resource, ws []want) {
	t.Helper()
	var got, exp []string
	for _, r := range rs {
		got = append(got, r.Address)
	}
	for _, w := range ws {
		exp = append(exp, w.addr)
	}
	if diff := cmp.Diff(exp, got); diff != "" {
		t.Fatalf("addresses (-want +got):\n%s", diff)
	}
	for i, w := range ws {
		r := rs[i]
		t.Run(w.addr, func(t *testing.T) {
			if r.Format != iac.FormatKubernetes || r.Type != w.typ || r.Name != w.name || r.Region != "" {
				t.Errorf("got %q %q %q %q, want kubernetes %q %q", r.Format, r.Type, r.Name, r.Region, w.typ, w.name)
			}
			if wr := (iac.Range{File: file, StartLine: w.start, EndLine: w.end}); r.Range != wr {
				t.Errorf("Range = %+v, want %+v", r.Range, wr)
			}
			for path, wv := range w.attrs {
				gv, ok := iactest.Lookup(r.Attrs, path)
				if !ok {
					t.Errorf("%s: missing", path)
					continue
				}
				if diff := cmp.Diff(wv, gv); diff != "" {
					t.Errorf("%s (-want +got):\n%s", path, diff)
				}
			}
			for path, lines := range w.ranges {
				gr, ok := r.AttrRanges[path]
				if !ok {
					t.Errorf("AttrRanges[%s] missing", path)
					continue
				}
				if gr != (iac.Range{File: file, StartLine: lines[0], EndLine: lines[1]}) {
					t.Errorf("AttrRanges[%s] = %d-%d, want %v", path, gr.StartLine, gr.EndLine, lines)
				}
			}
			for _, path := range w.noRanges {
				if gr, ok := r.AttrRanges[path]; ok {
					t.Errorf("AttrRanges[%s] = %+v, want none", path, gr)
				}
			}
			// Every attribute path has a range.
			var walk func(v any, path string)
			walk = func(v any, path string) {
				if path != "" {
					if _, ok := r.AttrRanges[path]; !ok && !strings.HasPrefix(path, "spec.selector.matchLabels") {
						t.Errorf("no AttrRanges for %s", path)
					}
				}
				switch x := v.(type) {
				case map[string]any:
					for k, e := range x {
						walk(e, joinKey(path, k))
					}
				case []any:
					for i, e := range x {
						walk(e, path+"["+strconv.Itoa(i)+"]")
					}
				}
			}
			walk(r.Attrs, "")
		})
	}
}

func parseFile(t testing.TB, name string) ([]iac.Resource, []iac.Diagnostic) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(name, data)
}

func TestParseApp(t *testing.T) {
	const file = "testdata/app.yaml"
	rs, diags := parseFile(t, file)
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	labels := map[string]any{"app.kubernetes.io/name": "web", "app.kubernetes.io/part-of": "shop"}
	check(t, file, rs, []want{
		{
			addr: "Deployment/shop/web", typ: "apps/v1/Deployment", name: "web", start: 5, end: 57,
			attrs: map[string]any{
				"apiVersion":                "apps/v1",
				"metadata.labels":           labels,
				"spec.replicas":             int64(3),
				"spec.selector.matchLabels": labels, // alias
				// merge key: explicit keys and the merged ones
				"spec.template.metadata.labels":                   map[string]any{"app.kubernetes.io/name": "web", "app.kubernetes.io/part-of": "shop", "tier": "frontend"},
				"spec.template.spec.securityContext.runAsNonRoot": true,
				"spec.template.spec.securityContext.runAsUser":    int64(10001),
				"spec.template.spec.automountServiceAccountToken": false,
				"spec.template.spec.containers[0].securityContext": map[string]any{
					"privileged":               false,
					"allowPrivilegeEscalation": false, // "no": a YAML 1.1 boolean
					"readOnlyRootFilesystem":   true,
					"capabilities":             map[string]any{"drop": []any{"ALL"}},
				},
				"spec.template.spec.containers[0].resources.limits.cpu":     "500m",
				"spec.template.spec.volumes[0].configMap.defaultMode":       int64(0o644), // octal, as kubectl reads it
				`metadata.annotations["deployment.kubernetes.io/revision"]`: "3",
			},
			ranges: map[string][2]int{
				"spec":            {15, 57},
				"metadata.labels": {10, 12},
				`metadata.labels["app.kubernetes.io/name"]`:                                 {11, 11},
				"spec.selector.matchLabels":                                                 {18, 18},
				`spec.template.metadata.labels["app.kubernetes.io/part-of"]`:                {22, 22},
				`spec.template.metadata.labels.tier`:                                        {23, 23},
				"spec.template.spec.securityContext":                                        {27, 32},
				"spec.template.spec.securityContext.runAsNonRoot":                           {28, 28},
				"spec.template.spec.containers[0]":                                          {34, 52},
				"spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation": {41, 41},
				"spec.template.spec.containers[0].securityContext.capabilities.drop[0]":     {44, 44},
				"spec.template.spec.volumes[0].configMap.defaultMode":                       {57, 57},
			},
			noRanges: []string{`spec.selector.matchLabels["app.kubernetes.io/name"]`},
		},
		{
			addr: "Service/shop/web", typ: "v1/Service", name: "web", start: 59, end: 71,
			attrs: map[string]any{
				"spec.type":                "LoadBalancer",
				"spec.ports[0].port":       int64(80),
				"spec.ports[0].targetPort": int64(8080),
			},
			ranges: map[string][2]int{"spec.ports": {68, 71}, "spec.ports[0]": {69, 71}},
		},
		{
			addr: "Pod/default/debug", typ: "v1/Pod", name: "debug", start: 75, end: 88,
			attrs: map[string]any{
				"spec.hostNetwork": true, // "yes"
				"spec.hostPID":     true,
				"spec.containers[0].securityContext.privileged": true,
				"spec.containers[0].securityContext.runAsUser":  int64(0),
				"spec.containers[0].command":                    []any{"sleep", "infinity"},
			},
			ranges: map[string][2]int{"spec.containers[0].command[1]": {85, 85}},
		},
	})
}

func TestParseList(t *testing.T) {
	const file = "testdata/list.yaml"
	rs, diags := parseFile(t, file)
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	check(t, file, rs, []want{
		{
			addr: "ConfigMap/shop/web-config", typ: "v1/ConfigMap", name: "web-config", start: 6, end: 15,
			attrs: map[string]any{
				"data.LOG_LEVEL":      "info",
				`data["config.yaml"]`: "listen: :8080\ntls: false\n",
			},
			// Paths are relative to the item; lines are the file's.
			ranges: map[string][2]int{"metadata.name": {9, 9}, `data["config.yaml"]`: {13, 15}},
		},
		{
			// Cluster-scoped, yet addressed in "default" as specified.
			addr: "ClusterRoleBinding/default/web-admin", typ: "rbac.authorization.k8s.io/v1/ClusterRoleBinding", name: "web-admin", start: 16, end: 27,
			attrs: map[string]any{"roleRef.name": "cluster-admin", "subjects[0].namespace": "shop"},
		},
	})
}

func TestParseJSON(t *testing.T) {
	const file = "testdata/pods.json"
	rs, diags := parseFile(t, file)
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	check(t, file, rs, []want{
		{
			// A PodList item without apiVersion/kind takes them from the list.
			addr: "Pod/jobs/worker-7d9c", typ: "v1/Pod", name: "worker-7d9c", start: 5, end: 20,
			attrs: map[string]any{
				"kind": "Pod", "apiVersion": "v1",
				"spec.containers[0].securityContext.runAsNonRoot": true,
			},
			ranges: map[string][2]int{"metadata": {6, 10}, "spec.containers[0].securityContext": {16, 16}, "spec.containers[0]": {13, 17}},
		},
		{
			addr: "NetworkPolicy/jobs/default-deny", typ: "networking.k8s.io/v1/NetworkPolicy", name: "default-deny", start: 23, end: 28,
			attrs:  map[string]any{"spec.podSelector": map[string]any{}, "spec.policyTypes": []any{"Ingress", "Egress"}},
			ranges: map[string][2]int{"spec.policyTypes[1]": {27, 27}},
		},
	})
}

// Go template actions inside strings of a plain manifest are not Helm.
func TestParsePrometheusRule(t *testing.T) {
	const file = "testdata/prometheusrule.yaml"
	rs, diags := parseFile(t, file)
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	check(t, file, rs, []want{{
		addr: "PrometheusRule/monitoring/node-alerts", typ: "monitoring.coreos.com/v1/PrometheusRule", name: "node-alerts", start: 1, end: 16,
		attrs: map[string]any{
			"spec.groups[0].rules[0].annotations.summary": "Node {{ $labels.instance }} is down",
			"spec.groups[0].rules[0].for":                 "5m",
		},
		ranges: map[string][2]int{"spec.groups[0].rules[0].annotations.description": {15, 16}},
	}})
}

func TestParseHelmTemplate(t *testing.T) {
	const file = "testdata/chart/templates/deployment.yaml"
	rs, diags := parseFile(t, file)
	if len(rs) != 0 {
		t.Errorf("%d resources from a Helm template", len(rs))
	}
	want := []iac.Diagnostic{{File: file, Line: 4, Column: 9, Severity: iac.SeverityWarning,
		Message: "this is a Helm chart template ({{ ... }} template actions), not plain YAML, so it was not scanned; render with helm template first (helm template RELEASE CHART > rendered.yaml) and scan the output"}}
	if diff := cmp.Diff(want, diags); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	// Template actions that make the YAML invalid, without Helm's own
	// names, are recognized too; so are those that parse as mappings.
	for _, src := range []string{
		"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n{{ range $k, $v := .cfg }}\n  {{ $k }}: {{ $v }}\n{{ end }}\n",
		"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .name }}\n",
	} {
		rs, diags := Parse("t.yaml", []byte(src))
		if len(rs) != 0 || len(diags) != 1 || !strings.HasPrefix(diags[0].Message, "this is a Helm chart template") {
			t.Errorf("Parse(%q) = %d resources, %v", src, len(rs), diags)
		}
	}
}

func TestParseBroken(t *testing.T) {
	const file = "testdata/broken.yaml"
	rs, diags := parseFile(t, file)
	wantDiags := []iac.Diagnostic{{File: file, Line: 9, Severity: iac.SeverityError,
		Message: "YAML syntax error: did not find expected ',' or ']'; this document was not scanned, fix it and scan again"}}
	if diff := cmp.Diff(wantDiags, diags); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	check(t, file, rs, []want{
		{addr: "ServiceAccount/default/ok-before", typ: "v1/ServiceAccount", name: "ok-before", start: 1, end: 4},
		{addr: "Secret/default/ok-after", typ: "v1/Secret", name: "ok-after", start: 12, end: 18,
			attrs: map[string]any{"stringData.password": "hunter2"}},
	})
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		addresses []string
		diags     []string // "line:col severity message-prefix"
	}{
		{"empty", "", nil, nil},
		{"comments only", "# nothing\n---\n# here\n...\n", nil, nil},
		{"null document", "--- ~\n", nil, nil},
		{"scalar document", "---\njust text\n", nil, []string{"2:1 warning this document is a scalar, not a Kubernetes object"}},
		{"not an object", "foo: bar\n", nil, nil},
		{"kind only", "kind: Pod\nmetadata: {name: x}\n", nil, []string{"1:0 warning this object has no valid apiVersion and kind"}},
		{"numeric kind", "apiVersion: v1\nkind: 7\n", nil, []string{"1:0 warning this object has no valid apiVersion and kind"}},
		{"no name", "apiVersion: v1\nkind: Pod\n", []string{"Pod/default/"}, []string{"1:0 warning Pod has no metadata.name"}},
		{"generateName", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n", []string{"Job/default/migrate-"}, nil},
		{"duplicate", "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: a}\n",
			[]string{"Pod/default/a", "Pod/default/a"}, []string{"5:0 warning Pod/default/a is declared again (first at line 1)"}},
		{"repeated key", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n", []string{"Pod/default/b"},
			[]string{`5:3 warning key "name" is repeated (first at line 4)`}},
		{"syntax error on line 1", "apiVersion: v1: x\n", nil, []string{"1:0 error YAML syntax error: mapping values are not allowed in this context"}},
		{"tab indentation", "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: a\n", nil, []string{"4:0 error YAML syntax error: found character that cannot start any token"}},
		{"alias loop", "apiVersion: v1\nkind: List\nitems: &i\n  - &l {apiVersion: v1, kind: List, items: *i}\n", nil,
			[]string{"4:5 warning lists nested deeper than 8 levels"}},
		{"self alias", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: &d [*d]\n", nil,
			[]string{"4:7 error the document nests or repeats values too much"}},
		{"broken, with a template only in a comment", "# {{ not helm }}\napiVersion: v1\nkind: Pod\nmetadata: [\n", nil, []string{"4:0 error YAML syntax error"}},
		{"empty list", "apiVersion: v1\nkind: List\nitems: ~\n", nil, nil},
		{"list items not a sequence", "apiVersion: v1\nkind: PodList\nitems: {a: 1}\n", nil, []string{"3:8 warning the items of a PodList must be a sequence, not a mapping"}},
		{"list item not an object", "apiVersion: v1\nkind: List\nitems:\n  - 3\n", nil, []string{"4:5 warning a List item is a scalar, not an object"}},
		{"bad JSON", "{\"apiVersion\": \"v1\", \"kind\": \"Pod\"\n\"metadata\": {}}", nil,
			[]string{"2:1 error invalid JSON: unexpected '\"'; expected ',' or '}'"}},
		{"JSON array", `[{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "n"}}]`, []string{"Namespace/default/n"}, nil},
		{"BOM and CRLF", "\xef\xbb\xbfapiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: n\r\n", []string{"Namespace/default/n"}, nil},
		{"directive", "%YAML 1.1\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n", []string{"Namespace/default/n"}, nil},
		{"explicit string tag", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: !!str yes, b: yes, c: \"on\", d: .inf, e: 1e3}\n", []string{"ConfigMap/default/c"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, diags := Parse("t.yaml", []byte(tt.src))
			var addrs []string
			for _, r := range rs {
				addrs = append(addrs, r.Address)
			}
			if diff := cmp.Diff(tt.addresses, addrs); diff != "" {
				t.Errorf("addresses (-want +got):\n%s", diff)
			}
			if len(diags) != len(tt.diags) {
				t.Fatalf("diagnostics %v, want %v", diags, tt.diags)
			}
			for i, d := range diags {
				got := strconv.Itoa(d.Line) + ":" + strconv.Itoa(d.Column) + " " + d.Severity + " " + d.Message
				if d.File != "t.yaml" || !strings.HasPrefix(got, tt.diags[i]) {
					t.Errorf("diagnostic %d = %q, want prefix %q", i, got, tt.diags[i])
				}
			}
		})
	}
	rs, _ := Parse("t.yaml", []byte(tests[len(tests)-1].src))
	want := map[string]any{"a": "yes", "b": true, "c": "on", "d": ".inf", "e": int64(1000)}
	if diff := cmp.Diff(want, rs[0].Attrs["data"]); diff != "" {
		t.Errorf("scalars (-want +got):\n%s", diff)
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, data string
		want       bool
	}{
		{"app.yaml", "apiVersion: v1\nkind: Pod\n", true},
		{"app.yml", "# c\n---\n\"apiVersion\": v1\n'kind': Pod\n", true},
		{"deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Values.name }}\n", true},
		{"pod.json", `{"apiVersion": "v1", "kind": "Pod"}`, true},
		{"list.json", `[{"apiVersion": "v1", "kind": "Pod"}]`, true},
		{"Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n", false},
		{"values.yaml", "image:\n  kind: x\n  apiVersion: y\n", false},
		{"main.tf", "apiVersion: v1\nkind: Pod\n", false},
		{"template.json", `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [{"apiVersion": "2023-01-01", "kind": "StorageV2"}]}`, false},
		{"plan.json", `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"values": {"manifest": {"apiVersion": "v1", "kind": "Pod"}}}]}}}`, false},
		{"cfn.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n", false},
		{"nested.json", `{"spec": {"apiVersion": "v1", "kind": "Pod"}}`, false},
	}
	for _, tt := range tests {
		if got := Detect(tt.name, []byte(tt.data)); got != tt.want {
			t.Errorf("Detect(%s, %q) = %v, want %v", tt.name, tt.data, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.*")
	files = append(files, "testdata/chart/templates/deployment.yaml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("a: &a [*a, *a]\nb: &b [*a, *a]\napiVersion: v1\nkind: Pod\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, diags := Parse("fuzz.yaml", data)
		for _, d := range diags {
			if d.File != "fuzz.yaml" || d.Message == "" || (d.Severity != iac.SeverityError && d.Severity != iac.SeverityWarning) {
				t.Fatalf("bad diagnostic %+v", d)
			}
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, r := range rs {
			if r.Format != iac.FormatKubernetes || r.Attrs == nil || !strings.HasSuffix(r.Type, "/"+r.Attrs["kind"].(string)) {
				t.Fatalf("bad resource %+v", r)
			}
			if r.Range.StartLine < 1 || r.Range.EndLine < r.Range.StartLine || r.Range.EndLine > lines {
				t.Fatalf("bad range %+v (file has %d lines)", r.Range, lines)
			}
			for p, ar := range r.AttrRanges {
				if ar.StartLine < 1 || ar.EndLine < ar.StartLine {
					t.Fatalf("bad attr range %s %+v", p, ar)
				}
			}
			checkValue(t, r.Attrs)
		}
		_ = Detect("fuzz.yaml", data)
	})
}

// checkValue fails unless v holds only the value types iac.Resource allows.
func checkValue(t *testing.T, v any) {
	switch x := v.(type) {
	case nil, bool, int64, float64, string, iac.Unknown:
	case []any:
		for _, e := range x {
			checkValue(t, e)
		}
	case map[string]any:
		for _, e := range x {
			checkValue(t, e)
		}
	default:
		t.Fatalf("value of type %T", v)
	}
}
