package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"cloudward/scan"

	"github.com/spf13/cobra"
)

func newAssetsCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "assets [TYPE]",
		Short: "List asset types, or show one type's schema",
		Long: `Without arguments, list every asset type cloudward knows. With a TYPE, show
its schema: the fields a rule can read from ` + "`resource`" + `. The same reference is
generated under docs/assets/.`,
		Example: "  cloudward assets\n  cloudward assets aws.s3.bucket",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			reg := scan.Registry()
			if len(args) == 0 {
				tw := tabwriter.NewWriter(g.stdout, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "TYPE\tDESCRIPTION")
				for _, ts := range reg.Types() {
					fmt.Fprintf(tw, "%s\t%s\n", ts.Name, ts.Doc)
				}
				return tw.Flush()
			}
			ts, ok := reg.Lookup(args[0])
			if !ok {
				return usageErr("unknown asset type %q (see 'cloudward assets')", args[0])
			}
			fmt.Fprintf(g.stdout, "%s — %s\n\n", ts.Name, ts.Doc)
			tw := tabwriter.NewWriter(g.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "FIELD\tTYPE\tDESCRIPTION")
			for _, f := range ts.Root.Fields {
				fmt.Fprintf(tw, "resource.%s\t%s\t%s\n", f.Name, f.Type, firstSentence(f.Doc))
			}
			return tw.Flush()
		},
	}
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i+1]
	}
	return s
}
