package aws

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"os"
	"strings"
	"sync"
	"time"

	"cloudward/asset"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsaccount "github.com/aws/aws-sdk-go-v2/service/account"
	accounttypes "github.com/aws/aws-sdk-go-v2/service/account/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
)

var (
	opGetAccountPasswordPolicy    = Op{"IAM", "GetAccountPasswordPolicy", "iam:GetAccountPasswordPolicy"}
	opGetAccountSummary           = Op{"IAM", "GetAccountSummary", "iam:GetAccountSummary"}
	opListAccountAliases          = Op{"IAM", "ListAccountAliases", "iam:ListAccountAliases"}
	opGenerateCredentialReport    = Op{"IAM", "GenerateCredentialReport", "iam:GenerateCredentialReport"}
	opGetCredentialReport         = Op{"IAM", "GetCredentialReport", "iam:GetCredentialReport"}
	opListVirtualMFADevices       = Op{"IAM", "ListVirtualMFADevices", "iam:ListVirtualMFADevices"}
	opGetAccountPublicAccessBlock = Op{"S3 Control", "GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock"}
	opDescribeOrganization        = Op{"Organizations", "DescribeOrganization", "organizations:DescribeOrganization"}
	opGetAlternateContact         = Op{"Account", "GetAlternateContact", "account:GetAlternateContact"}
)

var accountService = &Service{
	Name:   "account",
	Global: true,
	Ops: []Op{opGetAccountPasswordPolicy, opGetAccountSummary, opListAccountAliases, opGenerateCredentialReport,
		opGetCredentialReport, opListVirtualMFADevices, opGetAccountPublicAccessBlock, opDescribeOrganization,
		opGetAlternateContact},
	Collect: collectAccount,
}

// collectAccount emits the aws.account asset: account-wide settings and the
// root user's credentials.
func collectAccount(ctx context.Context, s *Scope) error {
	s = s.InRegion("us-east-1")
	a := s.New("aws.account", s.Account, s.Account)
	a.Region = "global"
	o := a.Root
	cl := iam.NewFromConfig(s.Config)

	aliases, err := cl.ListAccountAliases(ctx, &iam.ListAccountAliasesInput{})
	if ok, _ := s.check(o, "alias", opListAccountAliases, s.Account, err); ok && len(aliases.AccountAliases) > 0 {
		o.SetString("alias", aliases.AccountAliases[0])
		a.Name = aliases.AccountAliases[0]
	}

	pp, err := cl.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	ok, absent := s.check(o, "password_policy", opGetAccountPasswordPolicy, s.Account, err)
	switch {
	case ok && pp.PasswordPolicy != nil:
		setPasswordPolicy(o.SetNested("password_policy"), pp.PasswordPolicy)
	case absent: // NoSuchEntity: no custom policy
		o.SetNested("password_policy").SetBool("present", false)
	}

	readRoot(ctx, s, cl, o)

	pab, err := s3controlClient(s.Config).GetPublicAccessBlock(ctx,
		&s3control.GetPublicAccessBlockInput{AccountId: aws.String(s.Account)})
	if ok, _ := s.check(o, "s3_public_access_block", opGetAccountPublicAccessBlock, s.Account, err); ok && pab.PublicAccessBlockConfiguration != nil {
		c := pab.PublicAccessBlockConfiguration
		o.SetNested("s3_public_access_block").
			SetBool("block_public_acls", aws.ToBool(c.BlockPublicAcls)).
			SetBool("ignore_public_acls", aws.ToBool(c.IgnorePublicAcls)).
			SetBool("block_public_policy", aws.ToBool(c.BlockPublicPolicy)).
			SetBool("restrict_public_buckets", aws.ToBool(c.RestrictPublicBuckets))
	}

	org, err := organizations.NewFromConfig(s.Config).DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	switch k, _ := Classify(err); {
	case err == nil && org.Organization != nil:
		o.SetString("organization_id", aws.ToString(org.Organization.Id))
	case k == KindUnsupported || k == KindNotFound: // not in an organization
	case err != nil:
		s.Unknown(o, "organization_id", opDescribeOrganization, s.Account, err)
	}

	readAlternateContacts(ctx, s, o)
	return s.Emit(a)
}

