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
// The parts: users (with per-user credentials), roles (plus ListRoles for
// the maximum session duration, which the details lack), groups (members
// from the users' group lists), customer-managed policies (default version
// document from the details' version list), the account summary (where
// AWSSupportAccess is attached, from the users', groups' and roles'
// attached policies; ListEntitiesForPolicy without the details), and the
// SAML and OIDC providers and server certificates, which are not in the
// details and make their own calls.
//
// Every part's operations go into iamService.Ops.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
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

	opListRoles                  = Op{"IAM", "ListRoles", "iam:ListRoles"}
	opGetRole                    = Op{"IAM", "GetRole", "iam:GetRole"}
	opListAttachedRolePolicies   = Op{"IAM", "ListAttachedRolePolicies", "iam:ListAttachedRolePolicies"}
	opListRolePolicies           = Op{"IAM", "ListRolePolicies", "iam:ListRolePolicies"}
	opListGroups                 = Op{"IAM", "ListGroups", "iam:ListGroups"}
	opGetGroup                   = Op{"IAM", "GetGroup", "iam:GetGroup"}
	opListAttachedGroupPolicies  = Op{"IAM", "ListAttachedGroupPolicies", "iam:ListAttachedGroupPolicies"}
	opListGroupPolicies          = Op{"IAM", "ListGroupPolicies", "iam:ListGroupPolicies"}
	opListPolicies               = Op{"IAM", "ListPolicies", "iam:ListPolicies"}
	opGetPolicyVersion           = Op{"IAM", "GetPolicyVersion", "iam:GetPolicyVersion"}
	opListEntitiesForPolicy      = Op{"IAM", "ListEntitiesForPolicy", "iam:ListEntitiesForPolicy"}
	opListSAMLProviders          = Op{"IAM", "ListSAMLProviders", "iam:ListSAMLProviders"}
	opListOpenIDConnectProviders = Op{"IAM", "ListOpenIDConnectProviders", "iam:ListOpenIDConnectProviders"}
	opListServerCertificates     = Op{"IAM", "ListServerCertificates", "iam:ListServerCertificates"}
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
		// roles, groups, customer-managed policies
		opListRoles, opGetRole, opListAttachedRolePolicies, opListRolePolicies,
		opListGroups, opGetGroup, opListAttachedGroupPolicies, opListGroupPolicies,
		opListPolicies, opGetPolicyVersion,
		// account summary, federation, certificates
		opListEntitiesForPolicy, opListSAMLProviders, opListOpenIDConnectProviders, opListServerCertificates,
	},
	Collect: collectIAM,
}

// iamEntities are the GetAccountAuthorizationDetails filters of the asset
// types built from the details.
var iamEntities = []iamtypes.EntityType{iamtypes.EntityTypeUser, iamtypes.EntityTypeRole,
	iamtypes.EntityTypeGroup, iamtypes.EntityTypeLocalManagedPolicy}

// iamParts build the service's asset types, concurrently. Each returns an
// error only when none of its assets could be collected.
var iamParts = []func(context.Context, *iamRun) error{
	collectIAMUsers,              // aws.iam.user
	collectIAMRoles,              // aws.iam.role
	collectIAMGroups,             // aws.iam.group
	collectIAMPolicies,           // aws.iam.policy (customer managed)
	collectIAMAccountSummary,     // aws.iam.account_summary
	collectIAMSAMLProviders,      // aws.iam.saml_provider
	collectIAMOIDCProviders,      // aws.iam.oidc_provider
	collectIAMServerCertificates, // aws.iam.server_certificate
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
	users    []iamtypes.UserDetail
	roles    []iamtypes.RoleDetail
	groups   []iamtypes.GroupDetail
	policies []iamtypes.ManagedPolicyDetail
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
		d.roles = append(d.roles, page.RoleDetailList...)
		d.groups = append(d.groups, page.GroupDetailList...)
		d.policies = append(d.policies, page.Policies...)
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
	return tagMap(tags, func(t iamtypes.Tag) (*string, *string) { return t.Key, t.Value })
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
	// The credential report already holds MFA and access key state for every
	// user it knows, so those users cost no further call; only users newer
	// than the report (up to 4 hours old) are read one by one.
	if row, ok := rep.lookup(u); ok && reportHasKeyColumns(row) {
		fillKeysFromReport(o, row)
		return a
	}
	r.userMFA(ctx, o, name, arn)
	r.userAccessKeys(ctx, o, name, arn)
	return a
}

