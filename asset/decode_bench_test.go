package asset_test

import (
	"bufio"
	"os"
	"testing"

	"github.com/valyala/fastjson"
)

// BenchmarkDecode decodes every line of the demo inventory (a realistic mix
// of asset types) per iteration; ns/op / 360 is the cost per asset.
func BenchmarkDecode(b *testing.B) {
	f, err := os.Open("../examples/demo-inventory.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	var lines [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		lines = append(lines, append([]byte(nil), sc.Bytes()...))
	}
	f.Close()
	lines = lines[1:] // header
	var p fastjson.Parser
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			v, err := p.ParseBytes(l)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := reg.Decode(v); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(lines)), "ns/asset")
}
