package aws_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"cloudward/asset"
	cwaws "cloudward/collect/aws"
	"cloudward/internal/testenv"
	"cloudward/scan"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmw "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsaccount "github.com/aws/aws-sdk-go-v2/service/account"
	accounttypes "github.com/aws/aws-sdk-go-v2/service/account/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

const trustLambda = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// identityFixture is what seedIdentity created.
type identityFixture struct {
	account                 string
	adminPolicy, listPolicy string // allow everything: "Action": "*" and "Action": ["s3:*", "*"]
	narrowPolicy            string
	samlARN, oidcARN        string
}

// seedIdentity creates, in a fresh account:
//   - role app-role (trusted by Lambda, max session 2h) with the narrow
//     policy attached and an inline policy;
//   - role support-role with AWSSupportAccess attached;
//   - group admins (dave and erin) with the admin policy attached;
//   - customer policies full-admin, admin-in-list and s3-read (narrow), the
//     admin one with a second, narrow, non-default version;
//   - a SAML and an OIDC provider.
func seedIdentity(t *testing.T, m *testenv.Moto) identityFixture {
	t.Helper()
	ctx := context.Background()
	fx := identityFixture{account: newIAMAccount()}
	cl := iam.NewFromConfig(m.Config(t, "us-east-1", fx.account))
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	policy := func(name, doc string) string {
		t.Helper()
		p, err := cl.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String(name), PolicyDocument: aws.String(doc)})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(p.Policy.Arn)
	}
	fx.adminPolicy = policy("full-admin", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`)
	fx.listPolicy = policy("admin-in-list", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"},{"Effect":"Allow","Action":["s3:*","*"],"Resource":["*"]}]}`)
	fx.narrowPolicy = policy("s3-read", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::one-bucket"}]}`)
	// A narrow second version that is not the default: the default one is judged.
	must(cl.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: aws.String(fx.adminPolicy), SetAsDefault: false,
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}}`)}))

	must(cl.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("app-role"), AssumeRolePolicyDocument: aws.String(trustLambda),
		MaxSessionDuration: aws.Int32(7200)}))
	must(cl.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("app-role"), PolicyArn: aws.String(fx.narrowPolicy)}))
	must(cl.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("app-role"), PolicyName: aws.String("logs"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}`)}))
	must(cl.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("support-role"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + fx.account + `:root"},"Action":"sts:AssumeRole"}]}`)}))
	must(cl.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("support-role"),
		PolicyArn: aws.String("arn:aws:iam::aws:policy/AWSSupportAccess")}))

	must(cl.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("admins")}))
	must(cl.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: aws.String("admins"), PolicyArn: aws.String(fx.adminPolicy)}))
	for _, u := range []string{"dave", "erin"} {
		must(cl.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(u)}))
		must(cl.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("admins"), UserName: aws.String(u)}))
	}

	saml, err := cl.CreateSAMLProvider(ctx, &iam.CreateSAMLProviderInput{Name: aws.String("corp-idp"),
		SAMLMetadataDocument: aws.String(strings.Repeat("x", 1000))})
	if err != nil {
		t.Fatal(err)
	}
	fx.samlARN = aws.ToString(saml.SAMLProviderArn)
	oidc, err := cl.CreateOpenIDConnectProvider(ctx, &iam.CreateOpenIDConnectProviderInput{
		Url: aws.String("https://token.actions.githubusercontent.com"), ClientIDList: []string{"sts.amazonaws.com"},
		ThumbprintList: []string{strings.Repeat("a", 40)}})
	if err != nil {
		t.Fatal(err)
	}
	fx.oidcARN = aws.ToString(oidc.OpenIDConnectProviderArn)
	return fx
}

// managedMoto is a second moto server, started with
// MOTO_IAM_LOAD_MANAGED_POLICIES=true so that AWS managed policies
// (AWSSupportAccess, …) exist and can be attached. moto reads that setting
// only from its environment at start (its /moto-api/config ignores "iam"),
// and loading the policies slows down every account it creates, so the
// shared server keeps its default.
var (
	managedOnce sync.Once
	managedURL  string
	managedErr  error
)