func reportHasKeyColumns(row map[string]string) bool {
	for _, c := range []string{"mfa_active", "access_key_1_active", "access_key_1_last_rotated", "access_key_2_active", "access_key_2_last_rotated"} {
		if _, ok := row[c]; !ok {
			return false
		}
	}
	return true
}

// fillKeysFromReport sets mfa_active and access_keys from the user's
// credential report row. The report names no key ids, so access_key_id is
// absent for keys read this way; a user has at most two keys.
func fillKeysFromReport(o *asset.Object, row map[string]string) {
	o.SetBool("mfa_active", row["mfa_active"] == "true")
	var keys []*asset.Object
	for _, n := range []string{"1", "2"} {
		p := "access_key_" + n + "_"
		created := reportTime(row[p+"last_rotated"])
		if created.IsZero() { // N/A: no such key
			continue
		}
		status := "Inactive"
		if row[p+"active"] == "true" {
			status = "Active"
		}
		ko := o.Nested("access_keys").SetString("status", status).SetTime("create_date", created).
			SetTime("last_used_date", reportTime(row[p+"last_used_date"]))
		if svc := row[p+"last_used_service"]; svc != "" && svc != "N/A" && svc != "not_supported" && svc != "no_information" {
			ko.SetString("last_used_service", svc)
		}
		keys = append(keys, ko)
	}
	o.SetObjects("access_keys", keys)
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
// lookup returns the user's row of the report, if the report has one for
// this very user (not an earlier user of the same name).
func (rep userReport) lookup(u *iamtypes.UserDetail) (map[string]string, bool) {
	if rep.rows == nil {
		return nil, false
	}
	row, ok := rep.rows[aws.ToString(u.UserName)]
	if ok && u.CreateDate != nil {
		// A row of an earlier user of the same name: creation times differ.
		if t := reportTime(row["user_creation_time"]); !t.IsZero() && t.Sub(u.CreateDate.Truncate(time.Second)).Abs() > time.Second {
			ok = false
		}
	}
	return row, ok
}

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
	row, ok := rep.lookup(u)
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

// ---- shared helpers of the identity parts ----

// emitEach builds n assets on the bounded workers (each), emits each as
// soon as it is built, and returns the first emit error.
func emitEach(s *Scope, n int, build func(i int) *asset.Asset) error {
	var (
		mu    sync.Mutex
		first error
	)
	each(n, func(i int) {
		if err := s.Emit(build(i)); err != nil {
			mu.Lock()
			if first == nil {
				first = err
			}
			mu.Unlock()
		}
	})
	return first
}

// emitAll emits every asset and returns the first error.
func emitAll(s *Scope, assets []*asset.Asset) error {
	var first error
	for _, a := range assets {
		if err := s.Emit(a); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// policyDocument decodes a policy document as IAM returns it: URL-encoded
// (RFC 3986) JSON. A document that is not encoded is taken as is.
func policyDocument(doc string) string {
	if dec, err := url.PathUnescape(doc); err == nil {
		return dec
	}
	return doc
}

// setPolicyDoc sets a dyn field from an IAM policy document.
func setPolicyDoc(o *asset.Object, field, doc string) {
	if doc == "" {
		return
	}
	if err := o.SetJSON(field, policyDocument(doc)); err != nil {
		o.SetUnknown(field, "the policy document is not valid JSON")
	}
}

func attachedARNs(ps []iamtypes.AttachedPolicy) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, aws.ToString(p.PolicyArn))
	}
	return sorted(out)
}

