package aws_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"cloudward/asset"
	cwaws "cloudward/collect/aws"
	"cloudward/internal/testenv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go/middleware"
)

// iamAccountSeq numbers the accounts the IAM tests collect.
var iamAccountSeq atomic.Int64

// newIAMAccount returns an account id no other collection of this test
// binary used. The credential report is cached per collector and account
// under the collector's address (account.go), and a collector can be
// allocated where a finished one was: in a shared account, a test could read
// the report another test fetched.
func newIAMAccount() string {
	return fmt.Sprintf("9%05d%06d", time.Now().UnixNano()/1e3%1e5, iamAccountSeq.Add(1))
}

// collectIAM collects the iam service of account in moto.
func collectIAM(t *testing.T, m *testenv.Moto, account string, apiOptions ...func(*middleware.Stack) error) *memSink {
	t.Helper()
	return collect(t, m, cwaws.Options{Regions: []string{"us-east-1"}, Services: []string{"iam"},
		APIOptions: append([]func(*middleware.Stack) error{testenv.AccountHeader(account)}, apiOptions...)})
}

// iamFixture is what seedIAM created.
type iamFixture struct {
	keyIDs      []string // svc-deploy's keys: the first active, the second inactive
	secrets     []string
	carolPolicy string // managed policy attached to carol
	groupPolicy string // managed policy attached to carol's group, not to her
}

// seedIAM creates, in account:
//   - alice: console password, no MFA, tagged;
//   - bob: console password and an enabled virtual MFA device;
//   - svc-deploy: no password, two access keys, the second inactive;
//   - carol: in group developers (which has its own policy), with a managed
//     policy attached and an inline policy.
func seedIAM(t *testing.T, m *testenv.Moto, account string) iamFixture {
	t.Helper()
	ctx := context.Background()
	cl := iam.NewFromConfig(m.Config(t, "us-east-1", account))
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var fx iamFixture
	doc := aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)

	must(cl.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("alice"),
		Tags: []iamtypes.Tag{{Key: aws.String("team"), Value: aws.String("web")}}}))
	must(cl.CreateLoginProfile(ctx, &iam.CreateLoginProfileInput{UserName: aws.String("alice"), Password: aws.String("Sup3r-secret!")}))

	must(cl.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("bob")}))
	must(cl.CreateLoginProfile(ctx, &iam.CreateLoginProfileInput{UserName: aws.String("bob"), Password: aws.String("An0ther-secret!")}))
	dev, err := cl.CreateVirtualMFADevice(ctx, &iam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String("bob")})
	if err != nil {
		t.Fatal(err)
	}
	must(cl.EnableMFADevice(ctx, &iam.EnableMFADeviceInput{UserName: aws.String("bob"),
		SerialNumber: dev.VirtualMFADevice.SerialNumber, AuthenticationCode1: aws.String("123456"), AuthenticationCode2: aws.String("654321")}))

	must(cl.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("svc-deploy")}))
	for range 2 {
		k, err := cl.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("svc-deploy")})
		if err != nil {
			t.Fatal(err)
		}
		fx.keyIDs = append(fx.keyIDs, aws.ToString(k.AccessKey.AccessKeyId))
		fx.secrets = append(fx.secrets, aws.ToString(k.AccessKey.SecretAccessKey))
	}
	must(cl.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{UserName: aws.String("svc-deploy"),
		AccessKeyId: aws.String(fx.keyIDs[1]), Status: iamtypes.StatusTypeInactive}))

	must(cl.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("carol")}))
	must(cl.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("developers")}))
	must(cl.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("developers"), UserName: aws.String("carol")}))
	p, err := cl.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("carol-extras"), PolicyDocument: doc})
	if err != nil {
		t.Fatal(err)
	}
	fx.carolPolicy = aws.ToString(p.Policy.Arn)
	must(cl.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: aws.String("carol"), PolicyArn: p.Policy.Arn}))
	must(cl.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("carol"), PolicyName: aws.String("inline-s3"), PolicyDocument: doc}))
	gp, err := cl.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("developers-policy"), PolicyDocument: doc})
	if err != nil {
		t.Fatal(err)
	}
	fx.groupPolicy = aws.ToString(gp.Policy.Arn)
	must(cl.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: aws.String("developers"), PolicyArn: gp.Policy.Arn}))
	return fx
}

