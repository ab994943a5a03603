// Command mutate writes the next day of a drifting inventory: it copies an
// inventory, changing a given share of its assets (a tag and, for S3
// buckets and security groups, a setting), chosen at random with a seed.
// bench/history.sh uses it to simulate daily scans.
//
// Usage: go run ./bench/mutate -in day1.jsonl -out day2.jsonl -day 2 -share 0.01
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
)

func main() {
	in := flag.String("in", "", "inventory to read")
	out := flag.String("out", "", "inventory to write")
	day := flag.Int("day", 1, "day number (seeds the choice and is written into changed assets)")
	share := flag.Float64("share", 0.01, "share of assets to change")
	flag.Parse()
	if err := run(*in, *out, *day, *share); err != nil {
		fmt.Fprintln(os.Stderr, "mutate:", err)
		os.Exit(1)
	}
}

func run(in, out string, day int, share float64) error {
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var lines [][]byte
	start := 0
	for i, b := range data {
		if b == '\n' {
			lines = append(lines, data[start:i])
			start = i + 1
		}
	}
	var assets []int
	for i, l := range lines {
		if len(l) > 0 && l[0] == '{' && !json.Valid(l) {
			return fmt.Errorf("line %d is not JSON", i+1)
		}
		var probe struct {
			Type string `json:"type"`
		}
		json.Unmarshal(l, &probe)
		if probe.Type != "" {
			assets = append(assets, i)
		}
	}
	rng := rand.New(rand.NewPCG(uint64(day), 42))
	n := int(float64(len(assets))*share + 0.5)
	for _, k := range rng.Perm(len(assets))[:n] {
		i := assets[k]
		var a map[string]any
		if err := json.Unmarshal(lines[i], &a); err != nil {
			return err
		}
		tags, _ := a["tags"].(map[string]any)
		if tags == nil {
			tags = map[string]any{}
		}
		tags["revision"] = fmt.Sprint(day)
		a["tags"] = tags
		if attrs, ok := a["attributes"].(map[string]any); ok {
			switch a["type"] {
			case "aws.s3.bucket":
				attrs["versioning"] = map[string]any{"status": []string{"Enabled", "Suspended"}[day%2]}
			case "aws.ec2.instance":
				attrs["state"] = []string{"running", "stopped"}[day%2]
			}
		}
		b, err := json.Marshal(a)
		if err != nil {
			return err
		}
		lines[i] = b
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, l := range lines {
		w.Write(l)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}
