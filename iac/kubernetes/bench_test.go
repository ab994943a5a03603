package kubernetes

import (
	"bytes"
	"os"
	"testing"
)

// BenchmarkParse reads 1,000 copies of testdata/app.yaml (about 90,000
// lines, 3,000 objects) as one stream.
func BenchmarkParse(b *testing.B) {
	one, err := os.ReadFile("testdata/app.yaml")
	if err != nil {
		b.Fatal(err)
	}
	one = bytes.ReplaceAll(one, []byte("\n...\n"), []byte("\n---\n"))
	data := bytes.Repeat(append(one, "---\n"...), 1000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rs, _ := Parse("big.yaml", data)
		if len(rs) != 3000 {
			b.Fatalf("%d resources", len(rs))
		}
	}
}
