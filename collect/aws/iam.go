package aws

// IAM is global: one job per account. Its calls go to the partition's IAM
// endpoint (us-east-1 in the aws partition); its assets and gaps are in
// region "global".
//
// The service emits several asset types from one run, each built by a part
// (iamParts). Identities and their attachments come from one bulk call,
// GetAccountAuthorizationDetails, which returns users, groups, roles and
// managed policies — with group memberships, attached managed policies and
// inline policies — in a few pages instead of three or four List* calls per
// identity. The run fetches it once, for the entity types of every part
// (iamEntities); a part falls back to the per-identity List* calls only when
// the bulk call is refused. Per-identity credentials (access keys, MFA
// devices) are never in the details and are read per identity, concurrently.
//
// Adding what CIS needs next:
//   - aws.iam.role, aws.iam.group, aws.iam.policy: add EntityTypeRole,
//     EntityTypeGroup and EntityTypeLocalManagedPolicy to iamEntities, keep
//     the RoleDetailList, GroupDetailList and Policies pages in iamDetails,
//     and add a part per type reading them (with its List* fallback). Where
//     AWSSupportAccess is attached (CIS "support role") is then known from
//     the users', groups' and roles' attached policies without another call.
//   - SAML and OIDC providers and server certificates are not in the
//     details: their parts make their own calls (ListSAMLProviders,
//     ListOpenIDConnectProviders, ListServerCertificates).
//
// Every part's operations go into iamService.Ops.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"cloudward/asset"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"
)

var (
	opGetAccountAuthorizationDetails = Op{"IAM", "GetAccountAuthorizationDetails", "iam:GetAccountAuthorizationDetails"}
	opListUsers                      = Op{"IAM", "ListUsers", "iam:ListUsers"}
	opListGroupsForUser              = Op{"IAM", "ListGroupsForUser", "iam:ListGroupsForUser"}
	opListAttachedUserPolicies       = Op{"IAM", "ListAttachedUserPolicies", "iam:ListAttachedUserPolicies"}
	opListUserPolicies               = Op{"IAM", "ListUserPolicies", "iam:ListUserPolicies"}
	opListUserTags                   = Op{"IAM", "ListUserTags", "iam:ListUserTags"}
	opListAccessKeys                 = Op{"IAM", "ListAccessKeys", "iam:ListAccessKeys"}
	opGetAccessKeyLastUsed           = Op{"IAM", "GetAccessKeyLastUsed", "iam:GetAccessKeyLastUsed"}
	opListMFADevices                 = Op{"IAM", "ListMFADevices", "iam:ListMFADevices"}
)

var iamService = &Service{
	Name:   "iam",
	Global: true,
	Ops: []Op{
		opGetAccountAuthorizationDetails,
		// users
		opListUsers, opListGroupsForUser, opListAttachedUserPolicies, opListUserPolicies, opListUserTags,
		opListAccessKeys, opGetAccessKeyLastUsed, opListMFADevices,
		opGenerateCredentialReport, opGetCredentialReport, // shared with the account service (account.go)
	},
	Collect: collectIAM,
}

// iamEntities are the GetAccountAuthorizationDetails filters of the asset
// types built from the details.
var iamEntities = []iamtypes.EntityType{iamtypes.EntityTypeUser}

// iamParts build the service's asset types, concurrently. Each returns an
// error only when none of its assets could be collected.
var iamParts = []func(context.Context, *iamRun) error{
	collectIAMUsers, // aws.iam.user
}

// iamRun is one account's IAM collection, shared by the parts.
type iamRun struct {
	s  *Scope // at the IAM endpoint, Region "global"
	cl *iam.Client

	// details is the account's authorization details; nil, with detailsErr,
	// when the bulk call failed and the parts must list for themselves.
	details    *iamDetails
	detailsErr error
}

// iamDetails is what GetAccountAuthorizationDetails returned, every page.
type iamDetails struct {
	users []iamtypes.UserDetail
}

