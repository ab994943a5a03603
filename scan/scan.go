// Package scan runs cloudward's pipeline — sources, decoding, rule
// evaluation, findings — once, so every command (and later the server and
// workers) shares it rather than re-implementing it.
package scan

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cloudward/asset"
	"cloudward/engine"
	"cloudward/exception"
	"cloudward/finding"
	"cloudward/inventory"
	"cloudward/rule"

	"github.com/valyala/fastjson"
)

// Options configure a scan.
type Options struct {
	Registry *asset.Registry
	Engine   *engine.Engine
	// IncludePassed keeps PASS findings (they are always counted).
	IncludePassed bool
	// Strict aborts the scan on the first malformed line or unknown type.
	Strict bool
	// Workers evaluating in parallel; 0 means GOMAXPROCS.
	Workers int
	// Stdin is read for the path "-" (default os.Stdin).
	Stdin io.Reader
	// Exceptions, if set, mark the FAIL and UNKNOWN findings they cover
	// as suppressed (or reopened, when expired) as of Now.
	Exceptions *exception.Set
	Now        time.Time
	// OnAsset, if set, is called with every asset after its evaluation,
	// from the scan's workers concurrently (the store records assets so);
	// an error stops the scan.
	OnAsset func(*asset.Asset) error
	// Progress, if set, is called as the scan advances with the stage
	// ("context" for the pass that collects accounts and related assets,
	// "scan" for evaluation) and the count of lines (context) or assets
	// (scan) done so far in that stage.
	Progress func(stage string, done int64)
}

// InputError is a problem with the input that stops a strict scan, or an
// unreadable source.
type InputError struct {
	Source string
	Line   int
	Msg    string
}

func (e *InputError) Error() string {
	if e.Source == "" {
		return e.Msg
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Source, e.Line, e.Msg)
	}
	return e.Source + ": " + e.Msg
}

const batchSize = 512

// maxListedMalformed bounds the malformed-line warnings listed one by one.
const maxListedMalformed = 1000

// Snapshot scans inventory files ("-" reads standard input).
func Snapshot(ctx context.Context, paths []string, opts Options) (*finding.Result, error) {
	start := time.Now()
	opts.Exceptions.Reset()
	s := newState(opts)
	s.sum.StartedAt = start.UTC()
	eng := opts.Engine

	// Rules that read other assets (the account, related resources) need
	// those assets first. A first pass collects them — only lines that
	// mention a held type are parsed — so the second pass can evaluate
	// every asset as it streams by.
	var cctx *asset.Context
	var cleanup []func()
	defer func() {
		for _, f := range cleanup {
			f()
		}
	}()
	files := make([]string, len(paths))
	copy(files, paths)
	display := make([]string, len(paths))
	for i, p := range paths {
		display[i] = p
		if p == "-" {
			display[i] = "<stdin>"
		}
	}
	s.sum.Sources = display
	if held := eng.ContextTypes(); len(held) > 0 {
		cctx = eng.NewContext()
		needles := make([][]byte, len(held))
		for i, t := range held {
			needles[i] = []byte(`"` + t + `"`)
		}
		for i, p := range files {
			if p == "-" {
				tmp, err := spool(s.stdin())
				if err != nil {
					return nil, &InputError{Source: "stdin", Msg: err.Error()}
				}
				cleanup = append(cleanup, func() { os.Remove(tmp) })
				files[i] = tmp
			}
			if err := s.collectContext(ctx, files[i], display[i], needles, cctx); err != nil {
				return nil, err
			}
		}
		eng.PrepareContext(cctx)
	}
	for i, p := range files {
		if err := s.evaluate(ctx, p, display[i], cctx); err != nil {
			return nil, err
		}
	}
	s.finish(time.Since(start))
	return &finding.Result{Summary: s.sum, Findings: s.findings}, nil
}

