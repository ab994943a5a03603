// Package cli implements the cloudward command line: one file per command,
// holding flags and output only; the work is done by the scan, engine and
// report packages.
package cli

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"cloudward/exception"
	"cloudward/store"
)

// Exit codes, documented in README.md.
const (
	ExitOK       = 0 // success; no failing finding at or above --fail-on
	ExitFindings = 1 // --fail-on matched, or `rules lint` / `rules test` found problems
	ExitUsage    = 2 // usage error, unreadable or invalid input, broken rule file
	ExitInternal = 3 // unexpected internal error
)

// defaultMemoryLimit is the soft heap limit when GOMEMLIMIT is not set.
const defaultMemoryLimit = 900 << 20

// Version is set at build time with -ldflags "-X cloudward/internal/cli.Version=…".
var Version = "0.1.0-dev"

// exitError carries an exit code through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

func usageErr(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// silentExit ends with a code after the command already printed what it had to say.
type silentExit int

func (e silentExit) Error() string { return fmt.Sprintf("exit %d", int(e)) }

type globals struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	ruleDirs       []string
	frameworkDirs  []string
	noBuiltin      bool
	noColor        bool
	quiet          bool
	logLevel       string
	// exceptionsFile is --exceptions; noExceptions is --no-exceptions.
	exceptionsFile string
	noExceptions   bool
	exceptions     *exception.Set // loaded by loadExceptions
	// storeDSN is --store; record, when set, makes evaluate record the
	// scan in the store (scan commands without --no-record).
	storeDSN string
	record   *recordSpec
	st       *store.Store // opened by openStore
	// recordErr is a failure to record a scan whose report was written:
	// the command exits with ExitInternal after its output.
	recordErr error
}

// logger returns the diagnostics logger for --log-level.
func (g *globals) logger() (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(g.logLevel)); err != nil {
		return nil, usageErr("--log-level %q: want error, warn, info or debug", g.logLevel)
	}
	return slog.New(slog.NewTextHandler(g.stderr, &slog.HandlerOptions{Level: lvl})), nil
}

// isTTY reports whether w is a terminal.
func isTTY(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func (g *globals) color(w io.Writer) bool {
	return !g.noColor && os.Getenv("NO_COLOR") == "" && isTTY(w)
}

// Main runs the CLI and returns the process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	g := &globals{stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRoot(g)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var se silentExit
	if errors.As(err, &se) {
		return int(se)
	}
	var ee *exitError
	if errors.As(err, &ee) {
		fmt.Fprintln(stderr, "cloudward: "+ee.err.Error())
		return ee.code
	}
	// Errors from cobra itself (unknown flag or command) are usage errors.
	fmt.Fprintln(stderr, "cloudward: "+err.Error())
	if strings.Contains(err.Error(), "unknown") || strings.Contains(err.Error(), "flag") ||
		strings.Contains(err.Error(), "arg") {
		fmt.Fprintln(stderr, "Run 'cloudward --help' for usage.")
		return ExitUsage
	}
	return ExitInternal
}

func newRoot(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:   "cloudward",
		Short: "Cloud security posture management: find misconfigurations in cloud inventories",
		Long: `cloudward evaluates cloud resources against policy-as-code rules (CIS
Foundations Benchmarks and provider best practices) and reports what fails,
what passes, and what it could not determine.

Start with the bundled example:

  cloudward scan snapshot examples/demo-inventory.jsonl`,
		SilenceUsage:      true,
		SilenceErrors:     true,
		CompletionOptions: cobra.CompletionOptions{HiddenDefaultCmd: true},
	}
	pf := root.PersistentFlags()
	pf.StringArrayVar(&g.ruleDirs, "rules", nil, "also load rules from `DIR` (repeatable)")
	pf.BoolVar(&g.noBuiltin, "no-builtin", false, "do not load the built-in rule library")
	pf.StringArrayVar(&g.frameworkDirs, "frameworks", nil, "also load compliance frameworks (*.yaml) from `DIR` (repeatable)")
	pf.StringVar(&g.exceptionsFile, "exceptions", "", "apply the exceptions in `FILE` (default: "+exception.DefaultFile+" when it exists)")
	pf.BoolVar(&g.noExceptions, "no-exceptions", false, "apply no exceptions (neither the file's nor the store's)")
	pf.StringVar(&g.storeDSN, "store", "", "the history store: a SQLite `FILE`, or a postgres:// URL (default: $CLOUDWARD_STORE,\nelse cloudward.db in the user's data directory)")
	pf.BoolVar(&g.noColor, "no-color", false, "disable colour (also: NO_COLOR=1)")
	pf.BoolVarP(&g.quiet, "quiet", "q", false, "no progress display")
	pf.StringVar(&g.logLevel, "log-level", "warn", "diagnostics on standard error: error, warn, info (each coverage gap), debug (every job and retry)")
	var cpuProfile string
	var stopProfile func()
	pf.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile to `FILE`")
	_ = pf.MarkHidden("cpuprofile")
	root.PersistentPreRunE = func(c *cobra.Command, args []string) error {
		// A soft memory limit makes the garbage collector work harder as
		// the heap nears it instead of letting it double: large scans stay
		// within it unless their live data needs more (never an
		// out-of-memory error). GOMEMLIMIT overrides it.
		if os.Getenv("GOMEMLIMIT") == "" {
			debug.SetMemoryLimit(defaultMemoryLimit)
		}
		if cpuProfile == "" {
			return nil
		}
		f, err := os.Create(cpuProfile)
		if err != nil {
			return usageErr("--cpuprofile: %v", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return usageErr("--cpuprofile: %v", err)
		}
		stopProfile = func() { pprof.StopCPUProfile(); f.Close() }
		return nil
	}
	root.PersistentPostRunE = func(c *cobra.Command, args []string) error {
		if stopProfile != nil {
			stopProfile()
		}
		if g.st != nil {
			g.st.Close() // SQLite folds its write-ahead log back into the file
		}
		if g.recordErr != nil {
			return &exitError{code: ExitInternal, err: g.recordErr}
		}
		return nil
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErr("%v\nRun '%s --help' for usage.", err, c.CommandPath())
	})
	root.AddCommand(newScanCmd(g), newComplianceCmd(g), newCollectCmd(g), newPermissionsCmd(g), newExceptionCmd(g), newFindingsCmd(g), newInventoryCmd(g), newScansCmd(g), newDriftCmd(g), newBaselineCmd(g), newQueryCmd(g), newRulesCmd(g), newAssetsCmd(g), newDevCmd(g), newVersionCmd(g))
	return root
}