func motoWithManagedPolicies(t *testing.T) *testenv.Moto {
	t.Helper()
	testenv.StartMoto(t) // skips (or fails under CI) when moto is missing
	managedOnce.Do(func() { managedURL, managedErr = startManagedMoto() })
	if managedErr != nil {
		t.Fatalf("starting moto with managed policies: %v", managedErr)
	}
	m := &testenv.Moto{URL: managedURL}
	m.Reset(t)
	return m
}

func startManagedMoto() (string, error) {
	bin := os.Getenv("CLOUDWARD_MOTO_SERVER")
	if bin == "" {
		if p, err := filepath.Abs("../../.cache/venv/bin/moto_server"); err == nil {
			if _, err := os.Stat(p); err == nil {
				bin = p
			}
		}
	}
	if bin == "" {
		p, err := exec.LookPath("moto_server")
		if err != nil {
			return "", err
		}
		bin = p
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.Env = append(os.Environ(), "MOTO_IAM_LOAD_MANAGED_POLICIES=true")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // dies with the test binary
	if err := cmd.Start(); err != nil {
		return "", err
	}
	u := fmt.Sprintf("http://127.0.0.1:%d", port)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get(u + "/moto-api/"); err == nil {
			resp.Body.Close()
			return u, nil
		}
	}
	cmd.Process.Kill()
	return "", fmt.Errorf("moto_server did not answer on %s within 30s", u)
}

// checkIdentity checks what seedIdentity created, whichever way it was read.
func checkIdentity(t *testing.T, sink *memSink, fx identityFixture) {
	t.Helper()
	acct := fx.account
	arn := func(kind, name string) string { return "arn:aws:iam::" + acct + ":" + kind + "/" + name }

	app := sink.get(t, "aws.iam.role", acct, arn("role", "app-role"))
	if app.Name != "app-role" || app.Region != "global" {
		t.Errorf("app-role name %q region %q", app.Name, app.Region)
	}
	wantFields(t, app, map[string]any{
		"arn":                  arn("role", "app-role"),
		"attached_policy_arns": []string{fx.narrowPolicy},
		"inline_policy_names":  []string{"logs"},
		"max_session_duration": int64(7200),
		"path":                 "/",
	})
	trust, _ := field(t, app, "trust_policy").(map[string]any)
	if st, _ := trust["Statement"].([]any); len(st) != 1 ||
		st[0].(map[string]any)["Principal"].(map[string]any)["Service"] != "lambda.amazonaws.com" {
		t.Errorf("trust_policy = %v, want the decoded trust document", field(t, app, "trust_policy"))
	}
	wantFields(t, sink.get(t, "aws.iam.role", acct, arn("role", "support-role")), map[string]any{
		"attached_policy_arns": []string{"arn:aws:iam::aws:policy/AWSSupportAccess"},
		"inline_policy_names":  []string{},
		"max_session_duration": int64(3600),
	})

	wantFields(t, sink.get(t, "aws.iam.group", acct, arn("group", "admins")), map[string]any{
		"attached_policy_arns": []string{fx.adminPolicy},
		"inline_policy_names":  []string{},
		"members":              []string{"dave", "erin"},
		"member_count":         int64(2),
	})

	for p, want := range map[string]map[string]any{
		fx.adminPolicy:  {"allows_full_admin": true, "attachment_count": int64(1), "is_attachable": true, "default_version_id": "v1"},
		fx.listPolicy:   {"allows_full_admin": true, "attachment_count": int64(0)},
		fx.narrowPolicy: {"allows_full_admin": false, "attachment_count": int64(1)},
	} {
		wantFields(t, sink.get(t, "aws.iam.policy", acct, p), want)
	}
	doc, _ := field(t, sink.get(t, "aws.iam.policy", acct, fx.adminPolicy), "document").(map[string]any)
	if st, _ := doc["Statement"].(map[string]any); st["Action"] != "*" {
		t.Errorf("full-admin document = %v, want the default version's", doc)
	}
	for _, a := range sink.assets {
		if a.Type == "aws.iam.policy" && strings.Contains(a.ID, ":aws:policy/") {
			t.Errorf("an AWS managed policy was collected: %s", a.ID)
		}
	}

	sum := sink.get(t, "aws.iam.account_summary", acct, "arn:aws:iam::"+acct+":account-summary")
	wantFields(t, sum, map[string]any{
		"support_policy_attached": true,
		"support_policy_roles":    []string{"support-role"},
		"support_policy_users":    []string{},
		"support_policy_groups":   []string{},
	})

	wantFields(t, sink.get(t, "aws.iam.saml_provider", acct, fx.samlARN), map[string]any{"arn": fx.samlARN})
	if a := sink.get(t, "aws.iam.saml_provider", acct, fx.samlARN); a.Name != "corp-idp" {
		t.Errorf("SAML provider name %q", a.Name)
	}
	wantFields(t, sink.get(t, "aws.iam.oidc_provider", acct, fx.oidcARN), map[string]any{"url": "token.actions.githubusercontent.com"})
}