func spool(r io.Reader) (string, error) {
	f, err := os.CreateTemp("", "cloudward-stdin-*.jsonl")
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := io.Copy(f, r); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

type state struct {
	opts          Options
	mu            sync.Mutex
	sum           finding.Summary
	findings      []*finding.Finding
	unknownT      map[string]*finding.Warning
	ignored       map[string]*finding.Warning
	gaps          map[string]*asset.Gap
	tallies       map[tallyKey]*finding.Counts
	assets        atomic.Int64
	ctxLines      int64 // lines read by the context pass
	fatal         error
	malformed     int // malformed-line warnings listed so far
	moreMalformed int // malformed lines beyond maxListedMalformed
}

func newState(opts Options) *state {
	return &state{opts: opts,
		sum: finding.Summary{AssetsByType: map[string]int{}, FailBySeverity: map[string]int{},
			Rules: len(opts.Engine.Rules())},
		unknownT: map[string]*finding.Warning{}, ignored: map[string]*finding.Warning{}, gaps: map[string]*asset.Gap{},
		tallies: map[tallyKey]*finding.Counts{}}
}

type tallyKey struct {
	rule    *rule.Rule
	account string
}

func (s *state) stdin() io.Reader {
	if s.opts.Stdin != nil {
		return s.opts.Stdin
	}
	return os.Stdin
}

func (s *state) open(path, display string) (io.ReadCloser, error) {
	if path == "-" {
		return io.NopCloser(s.stdin()), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &InputError{Source: display, Msg: err.Error()}
	}
	return f, nil
}

// collectContext parses the assets of held types into c.
func (s *state) collectContext(ctx context.Context, path, display string, needles [][]byte, c *asset.Context) error {
	f, err := s.open(path, display)
	if err != nil {
		return err
	}
	defer f.Close()
	ch := make(chan *inventory.Batch, 4)
	errc := make(chan error, 1)
	go func() { errc <- inventory.Read(ctx, f, display, batchSize, ch); close(ch) }()
	var p fastjson.Parser
	m := newMatcher(needles)
	for b := range ch {
		s.ctxLines += int64(len(b.Lines))
		if s.opts.Progress != nil {
			s.opts.Progress("context", s.ctxLines)
		}
		for _, l := range b.Lines {
			if l.Err != nil || !m.match(l.Data) {
				continue
			}
			v, err := p.ParseBytes(l.Data)
			if err != nil {
				continue // reported by the evaluation pass
			}
			d, err := s.opts.Registry.Decode(v)
			if err != nil || !s.opts.Engine.HoldInContext(d.Asset.Type) {
				continue
			}
			c.Add(d.Asset)
		}
	}
	if err := <-errc; err != nil {
		return &InputError{Msg: err.Error()} // the reader's errors name the source and line
	}
	return nil
}

// matcher finds lines that mention any of a set of type names. The names
// share a prefix (`"aws.`), so it searches for the prefix once and checks
// the candidates where it occurs, instead of scanning the line per name.
type matcher struct {
	prefix  []byte
	needles [][]byte
}

func newMatcher(needles [][]byte) *matcher {
	m := &matcher{needles: needles}
	if len(needles) > 0 {
		p := needles[0]
		for _, n := range needles[1:] {
			i := 0
			for i < len(p) && i < len(n) && p[i] == n[i] {
				i++
			}
			p = p[:i]
		}
		m.prefix = p
	}
	return m
}

func (m *matcher) match(b []byte) bool {
	if len(m.prefix) < 2 {
		for _, n := range m.needles {
			if bytes.Contains(b, n) {
				return true
			}
		}
		return false
	}
	for {
		i := bytes.Index(b, m.prefix)
		if i < 0 {
			return false
		}
		rest := b[i:]
		for _, n := range m.needles {
			if bytes.HasPrefix(rest, n) {
				return true
			}
		}
		b = b[i+1:]
	}
}

// evaluate streams one source through the workers.
func (s *state) evaluate(ctx context.Context, path, display string, cctx *asset.Context) error {
	f, err := s.open(path, display)
	if err != nil {
		return err
	}
	defer f.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan *inventory.Batch, 8)
	errc := make(chan error, 1)
	go func() { errc <- inventory.Read(ctx, f, display, batchSize, ch); close(ch) }()
	workers := s.opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &worker{s: s, ev: s.opts.Engine.NewEvaluator(), cctx: cctx}
			for b := range ch {
				if err := w.batch(b); err != nil {
					s.mu.Lock()
					if s.fatal == nil {
						s.fatal = err
					}
					s.mu.Unlock()
					cancel()
				}
			}
		}()
	}
	wg.Wait()
	rerr := <-errc
	if s.fatal != nil {
		return s.fatal
	}
	if rerr != nil && !errors.Is(rerr, context.Canceled) {
		return &InputError{Msg: rerr.Error()} // the reader's errors name the source and line
	}
	return ctx.Err()
}

