package testenv

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Faults configures a FaultProxy: the share of requests answered with a
// throttling error, or with a dropped connection, instead of being passed on.
type Faults struct {
	Throttle float64 // 0..1: answered with the protocol's throttling error
	Reset    float64 // 0..1: connection dropped without an answer
	Stall    float64 // 0..1: no answer for StallFor (a hung connection; the client must time out)
	Deny     float64 // 0..1: answered AccessDenied (not retried: the value becomes unknown)
	StallFor time.Duration
	Seed     uint64
}

// FaultProxy stands between an SDK and the emulator and injects faults in
// the wire format of each AWS protocol, as a busy real account would.
type FaultProxy struct {
	URL       string
	Throttled atomic.Int64
	Stalled   atomic.Int64
	Denied    atomic.Int64
	Dropped   atomic.Int64
	Passed    atomic.Int64
	mu        sync.Mutex
	rnd       *rand.Rand
	faults    Faults
}

var credentialScope = regexp.MustCompile(`Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request`)

// StartFaultProxy starts a proxy to target; it stops with the test.
func StartFaultProxy(t testing.TB, target string, f Faults) *FaultProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &FaultProxy{faults: f, rnd: rand.New(rand.NewPCG(f.Seed, f.Seed^0x9e3779b97f4a7c15))}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		x := p.rnd.Float64()
		p.mu.Unlock()
		switch {
		case x < f.Throttle:
			p.Throttled.Add(1)
			writeThrottle(w, r)
		case x < f.Throttle+f.Stall:
			p.Stalled.Add(1)
			select {
			case <-time.After(f.StallFor):
			case <-r.Context().Done():
			}
			writeThrottle(w, r)
		case x < f.Throttle+f.Stall+f.Deny:
			p.Denied.Add(1)
			writeError(w, r, "AccessDenied", "AccessDeniedException", http.StatusForbidden)
		case x < f.Throttle+f.Stall+f.Deny+f.Reset:
			p.Dropped.Add(1)
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
					return
				}
			}
			http.Error(w, "connection dropped", http.StatusBadGateway)
		default:
			p.Passed.Add(1)
			rp.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

// writeError answers with an error in the request's protocol: queryCode
// for XML protocols, jsonCode for JSON ones.
func writeError(w http.ResponseWriter, r *http.Request, queryCode, jsonCode string, status int) {
	service := ""
	if m := credentialScope.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		service = m[1]
	}
	switch {
	case r.Header.Get("X-Amz-Target") != "" || (service != "s3" && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded")):
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-Errortype", jsonCode)
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"__type":%q,"message":"injected"}`, jsonCode)
	case service == "s3":
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>injected</Message><RequestId>fault</RequestId></Error>`, queryCode)
	case service == "ec2":
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>injected</Message></Error></Errors><RequestID>fault</RequestID></Response>`)
	default:
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>injected</Message></Error><RequestId>fault</RequestId></ErrorResponse>`, queryCode)
	}
}

// writeThrottle answers with the throttling error of the request's protocol.
func writeThrottle(w http.ResponseWriter, r *http.Request) {
	service := ""
	if m := credentialScope.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		service = m[1]
	}
	switch {
	case r.Header.Get("X-Amz-Target") != "": // JSON protocols
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-Errortype", "ThrottlingException")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"__type":"ThrottlingException","message":"Rate exceeded"}`)
	case service == "s3":
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>fault</RequestId></Error>`)
	case service == "ec2":
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>fault</RequestID></Response>`)
	case !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded"): // REST-JSON (account, lambda, eks, …)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-Errortype", "ThrottlingException")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"message":"Rate exceeded"}`)
	default: // query protocols (iam, sts, rds, …)
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>fault</RequestId></ErrorResponse>`)
	}
}
