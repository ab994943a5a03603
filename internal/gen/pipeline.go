package gen

import (
	"encoding/json"
	"errors"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"cloudward/asset"
	"cloudward/inventory"
)

// The pipeline encodes batches of generated assets on worker goroutines
// while the generator goes on, and writes the batches in generation order,
// so the output is the same bytes whatever the number of cores.

const batchSize = 256

type batch struct {
	assets  []*asset.Asset
	unknown []bool // the asset has unknown attributes (and so gaps)
	out     []byte
	err     error
	done    chan struct{}
}

type pipeline struct {
	w      io.Writer
	enc    *encoder
	cur    *batch
	work   chan *batch
	order  chan *batch
	free   chan *batch
	failed atomic.Bool
	err    error // the first encoding or write error; read after close
	wg     sync.WaitGroup
	wrote  chan struct{}
}

var errStopped = errors.New("gen: output failed")

func startPipeline(w io.Writer, enc *encoder) *pipeline {
	workers := max(1, runtime.GOMAXPROCS(0)-1)
	depth := 2*workers + 2
	p := &pipeline{
		w:     w,
		enc:   enc,
		work:  make(chan *batch, depth),
		order: make(chan *batch, depth),
		free:  make(chan *batch, depth+2),
		wrote: make(chan struct{}),
	}
	p.cur = p.newBatch()
	for range workers {
		p.wg.Add(1)
		go p.encode()
	}
	go p.write()
	return p
}

func (p *pipeline) newBatch() *batch {
	select {
	case b := <-p.free:
		b.done = make(chan struct{})
		return b
	default:
		return &batch{
			assets:  make([]*asset.Asset, 0, batchSize),
			unknown: make([]bool, 0, batchSize),
			done:    make(chan struct{}),
		}
	}
}

// add queues one asset; it fails once the output has failed.
func (p *pipeline) add(a *asset.Asset, unknown bool) error {
	if p.failed.Load() {
		return errStopped
	}
	b := p.cur
	b.assets = append(b.assets, a)
	b.unknown = append(b.unknown, unknown)
	if len(b.assets) == batchSize {
		p.send()
	}
	return nil
}

func (p *pipeline) send() {
	b := p.cur
	p.order <- b
	p.work <- b
	p.cur = p.newBatch()
}

// close flushes the last batch, waits for the output and returns the
// first error: the generator's (genErr), else the output's.
func (p *pipeline) close(genErr error) error {
	if len(p.cur.assets) > 0 {
		p.send()
	}
	close(p.work)
	close(p.order)
	p.wg.Wait()
	<-p.wrote
	if genErr != nil && !errors.Is(genErr, errStopped) {
		return genErr
	}
	return p.err
}

func (p *pipeline) encode() {
	defer p.wg.Done()
	for b := range p.work {
		out := b.out[:0]
		var err error
		for i, a := range b.assets {
			if out, err = p.enc.asset(out, a); err != nil {
				break
			}
			out = append(out, '\n')
			if b.unknown[i] {
				if out, err = appendGaps(out, a); err != nil {
					break
				}
			}
		}
		clear(b.assets)
		b.assets = b.assets[:0]
		b.unknown = b.unknown[:0]
		b.out, b.err = out, err
		close(b.done)
	}
}

func (p *pipeline) write() {
	defer close(p.wrote)
	for b := range p.order {
		<-b.done
		if p.err == nil {
			if b.err != nil {
				p.err = b.err
			} else if _, err := p.w.Write(b.out); err != nil {
				p.err = err
			}
			if p.err != nil {
				p.failed.Store(true)
			}
		}
		b.err = nil
		select {
		case p.free <- b:
		default:
		}
	}
}

// appendGaps appends the gap records of an asset's unknown attributes: a
// value the generator makes unknown stands for a failed read, which a
// collector records as a gap next to the asset. Lines are the ones
// inventory.Writer.Gap writes.
func appendGaps(b []byte, a *asset.Asset) ([]byte, error) {
	for _, u := range a.Root.UnknownFields() {
		code, api, _ := strings.Cut(u.Reason, ": ")
		service, _, isAction := strings.Cut(api, ":")
		if !isAction || strings.Contains(api, " ") { // a reason without the IAM action
			api = ""
			service = strings.Split(a.Type, ".")[1]
		}
		g := asset.Gap{Provider: a.Provider, Account: a.Account, Region: a.Region, Service: service,
			API: api, Resource: a.ID, Code: code, Message: u.Reason + " (reading " + u.Path + ")"}
		line, err := json.Marshal(struct {
			Record string `json:"record"`
			asset.Gap
		}{inventory.GapRecord, g})
		if err != nil {
			return b, err
		}
		b = append(b, line...)
		b = append(b, '\n')
	}
	return b, nil
}