func collectIAM(ctx context.Context, s *Scope) error {
	home := s.InRegion(iamRegion(s.Partition))
	home.Region = "global" // calls go to the IAM endpoint's region; assets and gaps are global
	r := &iamRun{s: home, cl: iam.NewFromConfig(home.Config)}
	r.details, r.detailsErr = fetchAuthorizationDetails(ctx, r.cl, iamEntities)
	errs := make([]error, len(iamParts))
	var wg sync.WaitGroup
	for i, part := range iamParts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = part(ctx, r)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// iamRegion is the region whose endpoint serves IAM in a partition.
func iamRegion(partition string) string {
	switch partition {
	case "aws-cn":
		return "cn-north-1"
	case "aws-us-gov":
		return "us-gov-west-1"
	}
	return "us-east-1"
}

func fetchAuthorizationDetails(ctx context.Context, cl *iam.Client, filter []iamtypes.EntityType) (*iamDetails, error) {
	d := &iamDetails{}
	p := iam.NewGetAccountAuthorizationDetailsPaginator(cl, &iam.GetAccountAuthorizationDetailsInput{
		Filter: filter, MaxItems: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		d.users = append(d.users, page.UserDetailList...)
	}
	return d, nil
}

// iamPager is an IAM paginator returning pages of type O.
type iamPager[O any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*iam.Options)) (O, error)
}

// iamPages reads every page of p and returns the items taken from each.
func iamPages[O, T any](ctx context.Context, p iamPager[O], items func(O) []T) ([]T, error) {
	var out []T
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, items(page)...)
	}
	return out, nil
}

func iamTags(tags []iamtypes.Tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}

// ---- aws.iam.user ----

// collectIAMUsers emits one aws.iam.user per user: identity and permissions
// from the authorization details (or ListUsers and per-user List* calls),
// then per user, concurrently, its access keys, MFA devices and the
// credential report's password columns.
func collectIAMUsers(ctx context.Context, r *iamRun) error {
	users, detailed := []iamtypes.UserDetail(nil), r.detailsErr == nil
	if detailed {
		users = r.details.users
	} else {
		// The bulk call is refused (or failed past every retry): the List*
		// calls read the same, so no attribute is lost and no gap recorded.
		listed, err := iamPages(ctx, iam.NewListUsersPaginator(r.cl, &iam.ListUsersInput{}),
			func(o *iam.ListUsersOutput) []iamtypes.User { return o.Users })
		if err != nil {
			return fmt.Errorf("no IAM user collected: iam:GetAccountAuthorizationDetails and iam:ListUsers both failed: %w",
				errors.Join(r.detailsErr, err))
		}
		for _, u := range listed {
			users = append(users, iamtypes.UserDetail{Arn: u.Arn, UserId: u.UserId, UserName: u.UserName,
				CreateDate: u.CreateDate, Path: u.Path})
		}
	}
	rep := r.userCredentialReport(ctx)

	var (
		mu      sync.Mutex
		emitErr error
	)
	each(len(users), func(i int) {
		a := r.user(ctx, &users[i], detailed, rep)
		if err := r.s.Emit(a); err != nil {
			mu.Lock()
			if emitErr == nil {
				emitErr = err
			}
			mu.Unlock()
		}
	})
	return emitErr
}

// user builds one user's asset.
func (r *iamRun) user(ctx context.Context, u *iamtypes.UserDetail, detailed bool, rep userReport) *asset.Asset {
	name, arn := aws.ToString(u.UserName), aws.ToString(u.Arn)
	a := r.s.New("aws.iam.user", arn, name)
	o := a.Root
	o.SetString("arn", arn).
		SetString("user_id", aws.ToString(u.UserId)).
		SetTime("create_date", aws.ToTime(u.CreateDate))
	if detailed {
		a.SetTags(iamTags(u.Tags))
		o.SetStrings("groups", sorted(u.GroupList))
		attached := make([]string, 0, len(u.AttachedManagedPolicies))
		for _, p := range u.AttachedManagedPolicies {
			attached = append(attached, aws.ToString(p.PolicyArn))
		}
		o.SetStrings("attached_policy_arns", sorted(attached))
		inline := make([]string, 0, len(u.UserPolicyList))
		for _, p := range u.UserPolicyList {
			inline = append(inline, aws.ToString(p.PolicyName))
		}
		o.SetStrings("inline_policy_names", sorted(inline))
	} else {
		r.listUserPermissions(ctx, a, name, arn)
	}
	rep.fill(r.s, o, u)
	r.userMFA(ctx, o, name, arn)
	r.userAccessKeys(ctx, o, name, arn)
	return a
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	if s == nil {
		s = []string{}
	}
	return s
}

