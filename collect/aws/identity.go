package aws

// Regional identity services: Lambda functions (who may invoke them: the
// resource-based policy and function URLs) and IAM Access Analyzer. The IAM
// roles, groups, policies and providers are parts of the iam service
// (iam.go); the account's alternate contacts belong to the account service
// (account.go).

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"cloudward/asset"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	aatypes "github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

var identityServices = []*Service{lambdaService, accessAnalyzerService}

// ---- lambda ----

var (
	opListFunctions          = Op{"Lambda", "ListFunctions", "lambda:ListFunctions"}
	opGetLambdaPolicy        = Op{"Lambda", "GetPolicy", "lambda:GetPolicy"}
	opListFunctionUrlConfigs = Op{"Lambda", "ListFunctionUrlConfigs", "lambda:ListFunctionUrlConfigs"}
)

var lambdaService = &Service{
	Name:    "lambda",
	Ops:     []Op{opListFunctions, opGetLambdaPolicy, opListFunctionUrlConfigs},
	Collect: collectLambda,
}

// collectLambda emits one aws.lambda.function per function of the region
// ($LATEST), with, per function on the bounded workers, its resource-based
// policy and function URLs. Environment variables are never read into the
// asset: they often hold secrets.
func collectLambda(ctx context.Context, s *Scope) error {
	cl := lambda.NewFromConfig(s.Config)
	var fns []lambdatypes.FunctionConfiguration
	p := lambda.NewListFunctionsPaginator(cl, &lambda.ListFunctionsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("no Lambda function collected: lambda:ListFunctions: %w", err)
		}
		fns = append(fns, page.Functions...)
	}
	return emitEach(s, len(fns), func(i int) *asset.Asset {
		f := &fns[i]
		f.Environment = nil // never kept, never read
		arn := aws.ToString(f.FunctionArn)
		a := s.New("aws.lambda.function", arn, aws.ToString(f.FunctionName))
		o := a.Root
		o.SetString("arn", arn).
			SetString("runtime", string(f.Runtime)).
			SetString("package_type", string(f.PackageType)).
			SetString("role", aws.ToString(f.Role)).
			SetString("handler", aws.ToString(f.Handler)).
			SetTime("last_modified", lambdaTime(aws.ToString(f.LastModified)))
		if v := f.VpcConfig; v != nil && aws.ToString(v.VpcId) != "" {
			o.SetNested("vpc_config").
				SetString("vpc_id", aws.ToString(v.VpcId)).
				SetStrings("subnet_ids", sorted(v.SubnetIds)).
				SetStrings("security_group_ids", sorted(v.SecurityGroupIds))
		}
		lambdaPolicy(ctx, s, cl, o, f)
		lambdaURLs(ctx, s, cl, o, f)
		return a
	})
}

// lambdaTime parses Lambda's LastModified ("2024-01-31T12:00:00.000+0000").
func lambdaTime(v string) time.Time {
	for _, layout := range []string{"2006-01-02T15:04:05.000-0700", time.RFC3339Nano} {
		if t, err := time.Parse(layout, v); err == nil {
			return t
		}
	}
	return time.Time{}
}

// lambdaPolicy reads the function's resource-based policy: none
// (ResourceNotFoundException) is a known absence, and then not public.
func lambdaPolicy(ctx context.Context, s *Scope, cl *lambda.Client, o *asset.Object, f *lambdatypes.FunctionConfiguration) {
	arn := aws.ToString(f.FunctionArn)
	out, err := cl.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: f.FunctionArn})
	ok, absent := s.check(o, "policy", opGetLambdaPolicy, arn, err)
	switch {
	case absent || (ok && aws.ToString(out.Policy) == ""):
		o.SetBool("policy_is_public", false)
	case ok:
		doc := aws.ToString(out.Policy)
		if err := o.SetJSON("policy", doc); err != nil {
			o.SetUnknown("policy", "the policy document is not valid JSON")
		}
		if public, err := policyIsPublic(doc); err != nil {
			o.SetUnknown("policy_is_public", "the policy document is not valid JSON")
		} else {
			o.SetBool("policy_is_public", public)
		}
	default:
		o.SetUnknown("policy_is_public", Reason(opGetLambdaPolicy, err))
	}
}