func TestIdentityIAMRolesGroupsPolicies(t *testing.T) {
	m := motoWithManagedPolicies(t)
	fx := seedIdentity(t, m)
	sink := collectIAM(t, m, fx.account)
	checkIdentity(t, sink, fx)
	for _, g := range sink.gaps {
		t.Errorf("unexpected gap: %+v", g)
	}
}

// Without the bulk call, the List*/Get* calls read the same.
func TestIdentityIAMWithoutAuthorizationDetails(t *testing.T) {
	m := motoWithManagedPolicies(t)
	fx := seedIdentity(t, m)
	sink := collectIAM(t, m, fx.account, denyOp("GetAccountAuthorizationDetails"))
	checkIdentity(t, sink, fx)
	for _, g := range sink.gaps {
		t.Errorf("unexpected gap: %+v", g)
	}
	calls := cwaws.CallCounts()
	for _, op := range []string{"iam:ListEntitiesForPolicy", "iam:GetPolicyVersion", "iam:GetGroup", "iam:GetRole",
		"iam:ListAttachedRolePolicies", "iam:ListGroupPolicies"} {
		if calls[op] == 0 {
			t.Errorf("%s was not called", op)
		}
	}
}

// A failed read is unknown with a gap, never a default.
func TestIdentityIAMFailuresAreUnknown(t *testing.T) {
	m := motoWithManagedPolicies(t)
	fx := seedIdentity(t, m)
	sink := collectIAM(t, m, fx.account, denyOp("GetAccountAuthorizationDetails"),
		denyOp("ListEntitiesForPolicy"), denyOp("GetPolicyVersion"), denyOp("ListRoles"), denyOp("ListSAMLProviders"))
	// No role can be listed at all: none is emitted, and a gap says so.
	for _, a := range sink.assets {
		if a.Type == "aws.iam.role" {
			t.Errorf("role %s emitted though no call could list it", a.ID)
		}
	}
	sum := sink.get(t, "aws.iam.account_summary", fx.account, "arn:aws:iam::"+fx.account+":account-summary")
	if got := field(t, sum, "support_policy_attached"); got != "unknown: AccessDenied: iam:ListEntitiesForPolicy" {
		t.Errorf("support_policy_attached = %v, want unknown", got)
	}
	admin := sink.get(t, "aws.iam.policy", fx.account, fx.adminPolicy)
	wantFields(t, admin, map[string]any{
		"allows_full_admin": "unknown: AccessDenied: iam:GetPolicyVersion",
		"document":          "unknown: AccessDenied: iam:GetPolicyVersion",
		"attachment_count":  int64(1),
	})
	want := map[string]bool{"iam:ListEntitiesForPolicy": false, "iam:GetPolicyVersion": false, "iam:ListRoles": false, "iam:ListSAMLProviders": false}
	for _, g := range sink.gaps {
		if _, ok := want[g.API]; ok {
			want[g.API] = true
		}
	}
	for api, found := range want {
		if !found {
			t.Errorf("no gap for %s: %+v", api, sink.gaps)
		}
	}
}