func inlineNames(ps []iamtypes.PolicyDetail) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, aws.ToString(p.PolicyName))
	}
	return sorted(out)
}

// listAttached reads, with per-entity calls, the managed policies attached
// to and the inline policies of an entity into o (fallback without details).
func (r *iamRun) listAttached(ctx context.Context, o *asset.Object, arn string,
	attachedOp Op, attached func() ([]iamtypes.AttachedPolicy, error),
	inlineOp Op, inline func() ([]string, error)) {
	if ps, err := attached(); err != nil {
		r.s.Unknown(o, "attached_policy_arns", attachedOp, arn, err)
	} else {
		o.SetStrings("attached_policy_arns", attachedARNs(ps))
	}
	if names, err := inline(); err != nil {
		r.s.Unknown(o, "inline_policy_names", inlineOp, arn, err)
	} else {
		o.SetStrings("inline_policy_names", sorted(names))
	}
}

// ---- aws.iam.role ----

// collectIAMRoles emits one aws.iam.role per role. The details lack the
// maximum session duration, which one ListRoles pass reads for every role.
func collectIAMRoles(ctx context.Context, r *iamRun) error {
	listed, listErr := iamPages(ctx, iam.NewListRolesPaginator(r.cl, &iam.ListRolesInput{}),
		func(o *iam.ListRolesOutput) []iamtypes.Role { return o.Roles })
	maxSession := map[string]int32{}
	for _, l := range listed {
		maxSession[aws.ToString(l.Arn)] = aws.ToInt32(l.MaxSessionDuration)
	}
	if listErr != nil {
		r.s.Gap(opListRoles, r.s.Account, listErr)
	}
	detailed := r.detailsErr == nil
	var roles []iamtypes.RoleDetail
	if detailed {
		roles = r.details.roles
	} else {
		if listErr != nil {
			return fmt.Errorf("no IAM role collected: iam:GetAccountAuthorizationDetails and iam:ListRoles both failed: %w",
				errors.Join(r.detailsErr, listErr))
		}
		for _, l := range listed {
			roles = append(roles, iamtypes.RoleDetail{Arn: l.Arn, RoleId: l.RoleId, RoleName: l.RoleName, Path: l.Path,
				CreateDate: l.CreateDate, AssumeRolePolicyDocument: l.AssumeRolePolicyDocument})
		}
	}
	return emitEach(r.s, len(roles), func(i int) *asset.Asset {
		rd := &roles[i]
		name, arn := aws.ToString(rd.RoleName), aws.ToString(rd.Arn)
		a := r.s.New("aws.iam.role", arn, name)
		o := a.Root
		o.SetString("arn", arn).
			SetString("role_id", aws.ToString(rd.RoleId)).
			SetString("path", aws.ToString(rd.Path)).
			SetTime("create_date", aws.ToTime(rd.CreateDate))
		setPolicyDoc(o, "trust_policy", aws.ToString(rd.AssumeRolePolicyDocument))
		if ms, ok := maxSession[arn]; ok {
			o.SetInt("max_session_duration", int64(ms))
		} else if listErr != nil {
			o.SetUnknown("max_session_duration", Reason(opListRoles, listErr))
		} // else: created after ListRoles ran; absent
		if detailed {
			a.SetTags(iamTags(rd.Tags))
			o.SetStrings("attached_policy_arns", attachedARNs(rd.AttachedManagedPolicies))
			o.SetStrings("inline_policy_names", inlineNames(rd.RolePolicyList))
			setRoleUse(o, rd.PermissionsBoundary, rd.RoleLastUsed)
		} else {
			r.listRole(ctx, a, name, arn)
		}
		return a
	})
}

// setRoleUse sets the role's permissions boundary and last use.
func setRoleUse(o *asset.Object, pb *iamtypes.AttachedPermissionsBoundary, lu *iamtypes.RoleLastUsed) {
	if pb != nil {
		o.SetString("permissions_boundary_arn", aws.ToString(pb.PermissionsBoundaryArn))
	}
	if lu != nil {
		o.SetTime("last_used_date", aws.ToTime(lu.LastUsedDate))
		if reg := aws.ToString(lu.Region); reg != "" {
			o.SetString("last_used_region", reg)
		}
	}
}

