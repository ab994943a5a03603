// Package engine compiles rules to CEL programs, type-checked against the
// asset schemas, and evaluates them against assets.
//
// Each (rule, asset) pair yields PASS, FAIL or UNKNOWN. UNKNOWN means the
// outcome depended on a value that could not be read, or evaluation failed
// (including a rule exceeding its cost budget); it is never folded into PASS.
// Unknown attribute values are CEL unknowns, so `a || b` with b known-true
// still decides, and assets without unknowns pay nothing for the feature.
package engine

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"cloudward/asset"
	"cloudward/rule"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/checker"
	"cel.dev/cel-go/common"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/ext"
	"cel.dev/cel-go/interpreter"
)

// Status is the outcome of one rule on one asset.
type Status int

// Outcomes.
const (
	Pass Status = iota + 1
	Fail
	Unknown
)

// String returns PASS, FAIL or UNKNOWN.
func (s Status) String() string {
	switch s {
	case Pass:
		return "PASS"
	case Fail:
		return "FAIL"
	case Unknown:
		return "UNKNOWN"
	}
	return "INVALID"
}

// DefaultCostLimit bounds one evaluation of one rule (CEL cost units; a
// field selection or comparison costs about 1). Generous for any sensible
// rule, it stops a runaway comprehension over a huge list.
const DefaultCostLimit = 1_000_000

// Options configure an Engine.
type Options struct {
	// Now is the scan time rules see as `now` and days_since() measures from.
	Now time.Time
	// CostLimit bounds one evaluation; 0 means DefaultCostLimit.
	CostLimit uint64
	// AccountTypes maps a provider to the asset type bound to `account`.
	AccountTypes map[string]string
}

// Engine holds compiled rules indexed by resource type.
type Engine struct {
	reg     *asset.Registry
	opts    Options
	rules   []*rule.Rule
	byType  map[string][]*Program
	all     []*Program
	ctxNeed map[string]bool // asset types whose programs reach other assets
	ctxHold map[string]bool // asset types the context must hold
	rels    []*asset.Relation
}

// Program is one rule compiled for one asset type.
type Program struct {
	Rule   *rule.Rule
	Type   *asset.TypeSchema
	cond   cel.Program
	when   cel.Program
	paths  []path // evidence: attribute paths the condition reads
	acct   bool   // reads the account variable
	rels   []*asset.Relation
	accTyp string
}

// New compiles rules against reg. Rules that fail to compile are reported
// (file, line, column, message) and left out; the rest still work.
func New(reg *asset.Registry, rules []*rule.Rule, opts Options) (*Engine, []error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now().UTC()
	}
	if opts.CostLimit == 0 {
		opts.CostLimit = DefaultCostLimit
	}
	e := &Engine{reg: reg, opts: opts, byType: map[string][]*Program{},
		ctxNeed: map[string]bool{}, ctxHold: map[string]bool{}}
	envs := map[string]*cel.Env{}
	prov := newProvider(reg)
	var errs []error
	seen := map[string]string{}
	for _, r := range rules {
		if prev, dup := seen[r.ID]; dup {
			errs = append(errs, &rule.Error{File: r.File, Msg: fmt.Sprintf("duplicate rule id %s (also in %s)", r.ID, prev)})
			continue
		}
		seen[r.ID] = r.File
		var progs []*Program
		var rerr error
		for _, t := range r.ResourceTypes {
			ts, ok := reg.Lookup(t)
			if !ok {
				rerr = &rule.Error{File: r.File, Msg: fmt.Sprintf("resource type %q is not a known asset type (see `cloudward assets`)", t)}
				break
			}
			env := envs[t]
			if env == nil {
				var err error
				env, err = e.newEnv(prov, ts)
				if err != nil {
					return nil, []error{err}
				}
				envs[t] = env
			}
			p, err := e.compile(env, r, ts)
			if err != nil {
				rerr = err
				break
			}
			progs = append(progs, p)
		}
		if rerr != nil {
			errs = append(errs, rerr)
			continue
		}
		e.rules = append(e.rules, r)
		for _, p := range progs {
			e.byType[p.Type.Name] = append(e.byType[p.Type.Name], p)
			e.all = append(e.all, p)
			if p.acct || len(p.rels) > 0 {
				e.ctxNeed[p.Type.Name] = true
			}
			if p.acct {
				e.ctxHold[p.accTyp] = true
			}
			for _, rel := range p.rels {
				e.ctxHold[rel.Target] = true
				e.rels = append(e.rels, rel)
			}
		}
	}
	return e, errs
}