// ---- Lambda ----

// tinyZip is a deployment package with one handler file.
func tinyZip(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	w, err := z.Create("index.py")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(w, "def handler(event, context):\n    return 'ok'\n")
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// motoFunctionURLs stands in for lambda ListFunctionUrlConfigs, which moto
// lacks: it asks moto's GetFunctionUrlConfig (the unqualified function's URL)
// and wraps the answer in a list; moto's 404 (no URL) becomes an empty list.
func motoFunctionURLs(s *middleware.Stack) error {
	return s.Deserialize.Add(middleware.DeserializeMiddlewareFunc("moto-list-function-urls",
		func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
			if awsmw.GetOperationName(ctx) != "ListFunctionUrlConfigs" {
				return next.HandleDeserialize(ctx, in)
			}
			req := in.Request.(*smithyhttp.Request)
			req.URL.Path = strings.TrimSuffix(req.URL.Path, "/urls") + "/url"
			req.URL.RawPath = ""
			out, md, err := next.HandleDeserialize(ctx, in)
			if err != nil {
				return out, md, err
			}
			resp := out.RawResponse.(*smithyhttp.Response)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			list := `{"FunctionUrlConfigs":[]}`
			if resp.StatusCode < 300 {
				list = `{"FunctionUrlConfigs":[` + string(body) + `]}`
			}
			resp.StatusCode = 200
			resp.Body = io.NopCloser(strings.NewReader(list))
			return out, md, nil
		}), middleware.After)
}

// seedLambda creates in account, us-east-1: public-fn (resource policy
// allowing Principal "*", a function URL with auth NONE), private-fn (no
// policy, no URL) and s3-fn (invokable by S3 from one account only).
func seedLambda(t *testing.T, m *testenv.Moto, account string) {
	t.Helper()
	ctx := context.Background()
	cfg := m.Config(t, "us-east-1", account)
	role, err := iam.NewFromConfig(cfg).CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("fn-exec"),
		AssumeRolePolicyDocument: aws.String(trustLambda)})
	if err != nil {
		t.Fatal(err)
	}
	cl := lambda.NewFromConfig(cfg)
	code := tinyZip(t)
	for _, name := range []string{"public-fn", "private-fn", "s3-fn"} {
		if _, err := cl.CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: aws.String(name),
			Runtime: lambdatypes.RuntimePython312, Role: role.Role.Arn, Handler: aws.String("index.handler"),
			Code:        &lambdatypes.FunctionCode{ZipFile: code},
			Environment: &lambdatypes.Environment{Variables: map[string]string{"DB_PASSWORD": "hunter2-secret"}}}); err != nil {
			// A create the SDK retried after a dropped connection may
			// have succeeded the first time.
			var conflict *lambdatypes.ResourceConflictException
			if !errors.As(err, &conflict) {
				t.Fatal(err)
			}
		}
	}
	if _, err := cl.AddPermission(ctx, &lambda.AddPermissionInput{FunctionName: aws.String("public-fn"), StatementId: aws.String("everyone"),
		Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("*")}); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.AddPermission(ctx, &lambda.AddPermissionInput{FunctionName: aws.String("s3-fn"), StatementId: aws.String("s3"),
		Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("s3.amazonaws.com"),
		SourceArn: aws.String("arn:aws:s3:::uploads"), SourceAccount: aws.String(account)}); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.CreateFunctionUrlConfig(ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String("public-fn"),
		AuthType: lambdatypes.FunctionUrlAuthTypeNone}); err != nil {
		t.Fatal(err)
	}
}

func collectLambda(t *testing.T, m *testenv.Moto, account string, apiOptions ...func(*middleware.Stack) error) *memSink {
	t.Helper()
	return collect(t, m, cwaws.Options{Regions: []string{"us-east-1"}, Services: []string{"lambda"}, MaxBackoff: 20 * time.Millisecond,
		APIOptions: append([]func(*middleware.Stack) error{testenv.AccountHeader(account), motoFunctionURLs}, apiOptions...)})
}

