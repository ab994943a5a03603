package aws_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	cwaws "cloudward/collect/aws"
	"cloudward/scan"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// The root user's credentials cannot be tested against moto (its account
// summary hard-codes the root flags to 0 and its credential report has no
// <root_account> row), so these tests serve the response shapes real AWS
// returns, recorded from the API references.

const credentialReportCSV = `user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::123456789012:root,2019-01-01T00:00:00+00:00,not_supported,2026-05-20T08:30:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
`

func recordedAWS(t *testing.T, rootMFA, rootKeys int, virtualRootMFA bool) *httptest.Server {
	t.Helper()
	iamXML := func(action, result string) string {
		return fmt.Sprintf(`<%sResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><%sResult>%s</%sResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></%sResponse>`,
			action, action, result, action, action)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		switch action := form.Get("Action"); {
		case action == "GetCallerIdentity":
			fmt.Fprint(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/audit</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`)
		case action == "GetAccountSummary":
			fmt.Fprint(w, iamXML(action, fmt.Sprintf(`<SummaryMap><entry><key>AccountMFAEnabled</key><value>%d</value></entry><entry><key>AccountAccessKeysPresent</key><value>%d</value></entry><entry><key>Users</key><value>3</value></entry></SummaryMap>`, rootMFA, rootKeys)))
		case action == "ListVirtualMFADevices":
			devices := ""
			if virtualRootMFA {
				devices = `<member><SerialNumber>arn:aws:iam::123456789012:mfa/root-account-mfa-device</SerialNumber><User><Arn>arn:aws:iam::123456789012:root</Arn><UserName>root</UserName><UserId>123456789012</UserId><Path>/</Path><CreateDate>2019-01-01T00:00:00Z</CreateDate></User><EnableDate>2019-01-02T00:00:00Z</EnableDate></member>`
			}
			fmt.Fprint(w, iamXML(action, `<VirtualMFADevices>`+devices+`</VirtualMFADevices><IsTruncated>false</IsTruncated>`))
		case action == "GetCredentialReport":
			fmt.Fprint(w, iamXML(action, `<Content>`+base64.StdEncoding.EncodeToString([]byte(credentialReportCSV))+`</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-05-31T23:00:00Z</GeneratedTime>`))
		case action == "ListAccountAliases":
			fmt.Fprint(w, iamXML(action, `<AccountAliases><member>acme-prod</member></AccountAliases><IsTruncated>false</IsTruncated>`))
		case action == "GetAccountPasswordPolicy":
			fmt.Fprint(w, iamXML(action, `<PasswordPolicy><MinimumPasswordLength>14</MinimumPasswordLength><RequireSymbols>true</RequireSymbols><RequireNumbers>true</RequireNumbers><RequireUppercaseCharacters>true</RequireUppercaseCharacters><RequireLowercaseCharacters>true</RequireLowercaseCharacters><AllowUsersToChangePassword>true</AllowUsersToChangePassword><ExpirePasswords>false</ExpirePasswords><PasswordReusePrevention>24</PasswordReusePrevention></PasswordPolicy>`))
		case strings.HasSuffix(r.URL.Path, "/configuration/publicAccessBlock"):
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><PublicAccessBlockConfiguration xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>`)
		case r.URL.Path == "/getAlternateContact": // the Account API (restJson1): security and billing set, no operations contact
			w.Header().Set("Content-Type", "application/json")
			switch {
			case strings.Contains(string(body), `"SECURITY"`):
				fmt.Fprint(w, `{"AlternateContact":{"AlternateContactType":"SECURITY","EmailAddress":"security@example.com","Name":"Security Team","PhoneNumber":"+1-555-0100","Title":"CISO"}}`)
			case strings.Contains(string(body), `"BILLING"`):
				fmt.Fprint(w, `{"AlternateContact":{"AlternateContactType":"BILLING","EmailAddress":"billing@example.com","Name":"Accounts Payable","PhoneNumber":"+1-555-0101","Title":"Finance"}}`)
			default:
				w.Header().Set("X-Amzn-Errortype", "ResourceNotFoundException")
				w.WriteHeader(http.StatusNotFound)
				fmt.Fprint(w, `{"message":"No contact of the inputted alternate contact type found."}`)
			}
		case strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".DescribeOrganization"):
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			fmt.Fprint(w, `{"Organization":{"Id":"o-exampleorg1","Arn":"arn:aws:organizations::111111111111:organization/o-exampleorg1","MasterAccountId":"111111111111"}}`)
		default:
			t.Errorf("unexpected request %s %s %s", r.Method, r.URL.Path, action)
			w.WriteHeader(http.StatusBadRequest)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func collectRecorded(t *testing.T, srv *httptest.Server) *memSink {
	t.Helper()
	c, err := cwaws.New(scan.Registry(), cwaws.Options{Regions: []string{"us-east-1"}, Services: []string{"account"},
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
	if len(sink.gaps) > 0 {
		t.Fatalf("gaps: %+v", sink.gaps)
	}
	return sink
}

func TestRootCredentialsFromRecordedResponses(t *testing.T) {
	cases := []struct {
		name            string
		mfa, keys       int
		virtual         bool
		wantMFA, wantHW bool
		wantKeys        int64
	}{
		{"hardware MFA, no keys", 1, 0, false, true, true, 0},
		{"virtual MFA", 1, 0, true, true, false, 0},
		{"no MFA, an access key", 0, 1, false, false, false, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sink := collectRecorded(t, recordedAWS(t, c.mfa, c.keys, c.virtual))
			a := sink.get(t, "aws.account", "123456789012", "123456789012")
			for path, want := range map[string]any{
				"root.mfa_enabled":                          c.wantMFA,
				"root.hardware_mfa_enabled":                 c.wantHW,
				"root.access_keys_present":                  c.wantKeys,
				"root.password_last_used":                   "2026-05-20T08:30:00Z",
				"alias":                                     "acme-prod",
				"organization_id":                           "o-exampleorg1",
				"password_policy.minimum_password_length":   int64(14),
				"password_policy.password_reuse_prevention": int64(24),
				"s3_public_access_block.block_public_acls":  true,
			} {
				if got := field(t, a, path); got != want {
					t.Errorf("%s = %#v, want %#v", path, got, want)
				}
			}
		})
	}
}