// lambdaURLs lists the function URLs of the function and its aliases.
func lambdaURLs(ctx context.Context, s *Scope, cl *lambda.Client, o *asset.Object, f *lambdatypes.FunctionConfiguration) {
	var objs []*asset.Object
	p := lambda.NewListFunctionUrlConfigsPaginator(cl, &lambda.ListFunctionUrlConfigsInput{FunctionName: f.FunctionArn})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			s.Unknown(o, "function_urls", opListFunctionUrlConfigs, aws.ToString(f.FunctionArn), err)
			return
		}
		for _, u := range page.FunctionUrlConfigs {
			objs = append(objs, o.Nested("function_urls").
				SetString("function_url", aws.ToString(u.FunctionUrl)).
				SetString("function_arn", aws.ToString(u.FunctionArn)).
				SetString("auth_type", string(u.AuthType)))
		}
	}
	o.SetObjects("function_urls", objs)
}

// restrictingConditionKeys are the condition keys that confine an Allow
// for Principal "*" to known callers.
var restrictingConditionKeys = map[string]bool{
	"aws:sourceaccount": true, "aws:sourcearn": true, "aws:sourceowner": true,
	"aws:principalorgid": true, "aws:principalorgpaths": true, "aws:principalaccount": true, "aws:principalarn": true,
	"aws:sourcevpc": true, "aws:sourcevpce": true, "aws:sourceorgid": true, "aws:sourceorgpaths": true,
	"lambda:eventsourcetoken": true,
}

// policyIsPublic tells whether a resource-based policy has an Allow
// statement for everyone (Principal "*", {"AWS": "*"}) that no condition
// confines to known callers (a restricting key with a value other than "*").
func policyIsPublic(doc string) (bool, error) {
	var d struct{ Statement json.RawMessage }
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return false, err
	}
	for _, st := range policyStatements(d.Statement) {
		if st.Effect == "Allow" && principalIsEveryone(st.Principal) && !conditionRestricts(st.Condition) {
			return true, nil
		}
	}
	return false, nil
}

func principalIsEveryone(raw json.RawMessage) bool {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return one == "*"
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) == nil {
		return hasStar(m["AWS"])
	}
	return false
}

func conditionRestricts(cond map[string]map[string]json.RawMessage) bool {
	for _, keys := range cond {
		for k, v := range keys {
			if !restrictingConditionKeys[strings.ToLower(k)] {
				continue
			}
			if vals := stringOrList(v); len(vals) > 0 && !hasStar(v) {
				return true
			}
		}
	}
	return false
}

// ---- accessanalyzer ----

var opListAnalyzers = Op{"AccessAnalyzer", "ListAnalyzers", "access-analyzer:ListAnalyzers"}

var accessAnalyzerService = &Service{
	Name:    "accessanalyzer",
	Ops:     []Op{opListAnalyzers},
	Collect: collectAccessAnalyzer,
}

// collectAccessAnalyzer emits every analyzer of the region and the region's
// aws.accessanalyzer.region_status. When the analyzers cannot be listed, the
// status is emitted with its attributes unknown: a region whose analyzers
// are unknown must not read as a region without one.
func collectAccessAnalyzer(ctx context.Context, s *Scope) error {
	cl := accessanalyzer.NewFromConfig(s.Config)
	id := s.ARN("access-analyzer", "region-status")
	st := s.New("aws.accessanalyzer.region_status", id, s.Region)
	o := st.Root
	var analyzers []aatypes.AnalyzerSummary
	p := accessanalyzer.NewListAnalyzersPaginator(cl, &accessanalyzer.ListAnalyzersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			s.Unknown(o, "analyzer_count", opListAnalyzers, id, err)
			for _, f := range []string{"external_access_analyzer_active", "active_analyzer_arns"} {
				o.SetUnknown(f, Reason(opListAnalyzers, err))
			}
			return s.Emit(st)
		}
		analyzers = append(analyzers, page.Analyzers...)
	}
	external, active := false, []string{}
	var assets []*asset.Asset
	for _, an := range analyzers {
		arn := aws.ToString(an.Arn)
		a := s.New("aws.accessanalyzer.analyzer", arn, aws.ToString(an.Name))
		a.SetTags(an.Tags)
		a.Root.SetString("arn", arn).
			SetString("analyzer_type", string(an.Type)).
			SetString("status", string(an.Status)).
			SetTime("created_at", aws.ToTime(an.CreatedAt)).
			SetTime("last_resource_analyzed_at", aws.ToTime(an.LastResourceAnalyzedAt))
		assets = append(assets, a)
		if an.Status == aatypes.AnalyzerStatusActive {
			active = append(active, arn)
			if an.Type == aatypes.TypeAccount || an.Type == aatypes.TypeOrganization {
				external = true
			}
		}
	}
	o.SetInt("analyzer_count", int64(len(analyzers))).
		SetBool("external_access_analyzer_active", external).
		SetStrings("active_analyzer_arns", sorted(active))
	return emitAll(s, append(assets, st))
}