// alternateContactTypes are the account's alternate contacts, by field.
var alternateContactTypes = []struct {
	field string
	typ   accounttypes.AlternateContactType
}{
	{"billing", accounttypes.AlternateContactTypeBilling},
	{"operations", accounttypes.AlternateContactTypeOperations},
	{"security", accounttypes.AlternateContactTypeSecurity},
}

// readAlternateContacts fills the alternate_contacts block: a contact the
// API does not have (ResourceNotFoundException) is present=false; one that
// cannot be read is unknown on its own, with its gap.
func readAlternateContacts(ctx context.Context, s *Scope, o *asset.Object) {
	cl := awsaccount.NewFromConfig(s.Config)
	contacts := o.SetNested("alternate_contacts")
	for _, ct := range alternateContactTypes {
		out, err := cl.GetAlternateContact(ctx, &awsaccount.GetAlternateContactInput{AlternateContactType: ct.typ})
		ok, absent := s.check(contacts, ct.field, opGetAlternateContact, s.Account, err)
		switch {
		case absent || (ok && out.AlternateContact == nil):
			contacts.SetNested(ct.field).SetBool("present", false)
		case ok:
			c := out.AlternateContact
			contacts.SetNested(ct.field).
				SetBool("present", true).
				SetString("name", aws.ToString(c.Name)).
				SetString("title", aws.ToString(c.Title)).
				SetString("email", aws.ToString(c.EmailAddress)).
				SetString("phone", aws.ToString(c.PhoneNumber))
		}
	}
}

func setPasswordPolicy(p *asset.Object, pp *iamtypes.PasswordPolicy) {
	p.SetBool("present", true).
		SetInt("minimum_password_length", int64(aws.ToInt32(pp.MinimumPasswordLength))).
		SetBool("require_symbols", pp.RequireSymbols).
		SetBool("require_numbers", pp.RequireNumbers).
		SetBool("require_uppercase_characters", pp.RequireUppercaseCharacters).
		SetBool("require_lowercase_characters", pp.RequireLowercaseCharacters).
		SetBool("allow_users_to_change_password", pp.AllowUsersToChangePassword).
		SetInt("max_password_age", int64(aws.ToInt32(pp.MaxPasswordAge))).
		SetInt("password_reuse_prevention", int64(aws.ToInt32(pp.PasswordReusePrevention))).
		SetBool("hard_expiry", aws.ToBool(pp.HardExpiry))
}

// readRoot fills the root user's block from the account summary (MFA and
// access keys present), the credential report (last password use) and the
// virtual MFA devices (hardware or virtual).
func readRoot(ctx context.Context, s *Scope, cl *iam.Client, o *asset.Object) {
	root := o.SetNested("root")
	sum, err := cl.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil {
		s.Gap(opGetAccountSummary, s.Account, err)
		reason := Reason(opGetAccountSummary, err)
		root.SetUnknown("mfa_enabled", reason)
		root.SetUnknown("access_keys_present", reason)
		root.SetUnknown("hardware_mfa_enabled", reason)
	} else {
		mfa := sum.SummaryMap["AccountMFAEnabled"] > 0
		root.SetBool("mfa_enabled", mfa)
		root.SetInt("access_keys_present", int64(sum.SummaryMap["AccountAccessKeysPresent"]))
		if !mfa {
			root.SetBool("hardware_mfa_enabled", false)
		} else {
			virtual, err := rootHasVirtualMFA(ctx, cl, s.Account)
			if err != nil {
				s.Unknown(root, "hardware_mfa_enabled", opListVirtualMFADevices, s.Account, err)
			} else {
				root.SetBool("hardware_mfa_enabled", !virtual)
			}
		}
	}
	rep, err := s.c.credentialReport(ctx, s, cl)
	if err != nil {
		s.Unknown(root, "password_last_used", opGetCredentialReport, s.Account, err)
		return
	}
	if row, ok := rep["<root_account>"]; ok {
		root.SetTime("password_last_used", reportTime(row["password_last_used"]))
	}
}