func fnARN(account, name string) string {
	return "arn:aws:lambda:us-east-1:" + account + ":function:" + name
}

func TestLambdaFunctions(t *testing.T) {
	m := testenv.StartMoto(t)
	account := newIAMAccount()
	seedLambda(t, m, account)
	sink := collectLambda(t, m, account)

	pub := sink.get(t, "aws.lambda.function", account, fnARN(account, "public-fn"))
	if pub.Name != "public-fn" || pub.Region != "us-east-1" {
		t.Errorf("public-fn name %q region %q", pub.Name, pub.Region)
	}
	wantFields(t, pub, map[string]any{
		"runtime":          "python3.12",
		"role":             "arn:aws:iam::" + account + ":role/fn-exec",
		"handler":          "index.handler",
		"policy_is_public": true,
		"vpc_config":       nil,
	})
	if field(t, pub, "last_modified") == nil || field(t, pub, "policy") == nil {
		t.Errorf("public-fn last_modified %v policy %v, want both", field(t, pub, "last_modified"), field(t, pub, "policy"))
	}
	urls, _ := field(t, pub, "function_urls").([]any)
	if len(urls) != 1 || urls[0].(map[string]any)["auth_type"] != "NONE" || urls[0].(map[string]any)["function_url"] == "" {
		t.Errorf("public-fn function_urls = %v, want one URL with auth NONE", field(t, pub, "function_urls"))
	}

	priv := sink.get(t, "aws.lambda.function", account, fnARN(account, "private-fn"))
	wantFields(t, priv, map[string]any{"policy": nil, "policy_is_public": false})
	if urls, ok := field(t, priv, "function_urls").([]any); !ok || len(urls) != 0 {
		t.Errorf("private-fn function_urls = %v, want a known empty list", field(t, priv, "function_urls"))
	}
	wantFields(t, sink.get(t, "aws.lambda.function", account, fnARN(account, "s3-fn")), map[string]any{"policy_is_public": false})

	for _, a := range sink.assets {
		if js, _ := a.MarshalJSON(); strings.Contains(string(js), "hunter2-secret") {
			t.Fatalf("an environment variable's value is in %s", a.ID)
		}
	}
	for _, g := range sink.gaps {
		t.Errorf("unexpected gap: %+v", g)
	}
}

func TestLambdaPolicyDeniedIsUnknown(t *testing.T) {
	m := testenv.StartMoto(t)
	account := newIAMAccount()
	seedLambda(t, m, account)
	sink := collectLambda(t, m, account, denyOp("GetPolicy"))

	const reason = "unknown: AccessDenied: lambda:GetPolicy"
	gaps := map[string]bool{}
	for _, g := range sink.gaps {
		if g.API == "lambda:GetPolicy" && g.Code == "AccessDenied" && g.Service == "lambda" && g.Region == "us-east-1" {
			gaps[g.Resource] = true
		} else {
			t.Errorf("unexpected gap: %+v", g)
		}
	}
	for _, name := range []string{"public-fn", "private-fn", "s3-fn"} {
		fn := sink.get(t, "aws.lambda.function", account, fnARN(account, name))
		wantFields(t, fn, map[string]any{"policy": reason, "policy_is_public": reason, "runtime": "python3.12"})
		if !gaps[fnARN(account, name)] {
			t.Errorf("no gap for %s", name)
		}
	}
	// The rest is still collected.
	urls, _ := field(t, sink.get(t, "aws.lambda.function", account, fnARN(account, "public-fn")), "function_urls").([]any)
	if len(urls) != 1 {
		t.Errorf("function URLs are still read: %v", urls)
	}
}

// ---- Access Analyzer (no moto backend: recorded restJson1 responses) ----

var credentialRegion = regexp.MustCompile(`Credential=[^/]+/[0-9]+/([a-z0-9-]+)/`)