func iamUser(t *testing.T, sink *memSink, name string) *asset.Asset {
	t.Helper()
	var account string
	for _, a := range sink.assets {
		account = a.Account
	}
	a := sink.get(t, "aws.iam.user", account, "arn:aws:iam::"+account+":user/"+name)
	if a.Region != "global" || a.Name != name {
		t.Errorf("%s: region %q name %q, want global and the user name", name, a.Region, a.Name)
	}
	return a
}

func wantFields(t *testing.T, a *asset.Asset, want map[string]any) {
	t.Helper()
	for path, w := range want {
		got := field(t, a, path)
		if gl, ok := got.([]any); ok {
			if wl, ok := w.([]string); ok {
				var gs []string
				for _, x := range gl {
					gs = append(gs, x.(string))
				}
				if !slices.Equal(gs, wl) {
					t.Errorf("%s %s = %v, want %v", a.Name, path, gs, wl)
				}
				continue
			}
		}
		if got != w {
			t.Errorf("%s %s = %#v, want %#v", a.Name, path, got, w)
		}
	}
}

// checkAccessKeys checks svc-deploy's keys: ids, statuses, creation dates,
// never used — and no secret anywhere in the asset.
func checkAccessKeys(t *testing.T, a *asset.Asset, fx iamFixture) {
	t.Helper()
	keys, _ := field(t, a, "access_keys").([]any)
	if len(keys) != 2 {
		t.Fatalf("access_keys = %v, want 2 keys", field(t, a, "access_keys"))
	}
	status := map[string]string{}
	var statuses []string
	for _, k := range keys {
		km := k.(map[string]any)
		statuses = append(statuses, km["status"].(string))
		if id, ok := km["access_key_id"].(string); ok {
			status[id] = km["status"].(string)
		}
		if km["create_date"] == nil {
			t.Errorf("key %v has no create_date", km["access_key_id"])
		}
		if _, ok := km["last_used_date"]; ok {
			t.Errorf("key %v was never used but has last_used_date %v", km["access_key_id"], km["last_used_date"])
		}
		if _, ok := km["last_used_service"]; ok {
			t.Errorf("key %v was never used but has last_used_service %v (N/A must be dropped)", km["access_key_id"], km["last_used_service"])
		}
	}
	switch {
	case len(status) == 0: // read from the credential report, which names no ids
		slices.Sort(statuses)
		if !slices.Equal(statuses, []string{"Active", "Inactive"}) {
			t.Errorf("key statuses %v, want one Active and one Inactive", statuses)
		}
	case status[fx.keyIDs[0]] != "Active" || status[fx.keyIDs[1]] != "Inactive":
		t.Errorf("key statuses %v, want %s Active and %s Inactive", status, fx.keyIDs[0], fx.keyIDs[1])
	}
	js, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range fx.secrets {
		if strings.Contains(string(js), secret) {
			t.Fatal("a secret access key is in the asset")
		}
	}
}

// checkCarol checks what the authorization details (or the List* fallback)
// give: groups, directly attached and inline policies — not the group's.
func checkCarol(t *testing.T, sink *memSink, fx iamFixture) {
	t.Helper()
	carol := iamUser(t, sink, "carol")
	wantFields(t, carol, map[string]any{
		"groups":               []string{"developers"},
		"attached_policy_arns": []string{fx.carolPolicy},
		"inline_policy_names":  []string{"inline-s3"},
		"mfa_active":           false,
	})
	if got := field(t, carol, "attached_policy_arns"); slices.Contains(got.([]any), any(fx.groupPolicy)) {
		t.Errorf("the group's policy is listed as attached to the user: %v", got)
	}
	alice := iamUser(t, sink, "alice")
	if alice.Tags["team"] != "web" {
		t.Errorf("alice's tags = %v, want team=web", alice.Tags)
	}
}

