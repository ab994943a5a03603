// Command endpoint serves an emulator (moto) behind a keep-alive HTTP
// front, as AWS endpoints are. moto answers every request with
// "Connection: close"; measured directly, a client would pay a new TCP
// connection per call, which it never pays against AWS. The collection
// benchmark points cloudward at this front so the client CPU it measures is
// the collector's; the front runs in its own process, like the emulator.
package main

import (
	"flag"
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to serve on")
	target := flag.String("target", "", "emulator URL")
	flag.Parse()
	u, err := url.Parse(*target)
	if err != nil || *target == "" {
		log.Fatal("-target is required")
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.Transport = &http.Transport{MaxIdleConnsPerHost: 64}
	log.Fatal(http.ListenAndServe(*listen, proxy))
}