func (e *Engine) newEnv(prov *provider, ts *asset.TypeSchema) (*cel.Env, error) {
	opts := []cel.EnvOption{
		cel.CustomTypeProvider(prov),
		cel.Variable("resource", ts.Root.CELType()),
		cel.Constant("now", cel.TimestampType, types.Timestamp{Time: e.opts.Now}),
		ext.Strings(),
		ext.Lists(),
		ext.Sets(),
		cel.OptionalTypes(),
		cel.CrossTypeNumericComparisons(true),
	}
	if at := e.opts.AccountTypes[ts.Provider]; at != "" {
		if acct, ok := e.reg.Lookup(at); ok {
			opts = append(opts, cel.Variable("account", acct.Root.CELType()))
		}
	}
	opts = append(opts, functions(e.opts.Now)...)
	env, err := cel.NewEnv(opts...)
	if err != nil {
		return nil, fmt.Errorf("engine: building the CEL environment for %s: %w", ts.Name, err)
	}
	return env, nil
}

func (e *Engine) compile(env *cel.Env, r *rule.Rule, ts *asset.TypeSchema) (*Program, error) {
	p := &Program{Rule: r, Type: ts, accTyp: e.opts.AccountTypes[ts.Provider]}
	cond, ast, err := e.program(env, r, r.Condition, r.Condition0, "condition")
	if err != nil {
		return nil, err
	}
	p.cond = cond
	p.paths, p.acct, p.rels = analyze(ast, ts, e.reg, p.accTyp)
	if strings.TrimSpace(r.When) != "" {
		when, wast, err := e.program(env, r, r.When, r.When0, "when")
		if err != nil {
			return nil, err
		}
		p.when = when
		_, wacct, wrels := analyze(wast, ts, e.reg, p.accTyp)
		p.acct = p.acct || wacct
		p.rels = append(p.rels, wrels...)
	}
	return p, nil
}

func (e *Engine) program(env *cel.Env, r *rule.Rule, src string, pos rule.Pos, what string) (cel.Program, *cel.Ast, error) {
	ast, iss := env.Compile(src)
	if iss.Err() != nil {
		return nil, nil, celError(r, pos, what, iss.Errors())
	}
	if !ast.OutputType().IsExactType(types.BoolType) && ast.OutputType() != types.DynType {
		return nil, nil, &rule.Error{File: r.File, Line: pos.Line, Col: pos.Col,
			Msg: fmt.Sprintf("%s must be a bool expression, but it is %s", what, ast.OutputType())}
	}
	popts := []cel.ProgramOption{cel.EvalOptions(cel.OptOptimize)}
	if needsCostLimit(env, ast, e.opts.CostLimit) {
		popts = append(popts, cel.CostLimit(e.opts.CostLimit))
	}
	prg, err := env.Program(ast, popts...)
	if err != nil {
		return nil, nil, &rule.Error{File: r.File, Line: pos.Line, Msg: what + ": " + err.Error()}
	}
	return prg, ast, nil
}

func celError(r *rule.Rule, pos rule.Pos, what string, errs []*common.Error) error {
	first := errs[0]
	line, col := pos.Line, pos.Col
	if loc := first.Location; loc != nil && loc.Line() > 0 {
		line, col = pos.Map(loc.Line(), loc.Column())
	}
	msg := first.Message
	if len(errs) > 1 {
		msg += fmt.Sprintf(" (and %d more errors)", len(errs)-1)
	}
	return &rule.Error{File: r.File, Line: line, Col: col, Msg: what + ": " + msg}
}

