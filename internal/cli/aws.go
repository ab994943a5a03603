package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	cwaws "cloudward/collect/aws"
	"cloudward/inventory"
	"cloudward/scan"
	"cloudward/store"

	"github.com/spf13/cobra"
)

// ExitIncomplete is returned with --strict when the collection has gaps.
const ExitIncomplete = 4

type awsFlags struct {
	profile, regions, services, roleName, externalID, accountsFile string
	org, strict                                                    bool
	concurrency                                                    int
}

func (f *awsFlags) register(c *cobra.Command) {
	fl := c.Flags()
	fl.StringVar(&f.profile, "profile", "", "AWS shared config `PROFILE` (default: the standard credential chain)")
	fl.StringVar(&f.regions, "regions", "", "comma-separated `REGIONS` (default: every region enabled for the account)")
	fl.StringVar(&f.services, "services", "", "comma-separated `SERVICES` to collect (default: all: "+strings.Join(cwaws.ServiceNames(), ",")+")")
	fl.BoolVar(&f.org, "org", false, "collect every active account of the AWS Organization (from the management account or a delegated administrator)")
	fl.StringVar(&f.roleName, "role-name", "OrganizationAccountAccessRole", "`ROLE` assumed in each account with --org")
	fl.StringVar(&f.externalID, "external-id", "", "external `ID` for the assumed roles")
	fl.StringVar(&f.accountsFile, "accounts", "", "`FILE` of role ARNs to assume, one per line (# comments allowed)")
	fl.IntVar(&f.concurrency, "concurrency", 64, "cap on concurrent API calls overall; calls are also limited to 4 at a time\nper account × region × service, so one throttled API slows only itself")
	fl.BoolVar(&f.strict, "strict", false, fmt.Sprintf("exit with code %d when anything could not be read (coverage gaps)", ExitIncomplete))
}

func (f *awsFlags) options() (cwaws.Options, error) {
	o := cwaws.Options{Profile: f.profile, Org: f.org, RoleName: f.roleName, ExternalID: f.externalID,
		Concurrency: f.concurrency}
	o.Regions = splitList(f.regions)
	o.Services = splitList(f.services)
	if f.accountsFile != "" {
		roles, err := readRoleFile(f.accountsFile)
		if err != nil {
			return o, err
		}
		o.RoleARNs = roles
	}
	if f.org && len(o.RoleARNs) > 0 {
		return o, usageErr("--org and --accounts are alternatives; give one")
	}
	return o, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func readRoleFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageErr("--accounts: %v", err)
	}
	defer f.Close()
	var roles []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !strings.HasPrefix(line, "arn:") || !strings.Contains(line, ":role/") {
			return nil, usageErr("%s:%d: %q is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)", path, n, line)
		}
		roles = append(roles, line)
	}
	if len(roles) == 0 {
		return nil, usageErr("--accounts: %s lists no role ARNs", path)
	}
	return roles, sc.Err()
}

// runCollect collects into w (an inventory) and returns the stats.
func runCollect(ctx context.Context, g *globals, f *awsFlags, w io.Writer) (cwaws.Stats, error) {
	opts, err := f.options()
	if err != nil {
		return cwaws.Stats{}, err
	}
	log, err := g.logger()
	if err != nil {
		return cwaws.Stats{}, err
	}
	opts.Logger = log
	p := newCollectProgress(g)
	opts.Progress = p.update
	c, err := cwaws.New(scan.Registry(), opts)
	if err != nil {
		return cwaws.Stats{}, usageErr("%v", err)
	}
	iw := inventory.NewWriter(w, inventory.Header{GeneratedAt: time.Now().UTC(), Generator: "cloudward collect aws " + Version})
	err = c.Run(ctx, iw)
	p.done()
	if ferr := iw.Flush(); err == nil && ferr != nil {
		err = ferr
	}
	st := c.Stats()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return st, &exitError{code: ExitUsage, err: errors.New("interrupted")}
		}
		return st, &exitError{code: ExitUsage, err: err}
	}
	return st, nil
}

func printCollectSummary(g *globals, st cwaws.Stats) {
	if g.quiet {
		return
	}
	fmt.Fprintf(g.stderr, "collected %s resources from %d account(s), %d region(s) in %.1fs: %s API calls, %s retries (%s throttled), %s coverage gaps\n",
		grouped(st.Resources), st.Accounts, st.Regions, st.Duration.Seconds(), grouped(st.Calls),
		grouped(st.Retries), grouped(st.Throttles), grouped(st.Gaps))
}

