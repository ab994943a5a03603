package aws

import (
	"context"
	"sync"
)

// limiter bounds concurrent calls per throttle bucket (account × region ×
// service) and overall. AWS throttles per account, region and API family, so
// one slow bucket — a throttled service in one region — never starves the
// others, as a single global pool would.
type limiter struct {
	perBucket int
	global    chan struct{}
	mu        sync.Mutex
	buckets   map[string]chan struct{}
}

func newLimiter(perBucket, global int) *limiter {
	return &limiter{perBucket: perBucket, global: make(chan struct{}, global), buckets: map[string]chan struct{}{}}
}

// acquire blocks until a slot is free in the bucket and globally; the
// returned function releases both.
func (l *limiter) acquire(ctx context.Context, bucket string) (func(), error) {
	l.mu.Lock()
	b := l.buckets[bucket]
	if b == nil {
		b = make(chan struct{}, l.perBucket)
		l.buckets[bucket] = b
	}
	l.mu.Unlock()
	select {
	case b <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case l.global <- struct{}{}:
	case <-ctx.Done():
		<-b
		return nil, ctx.Err()
	}
	return func() { <-l.global; <-b }, nil
}