func TestIAMUsers(t *testing.T) {
	m := testenv.StartMoto(t)
	account := newIAMAccount()
	fx := seedIAM(t, m, account)
	sink := collectIAM(t, m, account)

	if n := countType(sink, "aws.iam.user"); n != 4 {
		t.Errorf("%d assets, want the 4 users", n)
	}
	alice := iamUser(t, sink, "alice")
	wantFields(t, alice, map[string]any{
		"arn":                  "arn:aws:iam::" + account + ":user/alice",
		"password_enabled":     true,
		"mfa_active":           false,
		"groups":               []string{},
		"attached_policy_arns": []string{},
		"inline_policy_names":  []string{},
		// moto never records a console sign-in: "no_information" reads as never.
		"password_last_used": nil,
	})
	if id, _ := field(t, alice, "user_id").(string); id == "" {
		t.Error("alice has no user_id")
	}
	if field(t, alice, "create_date") == nil || field(t, alice, "password_last_changed") == nil {
		t.Error("alice's create_date and password_last_changed should be set")
	}
	if keys := field(t, alice, "access_keys"); keys == nil || len(keys.([]any)) != 0 {
		t.Errorf("alice access_keys = %v, want a known empty list", keys)
	}

	bob := iamUser(t, sink, "bob")
	wantFields(t, bob, map[string]any{"password_enabled": true, "mfa_active": true})

	svc := iamUser(t, sink, "svc-deploy")
	wantFields(t, svc, map[string]any{
		"password_enabled":      false,
		"password_last_changed": nil, // no password: absent (moto reports the creation date)
		"mfa_active":            false,
	})
	checkAccessKeys(t, svc, fx)
	checkCarol(t, sink, fx)
	wantFields(t, iamUser(t, sink, "carol"), map[string]any{"password_enabled": false})

	for _, g := range sink.gaps {
		t.Errorf("unexpected gap: %+v", g)
	}
}

func TestIAMCredentialReportDeniedIsUnknown(t *testing.T) {
	m := testenv.StartMoto(t)
	account := newIAMAccount()
	fx := seedIAM(t, m, account)
	sink := collectIAM(t, m, account, denyOp("GetCredentialReport"))

	const reason = "unknown: AccessDenied: iam:GetCredentialReport"
	for _, name := range []string{"alice", "bob", "svc-deploy", "carol"} {
		a := iamUser(t, sink, name)
		for _, f := range []string{"password_enabled", "password_last_used", "password_last_changed"} {
			if got := field(t, a, f); got != reason {
				t.Errorf("%s %s = %v, want %q", name, f, got, reason)
			}
		}
	}
	// Everything else is still collected.
	wantFields(t, iamUser(t, sink, "bob"), map[string]any{"mfa_active": true})
	wantFields(t, iamUser(t, sink, "alice"), map[string]any{"mfa_active": false})
	checkAccessKeys(t, iamUser(t, sink, "svc-deploy"), fx)
	checkCarol(t, sink, fx)

	var found int
	for _, g := range sink.gaps {
		if g.API == "iam:GetCredentialReport" && g.Code == "AccessDenied" && g.Service == "iam" && g.Region == "global" {
			found++
		} else {
			t.Errorf("unexpected gap: %+v", g)
		}
	}
	if found != 1 {
		t.Fatalf("want one gap for the credential report, got %d: %+v", found, sink.gaps)
	}
}

