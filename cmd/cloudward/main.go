// Command cloudward is a cloud security posture management tool: it
// evaluates cloud inventories and infrastructure-as-code against
// policy-as-code rules. See README.md.
package main

import (
	"os"

	"cloudward/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