type worker struct {
	s    *state
	ev   *engine.Evaluator
	cctx *asset.Context
	p    fastjson.Parser
	res  []engine.Result
}

// batch decodes and evaluates one batch, then merges its output under the lock.
func (w *worker) batch(b *inventory.Batch) error {
	s := w.s
	var found []*finding.Finding
	var counts finding.Counts
	failSev := map[string]int{}
	byType := map[string]int{}
	tallies := map[tallyKey]*finding.Counts{}
	var warns []finding.Warning
	var gaps []asset.Gap
	var listed []asset.Listing
	var unknownTypes, ignored []struct {
		key  string
		line int
	}
	assets, skipped, evals, suppressed, reopened := 0, 0, 0, 0, 0
	for _, l := range b.Lines {
		if l.Err != nil {
			if s.opts.Strict {
				return &InputError{Source: b.Source, Line: l.No, Msg: l.Err.Error()}
			}
			warns = append(warns, finding.Warning{Source: b.Source, Line: l.No, Kind: "malformed_line", Message: l.Err.Error()})
			skipped++
			continue
		}
		v, err := w.p.ParseBytes(l.Data)
		if err == nil && string(v.GetStringBytes("record")) == inventory.ListedRecord {
			var ls asset.Listing
			if jerr := json.Unmarshal(l.Data, &ls); jerr != nil {
				warns = append(warns, finding.Warning{Source: b.Source, Line: l.No, Kind: "malformed_line", Message: "malformed listing record: " + jerr.Error()})
				continue
			}
			listed = append(listed, ls)
			continue
		}
		if err == nil && string(v.GetStringBytes("record")) == inventory.GapRecord {
			var g asset.Gap
			if jerr := json.Unmarshal(l.Data, &g); jerr != nil {
				warns = append(warns, finding.Warning{Source: b.Source, Line: l.No, Kind: "malformed_line", Message: "malformed gap record: " + jerr.Error()})
				skipped++ // a lost gap could have explained missing assets
				continue
			}
			gaps = append(gaps, g)
			continue
		}
		var d asset.Decoded
		if err == nil {
			d, err = s.opts.Registry.Decode(v)
		}
		if err != nil {
			if errors.Is(err, asset.ErrUnknownType) {
				if s.opts.Strict {
					return &InputError{Source: b.Source, Line: l.No, Msg: err.Error()}
				}
				unknownTypes = append(unknownTypes, struct {
					key  string
					line int
				}{string(v.GetStringBytes("type")), l.No})
				skipped++
				continue
			}
			msg := "malformed asset: " + err.Error()
			if s.opts.Strict {
				return &InputError{Source: b.Source, Line: l.No, Msg: msg}
			}
			warns = append(warns, finding.Warning{Source: b.Source, Line: l.No, Kind: "malformed_line", Message: msg})
			skipped++
			continue
		}
		for _, p := range d.Ignored {
			ignored = append(ignored, struct {
				key  string
				line int
			}{d.Asset.Type + "\x00" + p, l.No})
		}
		a := d.Asset
		assets++
		byType[a.Type]++
		w.res = w.ev.Evaluate(a, w.cctx, s.opts.IncludePassed, w.res[:0])
		if s.opts.OnAsset != nil {
			if err := s.opts.OnAsset(a); err != nil {
				return err
			}
		}
		evals += len(w.res)
		for i := range w.res {
			r := &w.res[i]
			counts.Add(r.Status)
			k := tallyKey{r.Program.Rule, a.Account}
			t := tallies[k]
			if t == nil {
				t = &finding.Counts{}
				tallies[k] = t
			}
			t.Add(r.Status)
			if r.Status == engine.Fail {
				failSev[r.Program.Rule.Severity.String()]++
			}
			if r.Status == engine.Pass && !s.opts.IncludePassed {
				continue
			}
			f := newFinding(a, r)
			if s.opts.Exceptions != nil && s.opts.Exceptions.Apply(f, a, s.opts.Now) {
				suppressed++
			} else if f.Expired != nil {
				reopened++
			}
			found = append(found, f)
		}
	}
	total := w.s.assets.Add(int64(assets))
	if s.opts.Progress != nil {
		s.opts.Progress("scan", total)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.findings = append(s.findings, found...)
	s.sum.Assets += assets
	s.sum.Skipped += skipped
	s.sum.Evaluations += evals
	s.sum.Suppressed += suppressed
	s.sum.Reopened += reopened
	s.sum.Results.Pass += counts.Pass
	s.sum.Results.Fail += counts.Fail
	s.sum.Results.Unknown += counts.Unknown
	for k, n := range failSev {
		s.sum.FailBySeverity[k] += n
	}
	for k, n := range byType {
		s.sum.AssetsByType[k] += n
	}
	for k, c := range tallies {
		t := s.tallies[k]
		if t == nil {
			s.tallies[k] = c
			continue
		}
		t.Pass += c.Pass
		t.Fail += c.Fail
		t.Unknown += c.Unknown
	}
	for _, w := range warns {
		// A file of garbage should not become a report of garbage: list
		// the first malformed lines, count the rest.
		if s.malformed >= maxListedMalformed {
			s.moreMalformed++
			continue
		}
		s.malformed++
		s.sum.Warnings = append(s.sum.Warnings, w)
	}
	fold := func(m map[string]*finding.Warning, key string, line int, kind, msg string) {
		if w, ok := m[key]; ok {
			w.Count++
			if line < w.Line {
				w.Line = line
			}
			return
		}
		m[key] = &finding.Warning{Source: b.Source, Line: line, Kind: kind, Message: msg, Count: 1}
	}
	s.sum.Listed = append(s.sum.Listed, listed...)
	for _, g := range gaps {
		key := g.Provider + "\x00" + g.Account + "\x00" + g.Region + "\x00" + g.Service + "\x00" + g.API + "\x00" + g.Code
		if old, ok := s.gaps[key]; ok {
			old.Count++
			continue
		}
		g.Count = 1
		s.gaps[key] = &g
	}
	for _, u := range unknownTypes {
		fold(s.unknownT, b.Source+"\x00"+u.key, u.line, "unknown_type",
			fmt.Sprintf("unknown asset type %q: not scanned (see `cloudward assets` for the known types)", u.key))
	}
	for _, ig := range ignored {
		typ, attr, _ := strings.Cut(ig.key, "\x00")
		fold(s.ignored, b.Source+"\x00"+ig.key, ig.line, "ignored_attribute",
			fmt.Sprintf("%s is not in the %s schema; ignored (see `cloudward assets %s`)", attr, typ, typ))
	}
	return nil
}

func newFinding(a *asset.Asset, r *engine.Result) *finding.Finding {
	f := &finding.Finding{
		Rule: r.Program.Rule,
		Resource: finding.Resource{ID: a.ID, Type: a.Type, Provider: a.Provider,
			Account: a.Account, Region: a.Region, Name: a.Name},
		Status:   r.Status,
		Evidence: r.Evidence,
		Reason:   r.Reason,
	}
	if a.Source.File != "" {
		f.Location = &finding.Location{File: a.Source.File, StartLine: a.Source.StartLine, EndLine: a.Source.EndLine}
		if spans := a.Source.Attributes; spans != nil {
			for _, e := range r.Evidence {
				path, ok := strings.CutPrefix(e.Path, "resource.")
				if !ok {
					continue
				}
				if !strings.Contains(path, "[*]") {
					if sp, ok := (*spans)[path]; ok {
						f.Location.Attributes = append(f.Location.Attributes,
							finding.AttributeLocation{Path: e.Path, File: sp.File, StartLine: sp.StartLine, EndLine: sp.EndLine})
					}
					continue
				}
				// ingress[*].cidr_ipv4: every element's, in element order.
				var keys []string
				for k := range *spans {
					if matchElements(path, k) {
						keys = append(keys, k)
					}
				}
				sort.Slice(keys, func(i, j int) bool { return (*spans)[keys[i]].StartLine < (*spans)[keys[j]].StartLine })
				for _, k := range keys {
					sp := (*spans)[k]
					f.Location.Attributes = append(f.Location.Attributes,
						finding.AttributeLocation{Path: "resource." + k, File: sp.File, StartLine: sp.StartLine, EndLine: sp.EndLine})
				}
			}
		}
	}
	return f
}

func (s *state) finish(d time.Duration) {
	s.sum.Duration = d
	s.sum.DurationMS = d.Milliseconds()
	if x := s.opts.Exceptions; x != nil {
		s.sum.ExceptionsFile = x.File
		s.sum.Exceptions = x.Uses(s.opts.Now)
	}
	for _, m := range []map[string]*finding.Warning{s.unknownT, s.ignored} {
		for _, w := range m {
			s.sum.Warnings = append(s.sum.Warnings, *w)
		}
	}
	s.sum.Tallies = make([]finding.Tally, 0, len(s.tallies))
	for k, c := range s.tallies {
		s.sum.Tallies = append(s.sum.Tallies, finding.Tally{Rule: k.rule, Account: k.account, Counts: *c})
	}
	sort.Slice(s.sum.Tallies, func(i, j int) bool {
		a, b := s.sum.Tallies[i], s.sum.Tallies[j]
		if a.Rule.ID != b.Rule.ID {
			return a.Rule.ID < b.Rule.ID
		}
		return a.Account < b.Account
	})
	s.sum.Gaps = make([]asset.Gap, 0, len(s.gaps))
	for _, g := range s.gaps {
		s.sum.Gaps = append(s.sum.Gaps, *g)
	}
	sort.Slice(s.sum.Gaps, func(i, j int) bool {
		a, b := s.sum.Gaps[i], s.sum.Gaps[j]
		return a.Account+a.Region+a.Service+a.API+a.Code < b.Account+b.Region+b.Service+b.API+b.Code
	})
	if s.moreMalformed > 0 {
		s.sum.Warnings = append(s.sum.Warnings, finding.Warning{Kind: "malformed_line", Count: s.moreMalformed,
			Message: fmt.Sprintf("%d more malformed lines not listed (the first %d are)", s.moreMalformed, maxListedMalformed)})
	}
	sort.SliceStable(s.sum.Warnings, func(i, j int) bool {
		a, b := s.sum.Warnings[i], s.sum.Warnings[j]
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Message < b.Message
	})
	finding.Sort(s.findings)
}

// matchElements reports whether key (ingress[1].cidr_ipv4) is an element
// path of pattern (ingress[*].cidr_ipv4).
func matchElements(pattern, key string) bool {
	for {
		i := strings.Index(pattern, "[*]")
		if i < 0 {
			return pattern == key
		}
		if !strings.HasPrefix(key, pattern[:i]+"[") {
			return false
		}
		key = key[i+1:]
		j := strings.IndexByte(key, ']')
		if j <= 0 {
			return false
		}
		for _, c := range key[:j] {
			if c < '0' || c > '9' {
				return false
			}
		}
		key, pattern = key[j+1:], pattern[i+3:]
	}
}