func TestIAMFallsBackWithoutAuthorizationDetails(t *testing.T) {
	m := testenv.StartMoto(t)
	account := newIAMAccount()
	fx := seedIAM(t, m, account)
	sink := collectIAM(t, m, account, denyOp("GetAccountAuthorizationDetails"))

	if n := countType(sink, "aws.iam.user"); n != 4 {
		t.Errorf("%d assets, want the 4 users", n)
	}
	checkCarol(t, sink, fx)
	checkAccessKeys(t, iamUser(t, sink, "svc-deploy"), fx)
	wantFields(t, iamUser(t, sink, "bob"), map[string]any{"password_enabled": true, "mfa_active": true})
	for _, g := range sink.gaps {
		t.Errorf("the List* calls read everything, yet a gap: %+v", g)
	}
	calls := cwaws.CallCounts()
	for _, op := range []string{"iam:ListUsers", "iam:ListGroupsForUser", "iam:ListAttachedUserPolicies", "iam:ListUserPolicies", "iam:ListUserTags"} {
		if calls[op] == 0 {
			t.Errorf("%s was not called", op)
		}
	}
}

func TestIAMUserCallFailuresAreUnknown(t *testing.T) {
	m := testenv.StartMoto(t)
	account := newIAMAccount()
	seedIAM(t, m, account)
	// Users the credential report knows cost no per-user call; deny the
	// report too so the per-user calls are made (as for users newer than it).
	sink := collectIAM(t, m, account, denyOp("GetCredentialReport"), denyOp("ListMFADevices"), denyOp("GetAccessKeyLastUsed"))

	for _, name := range []string{"alice", "bob"} {
		if got := field(t, iamUser(t, sink, name), "mfa_active"); got != "unknown: AccessDenied: iam:ListMFADevices" {
			t.Errorf("%s mfa_active = %v, want unknown with the reason", name, got)
		}
	}
	keys, _ := field(t, iamUser(t, sink, "svc-deploy"), "access_keys").([]any)
	if len(keys) != 2 {
		t.Fatalf("access keys are still listed: %v", keys)
	}
	for _, k := range keys {
		km := k.(map[string]any)
		if km["status"] == nil || km["access_key_id"] == nil {
			t.Errorf("key metadata missing: %v", km)
		}
		lu, _ := km["last_used_date"].(map[string]any)
		if lu[asset.UnknownKey] != "AccessDenied: iam:GetAccessKeyLastUsed" {
			t.Errorf("last_used_date = %v, want unknown with the reason", km["last_used_date"])
		}
	}
}

func TestIAMPolicyHasEveryIAMAction(t *testing.T) {
	b, err := cwaws.Policy([]string{"iam"})
	if err != nil {
		t.Fatal(err)
	}
	for _, action := range []string{"iam:GetAccountAuthorizationDetails", "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed",
		"iam:ListMFADevices", "iam:ListUsers", "iam:GenerateCredentialReport", "iam:GetCredentialReport"} {
		if !strings.Contains(string(b), `"`+action+`"`) {
			t.Errorf("the iam policy lacks %s:\n%s", action, b)
		}
	}
}

// TestIAMUsersKnownToTheReportCostNoPerUserCall: MFA and access key state
// come from the credential report for the users it knows.
func TestIAMUsersKnownToTheReportCostNoPerUserCall(t *testing.T) {
	m := testenv.StartMoto(t)
	account := newIAMAccount()
	seedIAM(t, m, account)
	before := cwaws.CallCounts()
	sink := collectIAM(t, m, account)
	after := cwaws.CallCounts()
	if after["iam:GetAccountAuthorizationDetails"] == before["iam:GetAccountAuthorizationDetails"] {
		t.Fatal("call counting does not see the bulk call; the checks below would prove nothing")
	}
	for _, op := range []string{"iam:ListMFADevices", "iam:GetAccessKeyLastUsed", "iam:ListAccessKeys"} {
		if n := after[op] - before[op]; n != 0 {
			t.Errorf("%s called %d times; the credential report already holds what it reads", op, n)
		}
	}
	if got := field(t, iamUser(t, sink, "bob"), "mfa_active"); got != true {
		t.Errorf("bob mfa_active = %v, want true from the report", got)
	}
}