// listUserPermissions reads with per-user calls what the details give: tags,
// groups, attached and inline policies.
func (r *iamRun) listUserPermissions(ctx context.Context, a *asset.Asset, name, arn string) {
	o, s, in := a.Root, r.s, aws.String(name)

	tags, err := iamPages(ctx, iam.NewListUserTagsPaginator(r.cl, &iam.ListUserTagsInput{UserName: in}),
		func(o *iam.ListUserTagsOutput) []iamtypes.Tag { return o.Tags })
	if err != nil {
		s.Gap(opListUserTags, arn, err) // tags are part of the envelope, which has no unknown state
	} else {
		a.SetTags(iamTags(tags))
	}

	groups, err := iamPages(ctx, iam.NewListGroupsForUserPaginator(r.cl, &iam.ListGroupsForUserInput{UserName: in}),
		func(o *iam.ListGroupsForUserOutput) []string {
			names := make([]string, len(o.Groups))
			for i, g := range o.Groups {
				names[i] = aws.ToString(g.GroupName)
			}
			return names
		})
	if err != nil {
		s.Unknown(o, "groups", opListGroupsForUser, arn, err)
	} else {
		o.SetStrings("groups", sorted(groups))
	}

	attached, err := iamPages(ctx, iam.NewListAttachedUserPoliciesPaginator(r.cl, &iam.ListAttachedUserPoliciesInput{UserName: in}),
		func(o *iam.ListAttachedUserPoliciesOutput) []string {
			arns := make([]string, len(o.AttachedPolicies))
			for i, p := range o.AttachedPolicies {
				arns[i] = aws.ToString(p.PolicyArn)
			}
			return arns
		})
	if err != nil {
		s.Unknown(o, "attached_policy_arns", opListAttachedUserPolicies, arn, err)
	} else {
		o.SetStrings("attached_policy_arns", sorted(attached))
	}

	inline, err := iamPages(ctx, iam.NewListUserPoliciesPaginator(r.cl, &iam.ListUserPoliciesInput{UserName: in}),
		func(o *iam.ListUserPoliciesOutput) []string { return o.PolicyNames })
	if err != nil {
		s.Unknown(o, "inline_policy_names", opListUserPolicies, arn, err)
	} else {
		o.SetStrings("inline_policy_names", sorted(inline))
	}
}

// userMFA sets mfa_active: one page of the user's MFA devices (virtual and
// hardware) tells whether there is at least one.
func (r *iamRun) userMFA(ctx context.Context, o *asset.Object, name, arn string) {
	out, err := r.cl.ListMFADevices(ctx, &iam.ListMFADevicesInput{UserName: aws.String(name)})
	if err != nil { // even NoSuchEntity: a user deleted meanwhile is not a user without MFA
		r.s.Unknown(o, "mfa_active", opListMFADevices, arn, err)
		return
	}
	o.SetBool("mfa_active", len(out.MFADevices) > 0)
}