// listRole reads with per-role calls what the details give (fallback):
// tags, boundary and last use (GetRole), attached and inline policies.
func (r *iamRun) listRole(ctx context.Context, a *asset.Asset, name, arn string) {
	o, in := a.Root, aws.String(name)
	got, err := r.cl.GetRole(ctx, &iam.GetRoleInput{RoleName: in})
	if err != nil {
		r.s.Unknown(o, "last_used_date", opGetRole, arn, err)
		o.SetUnknown("last_used_region", Reason(opGetRole, err))
		o.SetUnknown("permissions_boundary_arn", Reason(opGetRole, err))
	} else if got.Role != nil {
		a.SetTags(iamTags(got.Role.Tags))
		setRoleUse(o, got.Role.PermissionsBoundary, got.Role.RoleLastUsed)
	}
	r.listAttached(ctx, o, arn,
		opListAttachedRolePolicies, func() ([]iamtypes.AttachedPolicy, error) {
			return iamPages(ctx, iam.NewListAttachedRolePoliciesPaginator(r.cl, &iam.ListAttachedRolePoliciesInput{RoleName: in}),
				func(o *iam.ListAttachedRolePoliciesOutput) []iamtypes.AttachedPolicy { return o.AttachedPolicies })
		},
		opListRolePolicies, func() ([]string, error) {
			return iamPages(ctx, iam.NewListRolePoliciesPaginator(r.cl, &iam.ListRolePoliciesInput{RoleName: in}),
				func(o *iam.ListRolePoliciesOutput) []string { return o.PolicyNames })
		})
}

// ---- aws.iam.group ----

// collectIAMGroups emits one aws.iam.group per group; its members come from
// the users' group lists in the details (GetGroup without them).
func collectIAMGroups(ctx context.Context, r *iamRun) error {
	detailed := r.detailsErr == nil
	var groups []iamtypes.GroupDetail
	members := map[string][]string{}
	if detailed {
		groups = r.details.groups
		for _, u := range r.details.users {
			for _, g := range u.GroupList {
				members[g] = append(members[g], aws.ToString(u.UserName))
			}
		}
	} else {
		listed, err := iamPages(ctx, iam.NewListGroupsPaginator(r.cl, &iam.ListGroupsInput{}),
			func(o *iam.ListGroupsOutput) []iamtypes.Group { return o.Groups })
		if err != nil {
			return fmt.Errorf("no IAM group collected: iam:GetAccountAuthorizationDetails and iam:ListGroups both failed: %w",
				errors.Join(r.detailsErr, err))
		}
		for _, g := range listed {
			groups = append(groups, iamtypes.GroupDetail{Arn: g.Arn, GroupId: g.GroupId, GroupName: g.GroupName,
				Path: g.Path, CreateDate: g.CreateDate})
		}
	}
	return emitEach(r.s, len(groups), func(i int) *asset.Asset {
		g := &groups[i]
		name, arn := aws.ToString(g.GroupName), aws.ToString(g.Arn)
		a := r.s.New("aws.iam.group", arn, name)
		o := a.Root
		o.SetString("arn", arn).
			SetString("group_id", aws.ToString(g.GroupId)).
			SetString("path", aws.ToString(g.Path)).
			SetTime("create_date", aws.ToTime(g.CreateDate))
		if detailed {
			o.SetStrings("attached_policy_arns", attachedARNs(g.AttachedManagedPolicies))
			o.SetStrings("inline_policy_names", inlineNames(g.GroupPolicyList))
			o.SetStrings("members", sorted(members[name]))
			o.SetInt("member_count", int64(len(members[name])))
			return a
		}
		in := aws.String(name)
		users, err := iamPages(ctx, iam.NewGetGroupPaginator(r.cl, &iam.GetGroupInput{GroupName: in}),
			func(o *iam.GetGroupOutput) []string {
				names := make([]string, len(o.Users))
				for i, u := range o.Users {
					names[i] = aws.ToString(u.UserName)
				}
				return names
			})
		if err != nil {
			r.s.Unknown(o, "members", opGetGroup, arn, err)
			o.SetUnknown("member_count", Reason(opGetGroup, err))
		} else {
			o.SetStrings("members", sorted(users))
			o.SetInt("member_count", int64(len(users)))
		}
		r.listAttached(ctx, o, arn,
			opListAttachedGroupPolicies, func() ([]iamtypes.AttachedPolicy, error) {
				return iamPages(ctx, iam.NewListAttachedGroupPoliciesPaginator(r.cl, &iam.ListAttachedGroupPoliciesInput{GroupName: in}),
					func(o *iam.ListAttachedGroupPoliciesOutput) []iamtypes.AttachedPolicy { return o.AttachedPolicies })
			},
			opListGroupPolicies, func() ([]string, error) {
				return iamPages(ctx, iam.NewListGroupPoliciesPaginator(r.cl, &iam.ListGroupPoliciesInput{GroupName: in}),
					func(o *iam.ListGroupPoliciesOutput) []string { return o.PolicyNames })
			})
		return a
	})
}

