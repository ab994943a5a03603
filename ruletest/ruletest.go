// Package ruletest runs rules against their fixtures: every asset of a
// rule's resource types in testdata/pass must PASS, in testdata/fail must
// FAIL, and in the optional testdata/unknown must be UNKNOWN. Other assets
// in a fixture file are context (the account, related resources).
package ruletest

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"cloudward/asset"
	"cloudward/engine"
	"cloudward/iac"
	"cloudward/iac/adapt"
	"cloudward/iac/discover"
	"cloudward/iac/terraform"
	"cloudward/rule"

	"github.com/valyala/fastjson"
)

// Kinds of fixtures and the status each expects.
var Kinds = []struct {
	Dir  string
	Want engine.Status
}{{"pass", engine.Pass}, {"fail", engine.Fail}, {"unknown", engine.Unknown}}

// Case is the outcome of one fixture file.
type Case struct {
	Rule     *rule.Rule
	File     string // fixture path as shown to users
	Want     engine.Status
	Subjects int
	// Problems is empty when every subject got Want.
	Problems []string
}

// OK reports whether the fixture behaved as expected.
func (c Case) OK() bool { return len(c.Problems) == 0 }

// Run evaluates every rule the engine compiled against its fixtures.
// display maps fixture paths for messages (nil: as is).
func Run(reg *asset.Registry, eng *engine.Engine, display func(*rule.Rule, string) string) []Case {
	var out []Case
	for _, r := range eng.Rules() {
		for _, k := range Kinds {
			for _, file := range r.Fixtures(k.Dir) {
				name := file
				if display != nil {
					name = display(r, file)
				}
				out = append(out, runFixture(reg, eng, r, file, name, k.Want))
			}
			for _, file := range r.IaCFixtures(k.Dir) {
				name := file
				if display != nil {
					name = display(r, file)
				}
				c := Case{Rule: r, File: name, Want: k.Want}
				assets, err := LoadIaC(reg, r.FS, file)
				if err != nil {
					c.Problems = append(c.Problems, err.Error())
					out = append(out, c)
					continue
				}
				out = append(out, judge(eng, r, c, assets))
			}
		}
	}
	return out
}

func runFixture(reg *asset.Registry, eng *engine.Engine, r *rule.Rule, file, name string, want engine.Status) Case {
	c := Case{Rule: r, File: name, Want: want}
	assets, err := Load(reg, r.FS, file)
	if err != nil {
		c.Problems = append(c.Problems, err.Error())
		return c
	}
	return judge(eng, r, c, assets)
}

// LoadIaC reads an infrastructure-as-code fixture — a Terraform file (a
// module of its own), a Terraform plan, a CloudFormation or ARM template,
// or Kubernetes manifests — and adapts it into
// assets, as `scan iac` does. An error diagnostic fails the fixture.
func LoadIaC(reg *asset.Registry, fsys fs.FS, file string) ([]*asset.Asset, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	var rs []iac.Resource
	var diags []iac.Diagnostic
	if strings.HasSuffix(file, ".tf") {
		dir, err := os.MkdirTemp("", "cloudward-fixture-*")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), data, 0o644); err != nil {
			return nil, err
		}
		rs, diags = terraform.Load(dir, terraform.Options{Env: map[string]string{}})
	} else {
		var format string
		rs, diags, format = discover.ParseFile(file, data, discover.Options{})
		if format == "" {
			return nil, fmt.Errorf("%s: not a Terraform plan, CloudFormation template, ARM template or Kubernetes manifest", file)
		}
	}
	assets, more := adapt.Assets(reg, rs)
	for _, d := range append(diags, more...) {
		if d.Severity == iac.SeverityError {
			return nil, fmt.Errorf("%s: %s", file, strings.ReplaceAll(d.Error(), filepath.Join(os.TempDir(), ""), ""))
		}
	}
	return assets, nil
}

// judge evaluates the rule on the fixture's subjects.
func judge(eng *engine.Engine, r *rule.Rule, c Case, assets []*asset.Asset) Case {
	want := c.Want
	ctx := eng.NewContext()
	for _, a := range assets {
		ctx.Add(a)
	}
	eng.PrepareContext(ctx)
	ev := eng.NewEvaluator()
	for _, a := range assets {
		if !slices.Contains(r.ResourceTypes, a.Type) {
			continue
		}
		c.Subjects++
		var got *engine.Result
		for _, res := range ev.Evaluate(a, ctx, true, nil) {
			if res.Program.Rule == r {
				got = &res
				break
			}
		}
		switch {
		case got == nil:
			c.Problems = append(c.Problems, fmt.Sprintf("%s: not applicable (the rule's `when` is false), want %s", a.ID, want))
		case got.Status != want:
			msg := fmt.Sprintf("%s: got %s, want %s", a.ID, got.Status, want)
			if got.Reason != "" {
				msg += " (" + got.Reason + ")"
			}
			c.Problems = append(c.Problems, msg)
		}
	}
	if c.Subjects == 0 {
		c.Problems = append(c.Problems, fmt.Sprintf("no asset of type %s in the fixture", strings.Join(r.ResourceTypes, " or ")))
	}
	return c
}

// Load decodes a fixture: a JSON object, a JSON array of objects, or JSON
// Lines, each object one asset in inventory form.
func Load(reg *asset.Registry, fsys fs.FS, file string) ([]*asset.Asset, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	var docs [][]byte
	var lines []int
	t := bytes.TrimSpace(data)
	if strings.HasSuffix(file, ".jsonl") {
		for i, l := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(l)) > 0 {
				docs = append(docs, l)
				lines = append(lines, i+1)
			}
		}
	} else {
		docs, lines = [][]byte{t}, []int{1}
	}
	var p fastjson.Parser
	var out []*asset.Asset
	for i, doc := range docs {
		v, err := p.ParseBytes(doc)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", file, lines[i], err)
		}
		items := []*fastjson.Value{v}
		if v.Type() == fastjson.TypeArray {
			items, _ = v.Array()
		}
		for j, it := range items {
			d, err := reg.Decode(it)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: asset %d: %v", file, lines[i], j+1, err)
			}
			if len(d.Ignored) > 0 {
				return nil, fmt.Errorf("%s:%d: attributes not in the %s schema: %s", file, lines[i], d.Asset.Type, strings.Join(d.Ignored, ", "))
			}
			out = append(out, d.Asset)
		}
	}
	return out, nil
}