// userAccessKeys lists the user's access keys with when and where each was
// last used. ListAccessKeys returns metadata only: no secret is ever read.
func (r *iamRun) userAccessKeys(ctx context.Context, o *asset.Object, name, arn string) {
	s := r.s
	keys, err := iamPages(ctx, iam.NewListAccessKeysPaginator(r.cl, &iam.ListAccessKeysInput{UserName: aws.String(name)}),
		func(o *iam.ListAccessKeysOutput) []iamtypes.AccessKeyMetadata { return o.AccessKeyMetadata })
	if err != nil {
		s.Unknown(o, "access_keys", opListAccessKeys, arn, err)
		return
	}
	objs := make([]*asset.Object, 0, len(keys))
	for _, k := range keys {
		ko := o.Nested("access_keys").
			SetString("access_key_id", aws.ToString(k.AccessKeyId)).
			SetString("status", string(k.Status)).
			SetTime("create_date", aws.ToTime(k.CreateDate))
		lu, err := r.cl.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: k.AccessKeyId})
		switch {
		case err != nil:
			s.Unknown(ko, "last_used_date", opGetAccessKeyLastUsed, arn, err)
			ko.SetUnknown("last_used_service", Reason(opGetAccessKeyLastUsed, err))
		case lu.AccessKeyLastUsed != nil:
			u := lu.AccessKeyLastUsed
			ko.SetTime("last_used_date", aws.ToTime(u.LastUsedDate)) // nil when never used: absent
			if svc := aws.ToString(u.ServiceName); svc != "" && svc != "N/A" {
				ko.SetString("last_used_service", svc)
			}
		}
		objs = append(objs, ko)
	}
	o.SetObjects("access_keys", objs)
}

// userReport is the credential report as the user part reads it: the rows,
// or the reason the attributes it gives are unknown.
type userReport struct {
	rows   credentialRows
	reason string
}

// reportFields are the user attributes read from the credential report.
var reportFields = []string{"password_enabled", "password_last_used", "password_last_changed"}

// userCredentialReport reads the account's credential report (generated and
// parsed once per account, shared with the account service). A report that
// cannot be read is one gap for the account.
func (r *iamRun) userCredentialReport(ctx context.Context) userReport {
	rows, err := r.s.c.credentialReport(ctx, r.s, r.cl)
	if err != nil {
		op := reportOp(err)
		r.s.Gap(op, r.s.Account, err)
		return userReport{reason: Reason(op, err)}
	}
	return userReport{rows: rows}
}

// reportOp is the credential report operation that failed.
func reportOp(err error) Op {
	var oe *smithy.OperationError
	if errors.As(err, &oe) && oe.Operation() == opGenerateCredentialReport.Name {
		return opGenerateCredentialReport
	}
	return opGetCredentialReport
}

// errNotInReport stands for a user missing from the credential report: AWS
// serves a report up to 4 hours old, which does not know users created (or
// re-created under the same name) since.
var errNotInReport = &smithy.GenericAPIError{Code: "UserNotInReport",
	Message: "the user is not in the IAM credential report (created after it was generated; AWS regenerates it at most every 4 hours)"}

// fill sets the user's password attributes from the report; they are unknown
// — never false — when the report or the user's row is missing.
func (rep userReport) fill(s *Scope, o *asset.Object, u *iamtypes.UserDetail) {
	unknown := func(reason string) {
		for _, f := range reportFields {
			o.SetUnknown(f, reason)
		}
	}
	if rep.rows == nil {
		unknown(rep.reason)
		return
	}
	row, ok := rep.rows[aws.ToString(u.UserName)]
	if ok && u.CreateDate != nil {
		// A row of an earlier user of the same name: creation times differ.
		if t := reportTime(row["user_creation_time"]); !t.IsZero() && t.Sub(u.CreateDate.Truncate(time.Second)).Abs() > time.Second {
			ok = false
		}
	}
	if !ok {
		s.Gap(opGetCredentialReport, aws.ToString(u.Arn), errNotInReport)
		unknown(Reason(opGetCredentialReport, errNotInReport))
		return
	}
	switch v := row["password_enabled"]; v {
	case "true":
		o.SetBool("password_enabled", true)
		o.SetTime("password_last_changed", reportTime(row["password_last_changed"]))
	case "false":
		o.SetBool("password_enabled", false)
	default:
		o.SetUnknown("password_enabled", fmt.Sprintf("the credential report says password_enabled %q", v))
	}
	// "N/A" (never used), "no_information" (not since tracking began in
	// 2014): absent.
	o.SetTime("password_last_used", reportTime(row["password_last_used"]))
}