// Rules returns the rules that compiled.
func (e *Engine) Rules() []*rule.Rule { return e.rules }

// Programs returns the compiled programs for an asset type.
func (e *Engine) Programs(assetType string) []*Program { return e.byType[assetType] }

// HasRules reports whether any rule applies to the asset type.
func (e *Engine) HasRules(assetType string) bool { return len(e.byType[assetType]) > 0 }

// NeedsContext reports whether rules on this type read other assets
// (the account variable or relation fields), so evaluation must wait until
// the context holds every asset it may reach.
func (e *Engine) NeedsContext(assetType string) bool { return e.ctxNeed[assetType] }

// HoldInContext reports whether assets of this type must be kept in the
// context because some rule reaches them.
func (e *Engine) HoldInContext(assetType string) bool { return e.ctxHold[assetType] }

// ContextTypes lists the asset types the context must hold, sorted.
func (e *Engine) ContextTypes() []string {
	out := make([]string, 0, len(e.ctxHold))
	for t := range e.ctxHold {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Now is the time rules see as `now`.
func (e *Engine) Now() time.Time { return e.opts.Now }

// NewContext returns an empty context for this engine's relations; add
// assets with Add, then call PrepareContext.
func (e *Engine) NewContext() *asset.Context { return asset.NewContext(e.opts.AccountTypes) }

// PrepareContext indexes the relations the compiled rules use.
func (e *Engine) PrepareContext(c *asset.Context) { c.Prepare(e.rels) }

// Result is the outcome of one program on one asset.
type Result struct {
	Program  *Program
	Status   Status
	Evidence []Evidence
	// Reason explains an UNKNOWN: which values were unknown or what failed.
	Reason string
}

// Evaluator evaluates programs; it holds per-goroutine scratch state, so
// use one per goroutine.
type Evaluator struct {
	e   *Engine
	act activation
}

// NewEvaluator returns an evaluator for e.
func (e *Engine) NewEvaluator() *Evaluator { return &Evaluator{e: e} }

type activation struct {
	resource ref.Val
	account  ref.Val
}

func (a *activation) ResolveName(name string) (any, bool) {
	switch name {
	case "resource":
		return a.resource, true
	case "account":
		return a.account, true
	}
	return nil, false
}

func (a *activation) Parent() interpreter.Activation { return nil }

var unknownAccount = types.NewUnknown(0, nil)

// Evaluate runs every program for a's type and appends the results to out.
// withPassEvidence controls whether PASS results carry evidence (it costs
// allocations and is only wanted when passed results are reported).
// ctx may be nil when no rule for the type needs context.
func (ev *Evaluator) Evaluate(a *asset.Asset, ctx *asset.Context, withPassEvidence bool, out []Result) []Result {
	progs := ev.e.byType[a.Type]
	if len(progs) == 0 {
		return out
	}
	ev.act.resource = a.Root
	ev.act.account = nil
	if ctx != nil {
		ctx.Attach(a)
	}
	for _, p := range progs {
		if p.acct && ev.act.account == nil {
			if acct, ok := ctx.Account(a); ok {
				ev.act.account = acct.Root
			} else {
				ev.act.account = unknownAccount
			}
		}
		if p.when != nil {
			v, _, err := p.when.Eval(&ev.act)
			if err == nil && v == types.False {
				continue
			}
			if err != nil || v != types.True {
				out = append(out, ev.unknown(p, a, v, err, "when"))
				continue
			}
		}
		v, _, err := p.cond.Eval(&ev.act)
		switch {
		case err == nil && v == types.True:
			r := Result{Program: p, Status: Pass}
			if withPassEvidence {
				r.Evidence = p.evidence(a, ev.act.account)
			}
			out = append(out, r)
		case err == nil && v == types.False:
			out = append(out, Result{Program: p, Status: Fail, Evidence: p.evidence(a, ev.act.account)})
		default:
			out = append(out, ev.unknown(p, a, v, err, "condition"))
		}
	}
	return out
}

func (ev *Evaluator) unknown(p *Program, a *asset.Asset, v ref.Val, err error, what string) Result {
	r := Result{Program: p, Status: Unknown, Evidence: p.evidence(a, ev.act.account)}
	switch {
	case err != nil:
		r.Reason = fmt.Sprintf("%s could not be evaluated: %v", what, err)
	case types.IsUnknown(v):
		var why []string
		for _, e := range r.Evidence {
			if e.Unknown != "" {
				why = append(why, e.Path+": "+e.Unknown)
			}
		}
		if len(why) == 0 {
			why = append(why, "a value the rule reads could not be determined")
		}
		r.Reason = "depends on unknown values: " + strings.Join(why, "; ")
	case types.IsError(v):
		r.Reason = fmt.Sprintf("%s could not be evaluated: %v", what, v)
	default:
		r.Reason = fmt.Sprintf("%s returned %v (%s), not a bool", what, v, v.Type().TypeName())
	}
	return r
}

// needsCostLimit decides whether an expression pays for runtime cost
// tracking (a quarter or more of its evaluation time). It does not when
// its worst case is bounded outright, nor when its worst case grows only
// linearly with the size of the resource's lists and maps: then the work
// is bounded by the size of the input, which was already read. Expressions
// that grow faster (a comprehension nested in another over input lists)
// keep the runtime limit, so a rule can never stall a scan.
func needsCostLimit(env *cel.Env, ast *cel.Ast, limit uint64) bool {
	if est, err := env.EstimateCost(ast, sizeEstimator{}); err == nil && est.Max <= limit {
		return false
	}
	const n = 1 << 10
	small, err1 := env.EstimateCost(ast, sizeEstimator{collections: n})
	large, err2 := env.EstimateCost(ast, sizeEstimator{collections: 4 * n})
	if err1 != nil || err2 != nil || small.Max == 0 {
		return true
	}
	// Linear: four times the input costs at most about four times as much.
	return float64(large.Max) > 4.5*float64(small.Max)
}

// sizeEstimator bounds the sizes of input values for cost estimates. With
// collections == 0 every size is unbounded, so the estimate is a true
// upper bound. Otherwise lists, maps and dynamic values have at most that
// many elements and strings at most maxString bytes (AWS identifiers,
// CIDRs, ARNs, protocol names): the estimate then shows how the cost grows
// with the size of the collections.
type sizeEstimator struct{ collections uint64 }

const maxString = 2048

func (s sizeEstimator) EstimateSize(n checker.AstNode) *checker.SizeEstimate {
	if s.collections == 0 {
		return nil
	}
	if t := n.Type(); t != nil && (t.Kind() == types.StringKind || t.Kind() == types.BytesKind) {
		return &checker.SizeEstimate{Min: 0, Max: maxString}
	}
	// A collection reached from a comprehension variable is part of one
	// element of an input collection (the CIDRs of one ingress rule, the
	// actions of one statement): iterating it for each element reads each
	// part once, which is linear in the input. Its size does not grow with
	// the collections the growth test scales.
	p := n.Path()
	for i, step := range p {
		if strings.HasPrefix(step, "@") { // @items, @keys, @values: inside an element
			if i == len(p)-1 {
				return nil // a hint about the elements themselves: use the defaults
			}
			return &checker.SizeEstimate{Min: 0, Max: elementCollection}
		}
	}
	if len(p) > 0 && p[0] != "resource" && p[0] != "account" {
		return &checker.SizeEstimate{Min: 0, Max: elementCollection}
	}
	return &checker.SizeEstimate{Min: 0, Max: s.collections}
}

const elementCollection = 64

func (sizeEstimator) EstimateCallCost(string, string, *checker.AstNode, []checker.AstNode) *checker.CallEstimate {
	return nil
}