// ---- aws.iam.policy ----

// collectIAMPolicies emits one aws.iam.policy per customer-managed policy,
// with its default version's document (from the details' version list, or
// GetPolicyVersion without them).
func collectIAMPolicies(ctx context.Context, r *iamRun) error {
	detailed := r.detailsErr == nil
	var policies []iamtypes.ManagedPolicyDetail
	if detailed {
		policies = r.details.policies
	} else {
		listed, err := iamPages(ctx, iam.NewListPoliciesPaginator(r.cl, &iam.ListPoliciesInput{Scope: iamtypes.PolicyScopeTypeLocal}),
			func(o *iam.ListPoliciesOutput) []iamtypes.Policy { return o.Policies })
		if err != nil {
			return fmt.Errorf("no IAM policy collected: iam:GetAccountAuthorizationDetails and iam:ListPolicies both failed: %w",
				errors.Join(r.detailsErr, err))
		}
		for _, p := range listed {
			policies = append(policies, iamtypes.ManagedPolicyDetail{Arn: p.Arn, PolicyId: p.PolicyId, PolicyName: p.PolicyName,
				Path: p.Path, CreateDate: p.CreateDate, UpdateDate: p.UpdateDate, DefaultVersionId: p.DefaultVersionId,
				AttachmentCount: p.AttachmentCount, PermissionsBoundaryUsageCount: p.PermissionsBoundaryUsageCount,
				IsAttachable: p.IsAttachable})
		}
	}
	return emitEach(r.s, len(policies), func(i int) *asset.Asset {
		p := &policies[i]
		name, arn := aws.ToString(p.PolicyName), aws.ToString(p.Arn)
		a := r.s.New("aws.iam.policy", arn, name)
		o := a.Root
		o.SetString("arn", arn).
			SetString("policy_id", aws.ToString(p.PolicyId)).
			SetString("path", aws.ToString(p.Path)).
			SetTime("create_date", aws.ToTime(p.CreateDate)).
			SetTime("update_date", aws.ToTime(p.UpdateDate)).
			SetString("default_version_id", aws.ToString(p.DefaultVersionId)).
			SetInt("attachment_count", int64(aws.ToInt32(p.AttachmentCount))).
			SetInt("permissions_boundary_usage_count", int64(aws.ToInt32(p.PermissionsBoundaryUsageCount))).
			SetBool("is_attachable", p.IsAttachable)
		doc, found := "", false
		for _, v := range p.PolicyVersionList {
			if v.IsDefaultVersion {
				doc, found = aws.ToString(v.Document), true
			}
		}
		if !detailed {
			out, err := r.cl.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: p.Arn, VersionId: p.DefaultVersionId})
			if err != nil {
				r.s.Unknown(o, "document", opGetPolicyVersion, arn, err)
				o.SetUnknown("allows_full_admin", Reason(opGetPolicyVersion, err))
				return a
			}
			if out.PolicyVersion != nil {
				doc, found = aws.ToString(out.PolicyVersion.Document), true
			}
		}
		if !found {
			reason := "the default policy version " + aws.ToString(p.DefaultVersionId) + " was not returned"
			o.SetUnknown("document", reason)
			o.SetUnknown("allows_full_admin", reason)
			return a
		}
		setPolicyDoc(o, "document", doc)
		if admin, err := allowsFullAdmin(policyDocument(doc)); err != nil {
			o.SetUnknown("allows_full_admin", "the policy document is not valid JSON")
		} else {
			o.SetBool("allows_full_admin", admin)
		}
		return a
	})
}