func rootHasVirtualMFA(ctx context.Context, cl *iam.Client, account string) (bool, error) {
	p := iam.NewListVirtualMFADevicesPaginator(cl, &iam.ListVirtualMFADevicesInput{AssignmentStatus: iamtypes.AssignmentStatusTypeAssigned})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return false, err
		}
		for _, d := range page.VirtualMFADevices {
			if strings.HasSuffix(aws.ToString(d.SerialNumber), ":mfa/root-account-mfa-device") ||
				(d.User != nil && strings.HasSuffix(aws.ToString(d.User.Arn), ":root")) {
				return true, nil
			}
		}
	}
	return false, nil
}

// credentialRows maps a user name ("<root_account>" for root) to its
// credential report columns.
type credentialRows map[string]map[string]string

type reportCache struct {
	once sync.Once
	rows credentialRows
	err  error
}

// credentialReport generates (if needed) and parses the account's IAM
// credential report, once per account per collection.
func (c *Collector) credentialReport(ctx context.Context, s *Scope, cl *iam.Client) (credentialRows, error) {
	v, _ := c.reports.LoadOrStore(s.Account, &reportCache{})
	rc := v.(*reportCache)
	rc.once.Do(func() { rc.rows, rc.err = fetchCredentialReport(ctx, cl) })
	return rc.rows, rc.err
}

func fetchCredentialReport(ctx context.Context, cl *iam.Client) (credentialRows, error) {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		out, err := cl.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
		if err == nil {
			return parseCredentialReport(out.Content)
		}
		_, code := Classify(err)
		if code != "ReportNotPresent" && code != "ReportExpired" && code != "ReportInProgress" {
			return nil, err
		}
		if _, gerr := cl.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{}); gerr != nil {
			return nil, gerr
		}
		if time.Now().After(deadline) {
			return nil, errors.New("the credential report was not ready after 2 minutes")
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}

func parseCredentialReport(content []byte) (credentialRows, error) {
	r := csv.NewReader(bytes.NewReader(content))
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("credential report: %w", err)
	}
	rows := credentialRows{}
	if len(recs) == 0 {
		return rows, nil
	}
	head := recs[0]
	for _, rec := range recs[1:] {
		m := make(map[string]string, len(head))
		for i, h := range head {
			if i < len(rec) {
				m[h] = rec[i]
			}
		}
		rows[m["user"]] = m
	}
	return rows, nil
}

// reportTime parses a credential report timestamp; "N/A", "no_information"
// and "not_supported" give the zero time.
func reportTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// s3controlClient returns an S3 Control client. S3 Control addresses
// {account}.s3-control.{region}.amazonaws.com; against a custom endpoint
// (an emulator, a proxy) that host does not exist, so the account prefix
// is removed again — the account id is also in the request header.
func s3controlClient(cfg aws.Config) *s3control.Client {
	custom := cfg.BaseEndpoint != nil || os.Getenv("AWS_ENDPOINT_URL") != "" || os.Getenv("AWS_ENDPOINT_URL_S3_CONTROL") != ""
	return s3control.NewFromConfig(cfg, func(o *s3control.Options) {
		if !custom {
			return
		}
		o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
			return st.Finalize.Insert(middleware.FinalizeMiddlewareFunc("cloudward-strip-account-host",
				func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
					if req, ok := in.Request.(*smithyhttp.Request); ok {
						if host, rest, found := strings.Cut(req.URL.Host, "."); found && len(host) == 12 && strings.Trim(host, "0123456789") == "" {
							req.URL.Host = rest
						}
					}
					return next.HandleFinalize(ctx, in)
				}), "ResolveEndpointV2", middleware.After)
		})
	})
}