func newCollectCmd(g *globals) *cobra.Command {
	c := &cobra.Command{Use: "collect", Short: "Collect an inventory from a cloud provider (read-only)"}
	var f awsFlags
	var out string
	aws := &cobra.Command{
		Use:   "aws",
		Short: "Collect an AWS inventory (JSON Lines) with read-only API calls",
		Long: `Collect AWS resources and their security configuration into an inventory
(JSON Lines, docs/inventory.md) that 'scan snapshot' evaluates.

Credentials come from the standard AWS chain (environment, shared config and
--profile, SSO, web identity, instance metadata). AWS_ENDPOINT_URL and the
per-service endpoint settings are honoured. Only Describe/List/Get calls (and
GenerateCredentialReport) are made: 'cloudward permissions aws' prints the
exact IAM policy needed.

What cannot be read (access denied, throttled past every retry, a region not
enabled) becomes an unknown value and a coverage gap in the inventory; the
collection goes on. --strict makes gaps an error (exit code 4).`,
		Example: `  cloudward collect aws -o inventory.jsonl
  cloudward collect aws --profile audit --regions us-east-1,eu-west-1 -o inv.jsonl
  cloudward collect aws --org --role-name SecurityAudit -o org.jsonl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			var w io.Writer = g.stdout
			if out != "" && out != "-" {
				file, err := os.Create(out)
				if err != nil {
					return usageErr("--output: %v", err)
				}
				defer file.Close()
				w = file
			}
			st, err := runCollect(ctx, g, &f, w)
			if err != nil {
				return err
			}
			printCollectSummary(g, st)
			if f.strict && st.Gaps > 0 {
				return &exitError{code: ExitIncomplete, err: fmt.Errorf("%d coverage gaps (--strict); they are listed in the inventory as gap records", st.Gaps)}
			}
			return nil
		},
	}
	f.register(aws)
	aws.Flags().StringVarP(&out, "output", "o", "", "write the inventory to `FILE` (default: standard output)")
	c.AddCommand(aws)
	return c
}

func newScanAWSCmd(g *globals) *cobra.Command {
	var setRecord func(scope string, sources []string) // set once the flags are registered
	var f awsFlags
	var out outputFlags
	c := &cobra.Command{
		Use:   "aws",
		Short: "Collect from AWS and evaluate in one step",
		Long: `Collect an AWS inventory (as 'collect aws') and evaluate it against the rules
(as 'scan snapshot'), with the same output options. --save keeps the inventory.`,
		Example: `  cloudward scan aws --regions us-east-1 --fail-on high
  cloudward scan aws --org -f sarif -o results.sarif --save inventory.jsonl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			format, failOn, err := out.resolve(g)
			if err != nil {
				return err
			}
			// A broken exceptions file or an unusable store is reported
			// before a long collection.
			if _, err := loadExceptions(g, time.Now().UTC()); err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			setRecord(store.ScopeCloud, []string{"aws"})
			if g.record != nil {
				g.record.started = time.Now() // the scan starts with the collection
				if _, err := openStore(ctx, g); err != nil {
					return err
				}
			}
			save, _ := cmd.Flags().GetString("save")
			var file *os.File
			if save != "" {
				file, err = os.Create(save)
			} else {
				file, err = os.CreateTemp("", "cloudward-aws-*.jsonl")
				if err == nil {
					defer os.Remove(file.Name())
				}
			}
			if err != nil {
				return usageErr("inventory file: %v", err)
			}
			st, err := runCollect(ctx, g, &f, file)
			file.Close()
			if err != nil {
				return err
			}
			printCollectSummary(g, st)
			eng, err := loadEngine(g, time.Now().UTC())
			if err != nil {
				return err
			}
			res, err := evaluate(ctx, g, eng, []string{file.Name()}, out.includePassed, false)
			if err != nil {
				return err
			}
			res.Summary.Sources = []string{"aws"}
			if err := out.write(g, res, format, failOn); err != nil {
				return err
			}
			if f.strict && st.Gaps > 0 {
				return &exitError{code: ExitIncomplete, err: fmt.Errorf("%d coverage gaps (--strict)", st.Gaps)}
			}
			return nil
		},
	}
	f.register(c)
	out.register(c)
	setRecord = registerRecord(c, g, "aws")
	c.Flags().String("save", "", "also keep the collected inventory in `FILE`")
	return c
}

func newPermissionsCmd(g *globals) *cobra.Command {
	c := &cobra.Command{Use: "permissions", Short: "Print the least-privilege IAM policy collection needs"}
	var services string
	c.AddCommand(&cobra.Command{
		Use:   "aws",
		Short: "Print the IAM policy allowing exactly the API calls 'collect aws' makes",
		Long: `Print an IAM policy document that allows exactly the read-only actions the AWS
collector calls — generated from the same registry that guards every call, so
it cannot drift. Attach it to the role cloudward uses (or use AWS's
SecurityAudit managed policy, which is broader).`,
		Example: "  cloudward permissions aws > cloudward-policy.json\n  cloudward permissions aws --services s3,iam",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			names := splitList(services)
			for _, n := range names {
				if !containsStr(cwaws.ServiceNames(), n) {
					return usageErr("unknown service %q (known: %s)", n, strings.Join(cwaws.ServiceNames(), ", "))
				}
			}
			doc, err := cwaws.Policy(names)
			if err != nil {
				return &exitError{code: ExitInternal, err: err}
			}
			_, err = g.stdout.Write(doc)
			return err
		},
	})
	c.Commands()[0].Flags().StringVar(&services, "services", "", "only these comma-separated `SERVICES`")
	return c
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