// allowsFullAdmin tells whether a policy document has a statement allowing
// every action ("*", alone or in a list) on every resource ("*").
func allowsFullAdmin(doc string) (bool, error) {
	var d struct {
		Statement json.RawMessage
	}
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return false, err
	}
	for _, st := range policyStatements(d.Statement) {
		if st.Effect == "Allow" && hasStar(st.Action) && hasStar(st.Resource) {
			return true, nil
		}
	}
	return false, nil
}

// policyStatement is the part of an IAM policy statement the checks read.
type policyStatement struct {
	Effect    string
	Principal json.RawMessage
	Action    json.RawMessage
	Resource  json.RawMessage
	Condition map[string]map[string]json.RawMessage
}

// policyStatements returns a policy's statements: Statement is an object or
// a list of objects. Statements that do not parse are skipped.
func policyStatements(raw json.RawMessage) []policyStatement {
	var list []policyStatement
	if err := json.Unmarshal(raw, &list); err == nil {
		return list
	}
	var one policyStatement
	if err := json.Unmarshal(raw, &one); err == nil {
		return []policyStatement{one}
	}
	return nil
}

// stringOrList reads a policy element that is a string or a list of strings.
func stringOrList(raw json.RawMessage) []string {
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		return []string{one}
	}
	var list []string
	_ = json.Unmarshal(raw, &list)
	return list
}

func hasStar(raw json.RawMessage) bool { return slices.Contains(stringOrList(raw), "*") }

// ---- aws.iam.account_summary ----

// collectIAMAccountSummary emits the account's aws.iam.account_summary:
// where AWSSupportAccess is attached, read from the details' attached
// policies, or ListEntitiesForPolicy without them.
func collectIAMAccountSummary(ctx context.Context, r *iamRun) error {
	s := r.s
	id := s.ARN("iam", "account-summary")
	a := s.New("aws.iam.account_summary", id, s.Account)
	o := a.Root
	supportARN := "arn:" + s.Partition + ":iam::aws:policy/AWSSupportAccess"
	var roles, users, groups []string
	if r.detailsErr == nil {
		has := func(ps []iamtypes.AttachedPolicy) bool {
			return slices.ContainsFunc(ps, func(p iamtypes.AttachedPolicy) bool { return aws.ToString(p.PolicyArn) == supportARN })
		}
		for _, x := range r.details.roles {
			if has(x.AttachedManagedPolicies) {
				roles = append(roles, aws.ToString(x.RoleName))
			}
		}
		for _, x := range r.details.users {
			if has(x.AttachedManagedPolicies) {
				users = append(users, aws.ToString(x.UserName))
			}
		}
		for _, x := range r.details.groups {
			if has(x.AttachedManagedPolicies) {
				groups = append(groups, aws.ToString(x.GroupName))
			}
		}
	} else {
		p := iam.NewListEntitiesForPolicyPaginator(r.cl, &iam.ListEntitiesForPolicyInput{PolicyArn: aws.String(supportARN)})
		var err error
		for p.HasMorePages() && err == nil {
			var page *iam.ListEntitiesForPolicyOutput
			if page, err = p.NextPage(ctx); err == nil {
				for _, x := range page.PolicyRoles {
					roles = append(roles, aws.ToString(x.RoleName))
				}
				for _, x := range page.PolicyUsers {
					users = append(users, aws.ToString(x.UserName))
				}
				for _, x := range page.PolicyGroups {
					groups = append(groups, aws.ToString(x.GroupName))
				}
			}
		}
		if k, _ := Classify(err); err != nil && k != KindNotFound {
			s.Unknown(o, "support_policy_attached", opListEntitiesForPolicy, supportARN, err)
			for _, f := range []string{"support_policy_roles", "support_policy_users", "support_policy_groups"} {
				o.SetUnknown(f, Reason(opListEntitiesForPolicy, err))
			}
			return s.Emit(a)
		} // NoSuchEntity: the policy does not exist in the partition, so it is attached nowhere
	}
	o.SetBool("support_policy_attached", len(roles)+len(users)+len(groups) > 0).
		SetStrings("support_policy_roles", sorted(roles)).
		SetStrings("support_policy_users", sorted(users)).
		SetStrings("support_policy_groups", sorted(groups))
	return s.Emit(a)
}

