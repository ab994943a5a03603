package cli

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"cloudward/internal/docgen"
	"cloudward/internal/gen"
	"cloudward/scan"

	"github.com/spf13/cobra"
)

func newDevCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "dev",
		Short: "Developer tools: synthetic inventories, generated docs",
	}
	c.AddCommand(newGenInventoryCmd(g), newGenDocsCmd(g))
	return c
}

func newGenInventoryCmd(g *globals) *cobra.Command {
	var o gen.Options
	var out, regions string
	c := &cobra.Command{
		Use:   "gen-inventory",
		Short: "Generate a realistic synthetic AWS inventory of any size",
		Long: `Generate a synthetic AWS inventory (JSON Lines) with a realistic mix of well
and badly configured resources. The same options and seed always give the same
bytes. Useful for demos, tests and benchmarks.`,
		Example: `  cloudward dev gen-inventory --assets 1000000 --seed 1 -o big.jsonl`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Assets <= 0 {
				return usageErr("--assets must be positive")
			}
			if regions != "" {
				o.Regions = strings.Split(regions, ",")
			}
			w := g.stdout
			if out != "" {
				f, err := os.Create(out)
				if err != nil {
					return usageErr("--output: %v", err)
				}
				defer f.Close()
				bw := bufio.NewWriterSize(f, 1<<20)
				defer bw.Flush()
				w = bw
			}
			if err := gen.Write(w, scan.Registry(), o); err != nil {
				return &exitError{code: ExitInternal, err: err}
			}
			return nil
		},
	}
	f := c.Flags()
	f.IntVar(&o.Assets, "assets", 1000, "number of assets")
	f.Int64Var(&o.Seed, "seed", 1, "random seed")
	f.IntVar(&o.Accounts, "accounts", 2, "number of accounts")
	f.StringVar(&regions, "regions", "", "comma-separated regions (default us-east-1,eu-west-1,ap-southeast-2)")
	f.StringVarP(&out, "output", "o", "", "write to `FILE` instead of standard output")
	return c
}

func newGenDocsCmd(g *globals) *cobra.Command {
	var dir string
	var check bool
	c := &cobra.Command{
		Use:   "gen-docs",
		Short: "Regenerate docs/assets and docs/rules from the schemas, rules and frameworks",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			rs, fws, errs, _ := scan.BuiltinLibrary()
			if len(errs) > 0 {
				return &exitError{code: ExitUsage, err: joinErrs(errs)}
			}
			files := docgen.Files(scan.Registry(), rs, fws)
			names := make([]string, 0, len(files))
			for n := range files {
				names = append(names, n)
			}
			sort.Strings(names)
			stale := 0
			for _, n := range names {
				p := filepath.Join(dir, filepath.FromSlash(n))
				if check {
					old, err := os.ReadFile(p)
					if err != nil || string(old) != files[n] {
						fmt.Fprintf(g.stdout, "stale: %s\n", p)
						stale++
					}
					continue
				}
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					return err
				}
				if err := os.WriteFile(p, []byte(files[n]), 0o644); err != nil {
					return err
				}
			}
			if check && stale > 0 {
				return silentExit(ExitFindings)
			}
			if !check {
				fmt.Fprintf(g.stdout, "wrote %d files under %s\n", len(names), dir)
			}
			return nil
		},
	}
	c.Flags().StringVar(&dir, "dir", "docs", "docs `DIR`")
	c.Flags().BoolVar(&check, "check", false, "only report files that are out of date (exit 1 if any)")
	return c
}
