package engine_test

import (
	"bufio"
	"os"
	"testing"

	"cloudward/asset"
	"cloudward/engine"
	"cloudward/rule"
	"cloudward/scan"

	"github.com/valyala/fastjson"
)

// BenchmarkLibrary measures the cost of one (rule, asset) evaluation for
// every built-in rule, over the subjects of that rule in the bundled demo
// inventory. bench/engine.sh turns the per-rule figures into a median.
func BenchmarkLibrary(b *testing.B) {
	rs, errs := scan.LoadRules(nil, false)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	eng, errs := scan.NewEngine(rs, opts.Now)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	f, err := os.Open("../examples/demo-inventory.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var all []*asset.Asset
	ctx := eng.NewContext()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	var p fastjson.Parser
	for sc.Scan() {
		v, err := p.ParseBytes(sc.Bytes())
		if err != nil || v.Get("cloudward_inventory") != nil || v.Get("record") != nil {
			continue
		}
		d, err := scan.Registry().Decode(v)
		if err != nil {
			b.Fatal(err)
		}
		all = append(all, d.Asset)
		if eng.HoldInContext(d.Asset.Type) {
			ctx.Add(d.Asset)
		}
	}
	eng.PrepareContext(ctx)
	for _, r := range eng.Rules() {
		// Subjects: assets of the rule's types; each is evaluated alone
		// against a one-rule engine so the figure is that rule's cost.
		one, errs := scan.NewEngine(rs[indexOf(rs, r.ID):indexOf(rs, r.ID)+1], opts.Now)
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		var subjects []*asset.Asset
		for _, a := range all {
			if one.HasRules(a.Type) {
				subjects = append(subjects, a)
			}
		}
		if len(subjects) == 0 {
			continue
		}
		b.Run(r.ID, func(b *testing.B) {
			ev := one.NewEvaluator()
			out := make([]engine.Result, 0, 4)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				out = ev.Evaluate(subjects[i%len(subjects)], ctx, false, out[:0])
				i++
			}
		})
	}
}

func indexOf(rs []*rule.Rule, id string) int {
	for i, r := range rs {
		if r.ID == id {
			return i
		}
	}
	return -1
}
