package cli

import (
	"fmt"
	"runtime"

	"cloudward/scan"

	"github.com/spf13/cobra"
)

func newVersionCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of cloudward and its rule library",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			rs, _ := scan.LoadRules(nil, false)
			fmt.Fprintf(g.stdout, "cloudward %s (%s, %s/%s)\nbuilt-in rules: %d\nasset types: %d\n",
				Version, runtime.Version(), runtime.GOOS, runtime.GOARCH, len(rs), len(scan.Registry().Types()))
			return nil
		},
	}
}
