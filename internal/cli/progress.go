package cli

import (
	cwaws "cloudward/collect/aws"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// progress shows a one-line, self-updating counter on a terminal's stderr
// and nothing when stderr is not a terminal or --quiet is set.
type progress struct {
	g     *globals
	label string
	stage atomic.Value // string
	n     atomic.Int64
	start atomic.Int64 // unix nanoseconds when the current stage began
	stop  chan struct{}
	wg    sync.WaitGroup
	on    bool
}

func newProgress(g *globals, label string) *progress {
	p := &progress{g: g, label: label, stop: make(chan struct{})}
	p.start.Store(time.Now().UnixNano())
	p.on = !g.quiet && isTTY(g.stderr)
	if p.on {
		p.wg.Add(1)
		go p.loop()
	}
	return p
}

// update records the stage and count; stages other than "scan" are
// preparatory passes and are labelled as such.
func (p *progress) update(stage string, n int64) {
	if old, _ := p.stage.Load().(string); old != stage {
		p.stage.Store(stage)
		p.start.Store(time.Now().UnixNano())
	}
	p.n.Store(n)
}

func (p *progress) loop() {
	defer p.wg.Done()
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			fmt.Fprint(p.g.stderr, "\r\033[K")
			return
		case <-t.C:
			n := p.n.Load()
			stage, _ := p.stage.Load().(string)
			if stage == "" {
				continue
			}
			if stage == "context" {
				fmt.Fprintf(p.g.stderr, "\r\033[Kreading accounts and related resources: %s lines", grouped(n))
				continue
			}
			rate := float64(n) / time.Since(time.Unix(0, p.start.Load())).Seconds()
			fmt.Fprintf(p.g.stderr, "\r\033[K%s: %s assets (%s/s)", p.label, grouped(n), grouped(int64(rate)))
		}
	}
}

func (p *progress) done() {
	if p.on {
		close(p.stop)
		p.wg.Wait()
	}
}

// grouped formats n with thousands separators.
func grouped(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + grouped(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// collectProgress shows a collection's advance on a terminal.
type collectProgress struct {
	g    *globals
	on   bool
	mu   sync.Mutex
	last time.Time
	st   cwaws.Stats
}

func newCollectProgress(g *globals) *collectProgress {
	return &collectProgress{g: g, on: !g.quiet && isTTY(g.stderr)}
}

func (p *collectProgress) update(st cwaws.Stats) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.st = st
	if time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last = time.Now()
	fmt.Fprintf(p.g.stderr, "\r\033[Kcollecting: %d/%d account×region×service jobs (%d accounts, %d regions)  %s resources  %s calls  %s throttled  %s gaps",
		st.JobsDone, st.Jobs, st.Accounts, st.Regions, grouped(st.Resources), grouped(st.Calls), grouped(st.Throttles), grouped(st.Gaps))
}

func (p *collectProgress) done() {
	if p.on {
		fmt.Fprint(p.g.stderr, "\r\033[K")
	}
}