// ---- federation and certificates ----

// collectIAMSAMLProviders emits one aws.iam.saml_provider per SAML provider.
func collectIAMSAMLProviders(ctx context.Context, r *iamRun) error {
	out, err := r.cl.ListSAMLProviders(ctx, &iam.ListSAMLProvidersInput{})
	if err != nil {
		r.s.Gap(opListSAMLProviders, r.s.Account, err) // a gap naming the action; the listing is all there is
		return nil
	}
	var assets []*asset.Asset
	for _, p := range out.SAMLProviderList {
		arn := aws.ToString(p.Arn)
		_, name, _ := strings.Cut(arn, ":saml-provider/")
		a := r.s.New("aws.iam.saml_provider", arn, name)
		a.Root.SetString("arn", arn).
			SetTime("create_date", aws.ToTime(p.CreateDate)).
			SetTime("valid_until", aws.ToTime(p.ValidUntil))
		assets = append(assets, a)
	}
	return emitAll(r.s, assets)
}

// collectIAMOIDCProviders emits one aws.iam.oidc_provider per OIDC provider.
func collectIAMOIDCProviders(ctx context.Context, r *iamRun) error {
	out, err := r.cl.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{})
	if err != nil {
		r.s.Gap(opListOpenIDConnectProviders, r.s.Account, err) // a gap naming the action; the listing is all there is
		return nil
	}
	var assets []*asset.Asset
	for _, p := range out.OpenIDConnectProviderList {
		arn := aws.ToString(p.Arn)
		_, u, _ := strings.Cut(arn, ":oidc-provider/")
		a := r.s.New("aws.iam.oidc_provider", arn, u)
		a.Root.SetString("arn", arn).SetString("url", u)
		assets = append(assets, a)
	}
	return emitAll(r.s, assets)
}

// collectIAMServerCertificates emits one aws.iam.server_certificate per
// certificate: metadata only.
func collectIAMServerCertificates(ctx context.Context, r *iamRun) error {
	certs, err := iamPages(ctx, iam.NewListServerCertificatesPaginator(r.cl, &iam.ListServerCertificatesInput{}),
		func(o *iam.ListServerCertificatesOutput) []iamtypes.ServerCertificateMetadata {
			return o.ServerCertificateMetadataList
		})
	if err != nil {
		r.s.Gap(opListServerCertificates, r.s.Account, err) // a gap naming the action; the listing is all there is
		return nil
	}
	var assets []*asset.Asset
	for _, c := range certs {
		arn := aws.ToString(c.Arn)
		a := r.s.New("aws.iam.server_certificate", arn, aws.ToString(c.ServerCertificateName))
		a.Root.SetString("arn", arn).
			SetString("server_certificate_id", aws.ToString(c.ServerCertificateId)).
			SetString("path", aws.ToString(c.Path)).
			SetTime("upload_date", aws.ToTime(c.UploadDate)).
			SetTime("expiration", aws.ToTime(c.Expiration))
		assets = append(assets, a)
	}
	return emitAll(r.s, assets)
}
