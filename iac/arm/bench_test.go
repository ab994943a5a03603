package arm

import (
	"os"
	"testing"
)

func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("testdata/storage-nsg.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if rs, _ := Parse("t.json", data, Options{}); len(rs) != 9 {
			b.Fatalf("%d resources", len(rs))
		}
	}
}