// recordedAccessAnalyzer serves GET /analyzer as real AWS does: us-east-1
// has an active account analyzer and a disabled organization one; eu-west-1
// none; ap-southeast-2 refuses (AccessDeniedException).
func recordedAccessAnalyzer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		region := ""
		if m := credentialRegion.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
			region = m[1]
		}
		switch {
		case form.Get("Action") == "GetCallerIdentity":
			fmt.Fprint(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/audit</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`)
		case r.Method == http.MethodGet && r.URL.Path == "/analyzer":
			w.Header().Set("Content-Type", "application/json")
			switch region {
			case "us-east-1":
				fmt.Fprint(w, `{"analyzers":[`+
					`{"arn":"arn:aws:access-analyzer:us-east-1:123456789012:analyzer/account-analyzer","name":"account-analyzer","type":"ACCOUNT","status":"ACTIVE","createdAt":"2023-11-14T22:13:20Z","lastResourceAnalyzed":"arn:aws:s3:::logs","lastResourceAnalyzedAt":"2026-01-21T10:00:00Z","tags":{"owner":"security"}},`+
					`{"arn":"arn:aws:access-analyzer:us-east-1:123456789012:analyzer/org-analyzer","name":"org-analyzer","type":"ORGANIZATION","status":"DISABLED","statusReason":{"code":"AWS_SERVICE_ACCESS_DISABLED"},"createdAt":"2023-11-14T22:13:20Z","tags":{}}]}`)
			case "eu-west-1":
				fmt.Fprint(w, `{"analyzers":[]}`)
			default:
				w.Header().Set("X-Amzn-Errortype", "AccessDeniedException")
				w.WriteHeader(http.StatusForbidden)
				fmt.Fprint(w, `{"message":"User is not authorized to perform: access-analyzer:ListAnalyzers"}`)
			}
		default:
			t.Errorf("unexpected request %s %s %v", r.Method, r.URL.Path, form)
			w.WriteHeader(http.StatusBadRequest)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestAccessAnalyzerFromRecordedResponses(t *testing.T) {
	srv := recordedAccessAnalyzer(t)
	c, err := cwaws.New(scan.Registry(), cwaws.Options{Regions: []string{"us-east-1", "eu-west-1", "ap-southeast-2"},
		Services: []string{"accessanalyzer"}, MaxBackoff: 20 * time.Millisecond,
		Now: func() time.Time { return time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) },
		ConfigOptions: []func(*config.LoadOptions) error{config.WithRegion("us-east-1"), config.WithBaseEndpoint(srv.URL),
			config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")),
			config.WithSharedConfigFiles([]string{}), config.WithSharedCredentialsFiles([]string{})}})
	if err != nil {
		t.Fatal(err)
	}
	sink := &memSink{}
	if err := c.Run(context.Background(), sink); err != nil {
		t.Fatal(err)
	}
	const acct = "123456789012"
	an := sink.get(t, "aws.accessanalyzer.analyzer", acct, "arn:aws:access-analyzer:us-east-1:123456789012:analyzer/account-analyzer")
	wantFields(t, an, map[string]any{"analyzer_type": "ACCOUNT", "status": "ACTIVE", "created_at": "2023-11-14T22:13:20Z"})
	if an.Name != "account-analyzer" || an.Region != "us-east-1" || an.Tags["owner"] != "security" {
		t.Errorf("analyzer name %q region %q tags %v", an.Name, an.Region, an.Tags)
	}
	wantFields(t, sink.get(t, "aws.accessanalyzer.analyzer", acct, "arn:aws:access-analyzer:us-east-1:123456789012:analyzer/org-analyzer"),
		map[string]any{"analyzer_type": "ORGANIZATION", "status": "DISABLED"})

	status := func(region string) *asset.Asset {
		return sink.get(t, "aws.accessanalyzer.region_status", acct, "arn:aws:access-analyzer:"+region+":123456789012:region-status")
	}
	wantFields(t, status("us-east-1"), map[string]any{"analyzer_count": int64(2), "external_access_analyzer_active": true,
		"active_analyzer_arns": []string{"arn:aws:access-analyzer:us-east-1:123456789012:analyzer/account-analyzer"}})
	wantFields(t, status("eu-west-1"), map[string]any{"analyzer_count": int64(0), "external_access_analyzer_active": false,
		"active_analyzer_arns": []string{}})
	const reason = "unknown: AccessDeniedException: access-analyzer:ListAnalyzers"
	wantFields(t, status("ap-southeast-2"), map[string]any{"analyzer_count": reason, "external_access_analyzer_active": reason})
	if len(sink.gaps) != 1 || sink.gaps[0].API != "access-analyzer:ListAnalyzers" || sink.gaps[0].Region != "ap-southeast-2" ||
		sink.gaps[0].Code != "AccessDeniedException" {
		t.Errorf("gaps = %+v, want one for ap-southeast-2", sink.gaps)
	}
}

// countType counts the collected assets of one type.
func countType(sink *memSink, typ string) int {
	n := 0
	for _, a := range sink.assets {
		if a.Type == typ {
			n++
		}
	}
	return n
}

// ---- alternate contacts (recorded Account API responses, recorded_test.go) ----

func TestAlternateContactsFromRecordedResponses(t *testing.T) {
	sink := collectRecorded(t, recordedAWS(t, 1, 0, false))
	a := sink.get(t, "aws.account", "123456789012", "123456789012")
	wantFields(t, a, map[string]any{
		"alternate_contacts.security.present": true,
		"alternate_contacts.security.email":   "security@example.com",
		"alternate_contacts.security.name":    "Security Team",
		"alternate_contacts.billing.present":  true,
		"alternate_contacts.billing.email":    "billing@example.com",
		// ResourceNotFoundException: known absent.
		"alternate_contacts.operations.present": false,
		"alternate_contacts.operations.email":   nil,
	})
}

// Against moto's Account backend: a contact that was put is read back; the
// others are absent; a denied read is unknown with a gap.
func TestAlternateContactsMoto(t *testing.T) {
	m := testenv.StartMoto(t)
	account := newIAMAccount()
	cl := awsaccount.NewFromConfig(m.Config(t, "us-east-1", account))
	if _, err := cl.PutAlternateContact(context.Background(), &awsaccount.PutAlternateContactInput{
		AlternateContactType: accounttypes.AlternateContactTypeSecurity, EmailAddress: aws.String("soc@example.com"),
		Name: aws.String("SOC"), PhoneNumber: aws.String("+1-555-0199"), Title: aws.String("Security")}); err != nil {
		t.Fatal(err)
	}
	opts := func(extra ...func(*middleware.Stack) error) cwaws.Options {
		return cwaws.Options{Regions: []string{"us-east-1"}, Services: []string{"account"}, MaxBackoff: 20 * time.Millisecond,
			APIOptions: append([]func(*middleware.Stack) error{testenv.AccountHeader(account)}, extra...)}
	}
	sink := collect(t, m, opts())
	a := sink.get(t, "aws.account", account, account)
	wantFields(t, a, map[string]any{
		"alternate_contacts.security.present":   true,
		"alternate_contacts.security.email":     "soc@example.com",
		"alternate_contacts.billing.present":    false,
		"alternate_contacts.operations.present": false,
	})
	for _, g := range sink.gaps {
		if g.API == "account:GetAlternateContact" {
			t.Errorf("unexpected gap: %+v", g)
		}
	}

	sink = collect(t, m, opts(denyOp("GetAlternateContact")))
	a = sink.get(t, "aws.account", account, account)
	if got := field(t, a, "alternate_contacts.security"); got != "unknown: AccessDenied: account:GetAlternateContact" {
		t.Errorf("security contact = %v, want unknown", got)
	}
	n := 0
	for _, g := range sink.gaps {
		if g.API == "account:GetAlternateContact" && g.Code == "AccessDenied" {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d gaps for account:GetAlternateContact, want 3: %+v", n, sink.gaps)
	}
}
