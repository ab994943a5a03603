package cloudformation

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"cloudward/iac"

	"github.com/google/go-cmp/cmp"
)

// props parses a template with one resource R whose Properties are the
// given YAML (indented by six spaces) after the given sections, and
// returns R's Attrs with the diagnostics.
func props(t *testing.T, sections, properties string, opts Options) (map[string]any, []iac.Diagnostic) {
	t.Helper()
	src := sections + "\nResources:\n  R:\n    Type: AWS::Test::Thing\n    Properties:\n" + indentLines(properties, "      ")
	res, diags := Parse("t.yaml", []byte(src), opts)
	if len(res) != 1 {
		t.Fatalf("got %d resources, diags %v\n%s", len(res), diags, src)
	}
	checkInvariants(t, res[0], strings.Count(src, "\n")+1)
	return res[0].Attrs, diags
}

func indentLines(s, ind string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = ind + l
	}
	return strings.Join(lines, "\n") + "\n"
}

func messages(diags []iac.Diagnostic) string {
	var out []string
	for _, d := range diags {
		out = append(out, d.Severity+" "+d.Error())
	}
	return strings.Join(out, "\n")
}

func TestEvaluation(t *testing.T) {
	params := `Parameters:
  Env: {Type: String, Default: prod}
  Missing: {Type: String}
  Count: {Type: Number, Default: "3"}
  Ratio: {Type: Number, Default: 0.5}
  Nums: {Type: List<Number>, Default: "1, 2,3"}
  Names: {Type: CommaDelimitedList, Default: " a , b"}
  Empty: {Type: CommaDelimitedList, Default: ""}
  Subnets: {Type: "List<AWS::EC2::Subnet::Id>", Default: [subnet-1, subnet-2]}
  Ami: {Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default: /aws/service/ami}
  IntDefault: {Type: String, Default: 8080}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [dev, !Ref Env]
  Unknown: !Equals [!Ref Missing, x]
  AndFalse: !And [!Condition IsDev, !Condition Unknown]
  AndUnknown: !And [!Condition IsProd, !Condition Unknown]
  OrTrue: !Or [!Condition Unknown, !Condition IsProd]
  OrUnknown: !Or [!Condition Unknown, !Condition IsDev]
  NotUnknown: !Not [!Condition Unknown]
  NumEq: !Equals [!Ref Count, 3]
  Long: {"Fn::And": [{"Condition": "IsProd"}, {"Fn::Not": [{"Condition": "IsDev"}]}]}
Mappings:
  M:
    prod: {Size: 10, Tags: [a, b]}
    "123456789012": {Size: 1}
`
	cases := []struct {
		name  string
		props string
		opts  Options
		want  map[string]any
		diags string
	}{
		{
			name: "parameters by type",
			props: `Env: !Ref Env
Missing: !Ref Missing
Count: !Ref Count
Ratio: !Ref Ratio
Nums: !Ref Nums
Names: !Ref Names
Empty: !Ref Empty
Subnets: !Ref Subnets
Ami: !Ref Ami
IntDefault: !Ref IntDefault`,
			want: map[string]any{
				"Env":        "prod",
				"Missing":    unknown("parameter Missing has no value"),
				"Count":      int64(3),
				"Ratio":      0.5,
				"Nums":       []any{int64(1), int64(2), int64(3)},
				"Names":      []any{"a", "b"},
				"Empty":      []any{""},
				"Subnets":    []any{"subnet-1", "subnet-2"},
				"Ami":        unknown("parameter Ami is read from SSM Parameter Store at deployment"),
				"IntDefault": "8080",
			},
		},
		{
			name:  "parameter overrides",
			props: "Env: !Ref Env\nMissing: !Ref Missing\nNames: !Ref Names\nCount: !Ref Count",
			opts:  Options{Params: map[string]string{"Env": "dev", "Missing": "here", "Names": "x,y ,z", "Count": "-7", "Unused": "1"}},
			want:  map[string]any{"Env": "dev", "Missing": "here", "Names": []any{"x", "y", "z"}, "Count": int64(-7)},
		},
		{
			name:  "bad number override",
			props: "Count: !Ref Count",
			opts:  Options{Params: map[string]string{"Count": "many"}},
			want:  map[string]any{"Count": unknown("parameter Count has an invalid value")},
			diags: `error t.yaml:4:3: parameter Count is a Number but its value "many" is not a number`,
		},
		{
			name: "three-valued conditions",
			props: `IsProd: !If [IsProd, y, n]
IsDev: !If [IsDev, y, n]
AndFalse: !If [AndFalse, y, n]
AndUnknown: !If [AndUnknown, y, n]
OrTrue: !If [OrTrue, y, n]
OrUnknown: !If [OrUnknown, y, n]
NotUnknown: !If [NotUnknown, y, n]
NumEq: !If [NumEq, y, n]
Long: !If [Long, y, n]
Same: !If [Unknown, same, same]`,
			want: map[string]any{
				"IsProd":     "y",
				"IsDev":      "n",
				"AndFalse":   "n",
				"AndUnknown": unknown("Fn::If: condition Unknown depends on an unknown value: parameter Missing has no value"),
				"OrTrue":     "y",
				"OrUnknown":  unknown("Fn::If: condition Unknown depends on an unknown value: parameter Missing has no value"),
				"NotUnknown": unknown("Fn::If: condition Unknown depends on an unknown value: parameter Missing has no value"),
				"NumEq":      "y",
				"Long":       "y",
				"Same":       "same",
			},
		},
		{
			name: "unknown If merges what both branches agree on",
			props: `Config: !If
  - Unknown
  - {Enabled: true, Mode: a, Only: x, List: [1, 2]}
  - {Enabled: true, Mode: b, List: [1, 3]}`,
			want: map[string]any{
				"Config": map[string]any{
					"Enabled": true,
					"Mode":    unknown("Fn::If: condition Unknown depends on an unknown value: parameter Missing has no value"),
					"Only":    unknown("Fn::If: condition Unknown depends on an unknown value: parameter Missing has no value (the property is set in one branch only)"),
					"List":    []any{int64(1), unknown("Fn::If: condition Unknown depends on an unknown value: parameter Missing has no value")},
				},
			},
		},
		{
			name: "AWS::NoValue removes properties and list elements, long and short forms",
			props: `A: !Ref AWS::NoValue
B: {Ref: AWS::NoValue}
C: [1, !Ref AWS::NoValue, 2, !If [IsDev, 3, !Ref AWS::NoValue]]
D: !If [IsProd, !Ref AWS::NoValue, x]
E: !If [Unknown, !Ref AWS::NoValue, !Ref AWS::NoValue]
F: kept`,
			want: map[string]any{"C": []any{int64(1), int64(2)}, "F": "kept"},
		},
		{
			name: "pseudo parameters in GovCloud",
			props: `Partition: !Ref AWS::Partition
Suffix: !Ref AWS::URLSuffix
Account: !Ref AWS::AccountId
Stack: !Ref AWS::StackName
Region: !Sub "${AWS::Region}"`,
			opts: Options{Region: "us-gov-west-1", AccountID: "111122223333", StackName: "s"},
			want: map[string]any{"Partition": "aws-us-gov", "Suffix": "amazonaws.com", "Account": "111122223333", "Stack": "s", "Region": "us-gov-west-1"},
		},
		{
			name: "pseudo parameters unknown",
			props: `Partition: !Ref AWS::Partition
Account: !Ref AWS::AccountId
Region: !Ref AWS::Region`,
			want: map[string]any{
				"Partition": "aws",
				"Account":   unknown("AWS::AccountId is known only at deployment (no account given)"),
				"Region":    unknown("AWS::Region is known only at deployment (no region given)"),
			},
		},
		{
			name: "FindInMap with numeric-looking keys, lists and unknown keys",
			props: `Size: !FindInMap [M, !Ref Env, Size]
Tags: !FindInMap [M, prod, Tags]
Acct: !FindInMap [M, !Ref "AWS::AccountId", Size]
Unknown: !FindInMap [M, !Ref Missing, Size]
Long: {"Fn::FindInMap": ["M", "prod", "Size"]}`,
			opts: Options{AccountID: "123456789012"},
			want: map[string]any{
				"Size":    int64(10),
				"Tags":    []any{"a", "b"},
				"Acct":    int64(1),
				"Unknown": unknown("Fn::FindInMap with an unknown key: parameter Missing has no value"),
				"Long":    int64(10),
			},
		},
		{
			name:  "FindInMap missing key",
			props: "X: !FindInMap [M, dev, Size]",
			want:  map[string]any{"X": unknown(`Fn::FindInMap: mapping M has no value for keys "dev", "Size"`)},
			diags: `error t.yaml:32:10: Fn::FindInMap: mapping M has no value for keys "dev", "Size"`,
		},
		{
			name: "Sub forms",
			props: `Plain: !Sub "no variables"
Escaped: !Sub "${!Env} and ${Env}"
Unclosed: !Sub "a ${Env"
Vars: !Sub ["${A}-${B}-${Env}", {A: 1, B: !Ref Count}]
Num: !Sub "${Count}"
Long: {"Fn::Sub": ["${X}", {"X": {"Ref": "Env"}}]}
Res: !Sub "${R}"
ResAttr: !Sub "${R.Arn}"
Secret: !Sub "{{resolve:ssm:/p/${Env}}}"
Missing: !Sub "x-${Missing}"`,
			want: map[string]any{
				"Plain":    "no variables",
				"Escaped":  "${Env} and prod",
				"Unclosed": "a ${Env",
				"Vars":     "1-3-prod",
				"Num":      "3",
				"Long":     "prod",
				"Res":      unknown("ref:R: physical id of R is known only after deployment"),
				"ResAttr":  unknown("getatt:R.Arn: attribute Arn of R is known only after deployment"),
				"Secret":   unknown("dynamic reference {{resolve:ssm:/p/prod}} is resolved at deployment"),
				"Missing":  unknown(`Fn::Sub "x-${Missing}": ${Missing} is unknown: parameter Missing has no value`),
			},
		},
		{
			name: "Join, Select, Split with lists and unknowns",
			props: `J1: !Join ["", [a, !Ref Count, b]]
J2: !Join [",", !Ref Names]
J3: !Join [",", [a, !Ref Missing]]
J4: !Join [",", !GetAZs ""]
S1: !Select [1, !Ref Subnets]
S2: !Select [0, [!Ref Missing, b]]
S3: !Select [1, [!Ref Missing, b]]
S4: !Select [0, !Split ["/", "a/b"]]
Json: {"Fn::Join": ["-", ["x", {"Fn::Select": ["0", {"Fn::Split": [",", "p,q"]}]}]]}`,
			want: map[string]any{
				"J1":   "a3b",
				"J2":   "a,b",
				"J3":   unknown("Fn::Join: element 1 is unknown: parameter Missing has no value"),
				"J4":   unknown("Fn::Join of an unknown list: Fn::GetAZs: the availability zones of the stack's region are known only at deployment"),
				"S1":   "subnet-2",
				"S2":   unknown("parameter Missing has no value"),
				"S3":   "b",
				"S4":   "a",
				"Json": "x-p",
			},
		},
		{
			name:  "Cidr",
			props: "A: !Cidr [192.168.0.0/24, 4, 6]\nB: !Cidr [10.0.0.0/30, 2, 1]\nC: !Cidr [!Ref Missing, 2, 8]",
			want: map[string]any{
				"A": []any{"192.168.0.0/26", "192.168.0.64/26", "192.168.0.128/26", "192.168.0.192/26"},
				"B": []any{"10.0.0.0/31", "10.0.0.2/31"},
				"C": unknown("Fn::Cidr of an unknown value: parameter Missing has no value"),
			},
		},
		{
			name:  "Cidr too many subnets",
			props: "A: !Cidr [10.0.0.0/24, 8, 6]",
			want:  map[string]any{"A": unknown("invalid Fn::Cidr (see the diagnostics)")},
			diags: "error t.yaml:32:10: Fn::Cidr: 10.0.0.0/24 holds only 4 subnets with 6 host bits, not 8",
		},
		{
			name: "references to resources",
			props: `Ref: !Ref R
Long: {Ref: R}
Att: {"Fn::GetAtt": [R, Endpoint.Address]}
Dotted: !GetAtt R.Endpoint.Port
AttRef: !GetAtt [R, !Ref Env]`,
			want: map[string]any{
				"Ref":    unknown("ref:R: physical id of R is known only after deployment"),
				"Long":   unknown("ref:R: physical id of R is known only after deployment"),
				"Att":    unknown("getatt:R.Endpoint.Address: attribute Endpoint.Address of R is known only after deployment"),
				"Dotted": unknown("getatt:R.Endpoint.Port: attribute Endpoint.Port of R is known only after deployment"),
				"AttRef": unknown("getatt:R.prod: attribute prod of R is known only after deployment"),
			},
		},
		{
			name: "wrong arity and argument types",
			props: `A: !If [IsProd, x]
B: !Select [a, [x]]
C: !Join [[","], [a]]
D: !Ref [x]
E: !GetAtt NoDot
F: !Sub [a, b, c]
G: !Equals [a]
H: !Split [",", [a]]
I: !Ref AWS::Bogus
J: !GetAtt Env.Arn
K: !Not [a, b]`,
			want: map[string]any{
				"A": unknown("invalid Fn::If (see the diagnostics)"),
				"B": unknown("invalid Fn::Select (see the diagnostics)"),
				"C": unknown("invalid Fn::Join (see the diagnostics)"),
				"D": unknown("invalid Ref (see the diagnostics)"),
				"E": unknown("invalid Fn::GetAtt (see the diagnostics)"),
				"F": unknown("invalid Fn::Sub (see the diagnostics)"),
				"G": unknown("invalid Fn::Equals (see the diagnostics)"),
				"H": unknown("invalid Fn::Split (see the diagnostics)"),
				"I": unknown("unknown pseudo parameter AWS::Bogus"),
				"J": unknown("Fn::GetAtt on parameter Env"),
				"K": unknown("invalid Fn::Not (see the diagnostics)"),
			},
			diags: `error t.yaml:32:10: !If needs a list of 3 arguments, not a list of 2
error t.yaml:33:10: Fn::Select: the index must be a non-negative integer, not the string "a"
error t.yaml:34:10: Fn::Join: the delimiter must be a string, not a list of 1
error t.yaml:35:10: !Ref needs a name, not a list of 1
error t.yaml:36:10: Fn::GetAtt needs LogicalId.AttributeName or [LogicalId, AttributeName], not "NoDot"
error t.yaml:37:10: Fn::Sub needs a string, or a list of a string and a variable mapping, not a list of 3
error t.yaml:38:10: !Equals needs a list of 2 arguments, not a list of 1
error t.yaml:39:10: Fn::Split needs a non-empty delimiter and a string
error t.yaml:40:10: unknown pseudo parameter AWS::Bogus: valid are AWS::AccountId, AWS::NotificationARNs, AWS::NoValue, AWS::Partition, AWS::Region, AWS::StackId, AWS::StackName and AWS::URLSuffix
error t.yaml:41:10: Fn::GetAtt Env.Arn: Env is a parameter, not a resource; use Ref for parameters
error t.yaml:42:10: !Not needs a list of 1 arguments, not a list of 2`,
		},
		{
			name:  "duplicate keys",
			props: "A: 1\nB: 2\nA: 3",
			want:  map[string]any{"A": int64(3), "B": int64(2)},
			diags: `error t.yaml:34:7: key "A" is defined twice in this mapping (also at line 32); the last value is used`,
		},
		{
			name:  "scalars",
			props: "T: true\nF: False\nN: null\nE:\nQ: 'yes'\nY: yes\nI: 12\nBig: 123456789012345678901\nFl: 1.5e3\nDate: 2010-09-09\nOct: 0o17\nInf: .inf",
			want: map[string]any{
				"T": true, "F": false, "N": nil, "E": nil, "Q": "yes", "Y": "yes", "I": int64(12),
				"Big": 123456789012345678901.0, "Fl": int64(1500), "Date": "2010-09-09", "Oct": int64(15), "Inf": ".inf",
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			attrs, diags := props(t, params, c.props, c.opts)
			if diff := cmp.Diff(c.want, attrs); diff != "" {
				t.Errorf("attrs (-want +got):\n%s", diff)
			}
			if got := messages(diags); got != c.diags {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, c.diags)
			}
		})
	}
}

func TestReference(t *testing.T) {
	cases := []struct {
		v        any
		id, attr string
		ok       bool
	}{
		{refUnknown("Bucket", ""), "Bucket", "", true},
		{getAttUnknown("DB", "Endpoint.Address", ""), "DB", "Endpoint.Address", true},
		{refUnknown("Fn", samNote("Fn")), "Fn", "", true},
		{unknown("parameter X has no value"), "", "", false},
		{unknown("ref:"), "", "", false},
		{unknown("getatt:NoDot: x"), "", "", false},
		{"ref:Bucket: a string", "", "", false},
		{nil, "", "", false},
	}
	for _, c := range cases {
		id, attr, ok := Reference(c.v)
		if id != c.id || attr != c.attr || ok != c.ok {
			t.Errorf("Reference(%v) = %q, %q, %v; want %q, %q, %v", c.v, id, attr, ok, c.id, c.attr, c.ok)
		}
	}
}

func TestTemplateDiagnostics(t *testing.T) {
	cases := []struct {
		name  string
		src   string
		nres  int
		diags string
	}{
		{
			name:  "no resources",
			src:   "AWSTemplateFormatVersion: '2010-09-09'\nDescription: x\n",
			diags: "error t.yaml:1:1: the template has no resources: a Resources section mapping logical ids to resources is required",
		},
		{
			name: "unknown section, bad version, macro, multiple documents",
			src: `AWSTemplateFormatVersion: "2011-01-01"
Transform: [MyMacro, AWS::LanguageExtensions]
Resourses: {}
Resources:
  A: {Type: AWS::SNS::Topic}
---
other: doc
`,
			nres: 1,
			diags: `warning t.yaml: the file holds several YAML documents; only the first is read as the template
warning t.yaml:2:13: transform (macro) MyMacro is not expanded: resources it would add or change are not scanned
error t.yaml:3:1: unknown template section "Resourses": valid sections are AWSTemplateFormatVersion, Description, Metadata, Parameters, Rules, Mappings, Conditions, Transform, Resources, Outputs and Hooks
error t.yaml:1:27: AWSTemplateFormatVersion must be "2010-09-09", not the value "2011-01-01"`,
		},
		{
			name: "duplicate resources, bad logical id, ForEach, conditions",
			src: `Resources:
  A: {Type: AWS::SNS::Topic, Properties: {TopicName: first}}
  my-topic: {Type: AWS::SNS::Topic}
  A: {Type: AWS::SNS::Topic, Properties: {TopicName: second}}
  Fn::ForEach::Topics: [T, [a, b], {"${T}": {Type: AWS::SNS::Topic}}]
  B: {Type: AWS::SNS::Topic, Condition: Nope}
  C: {Type: !Ref X}
  D: {Type: AWS::SNS::Topic, Properties: [1]}
  E: {Type: AWS::SNS::Topic, Condition: [x]}
`,
			nres: 5,
			diags: `error t.yaml:2:3: resource A is defined twice (again at line 4); the last definition is used
error t.yaml:3:3: logical id "my-topic" must contain only letters and digits
warning t.yaml:5:3: Fn::ForEach::Topics (AWS::LanguageExtensions) is not expanded: the resources it generates are not scanned
error t.yaml:6:41: condition "Nope" is not defined under Conditions
warning t.yaml:6:41: resource B is created only if condition Nope is true, which cannot be known statically (condition Nope is not defined); it is scanned as if it were created
error t.yaml:7:13: resource C: Type must be a literal resource type, not an intrinsic function; the resource is not scanned
error t.yaml:8:30: resource D: Properties must be a mapping of property names to values, not a list of 1
error t.yaml:9:41: resource E: Condition must be the name of a condition, not a list of 1`,
		},
		{
			name: "bad parameters and conditions sections",
			src: `Parameters:
  A: 5
  B: {Default: x}
  C: {Type: Strin}
  D: {Type: String, Default: !Ref X}
Conditions:
  X: x
  Y: !Equals [!Ref AWS::NoValue, a]
Resources:
  R: {Type: AWS::SNS::Topic, Properties: {A: !Ref A, B: !Ref B, C: !Ref C, D: !Ref D}}
`,
			nres: 1,
			diags: `error t.yaml:2:3: parameter A must be a mapping with a Type (and optionally a Default), not the value "5"
error t.yaml:3:3: parameter B has no Type: add Type: String (or Number, CommaDelimitedList, List<…>, an AWS-specific type)
error t.yaml:4:13: parameter C has unknown type "Strin": use String, Number, List<Number>, CommaDelimitedList, an AWS-specific type or AWS::SSM::Parameter::Value<…>
error t.yaml:5:30: parameter D: Default must be a literal value, not the value "X"
error t.yaml:7:6: a condition must be a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition), not the string "x"
error t.yaml:8:6: Fn::Equals cannot compare AWS::NoValue`,
		},
		{
			name: "allowed values and undefined sam references",
			src: `Transform: AWS::Serverless-2016-10-31
Parameters:
  Env: {Type: String, AllowedValues: [a, b]}
Globals:
  Function: {Timeout: 3}
Resources:
  F: {Type: AWS::Serverless::Function, Properties: {Role: !GetAtt FRole.Arn, Api: !Ref ServerlessRestApi}}
`,
			nres:  1,
			diags: `warning t.yaml:3:3: parameter Env: the given value "c" is not one of its AllowedValues; CloudFormation would reject it`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, diags := Parse("t.yaml", []byte(c.src), Options{Params: map[string]string{"Env": "c"}})
			if len(res) != c.nres {
				t.Errorf("got %d resources, want %d", len(res), c.nres)
			}
			for _, r := range res {
				checkInvariants(t, r, strings.Count(c.src, "\n")+1)
			}
			if got := messages(diags); got != c.diags {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, c.diags)
			}
		})
	}
}

func TestDuplicateResourceKeepsLast(t *testing.T) {
	src := "Resources:\n  A: {Type: AWS::SNS::Topic, Properties: {TopicName: first}}\n  A: {Type: AWS::SNS::Topic, Properties: {TopicName: second}}\n"
	res, _ := Parse("t.yaml", []byte(src), Options{})
	if len(res) != 1 || res[0].Attrs["TopicName"] != "second" || res[0].Range.StartLine != 3 {
		t.Fatalf("got %+v", res)
	}
}

func TestFlowYAMLRanges(t *testing.T) {
	src := `Resources:
  SG: {Type: AWS::EC2::SecurityGroup, Properties: {
      GroupDescription: "x, [y]",   # comment with ] and }
      SecurityGroupIngress: [
        {IpProtocol: tcp, FromPort: 22,
         ToPort: 22, CidrIp: 'it''s }'},
        {IpProtocol: it's, CidrIp: "a\"]"}
      ]}}
  Next:
    Type: AWS::SNS::Topic
    Properties:
      Desc: >
        folded [ text {
      After: 1
`
	res, diags := Parse("t.yaml", []byte(src), Options{})
	if len(diags) != 0 || len(res) != 2 {
		t.Fatalf("diags %v, %d resources", diags, len(res))
	}
	want := map[string][2]int{
		"GroupDescription":               {3, 3},
		"SecurityGroupIngress":           {4, 8},
		"SecurityGroupIngress[0]":        {5, 6},
		"SecurityGroupIngress[0].CidrIp": {6, 6},
		"SecurityGroupIngress[1]":        {7, 7},
	}
	for p, w := range want {
		if r := res[0].AttrRanges[p]; r.StartLine != w[0] || r.EndLine != w[1] {
			t.Errorf("%s: %d-%d, want %d-%d", p, r.StartLine, r.EndLine, w[0], w[1])
		}
	}
	if r := res[0].Range; r.StartLine != 2 || r.EndLine != 8 {
		t.Errorf("SG range %+v", r)
	}
	if got := res[0].Attrs["SecurityGroupIngress"].([]any)[0].(map[string]any)["CidrIp"]; got != "it's }" {
		t.Errorf("CidrIp %q", got)
	}
	if r := res[1].AttrRanges["Desc"]; r.StartLine != 12 || r.EndLine != 13 {
		t.Errorf("Desc %+v", r)
	}
	if r := res[1].Range; r.StartLine != 9 || r.EndLine != 14 {
		t.Errorf("Next range %+v", r)
	}
}

func TestJSONParser(t *testing.T) {
	ok := []struct {
		src  string
		want any
	}{
		{`{"Resources": {"R": {"Type": "AWS::X::Y", "Properties": {"A": "a\/b\u00e9\ud83d\ude00\n", "B": -0.5e1, "C": 1E2, "D": [true, false, null], "E": {}, "F": []}}}}`,
			map[string]any{"A": "a/bé😀\n", "B": int64(-5), "C": int64(100), "D": []any{true, false, nil}, "E": map[string]any{}, "F": []any{}}},
		{"\xEF\xBB\xBF{\"Resources\":{\"R\":{\"Type\":\"AWS::X::Y\",\"Properties\":{\"A\":1}}}}\n", map[string]any{"A": int64(1)}},
	}
	for _, c := range ok {
		res, diags := Parse("t.json", []byte(c.src), Options{})
		if len(diags) != 0 || len(res) != 1 {
			t.Fatalf("%s: diags %v", c.src, diags)
		}
		if diff := cmp.Diff(c.want, res[0].Attrs); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.src, diff)
		}
	}
	bad := []struct{ src, diag string }{
		{"{\n  \"a\": 01\n}", "t.json:2:9: JSON syntax error: invalid number (leading zeros and letters are not allowed; quote the value to make it a string)"},
		{"{\"a\": \"x\ny\"}", "t.json:1:9: JSON syntax error: unterminated string: a string cannot span lines (close it with '\"' or write \\n)"},
		{"{\"a\": [1, 2}", "t.json:1:12: JSON syntax error: unexpected character '}': expected ',' or ']' after an array element (is a comma missing?)"},
		{"{\"é\": \"\\x\"}", "t.json:1:7: JSON syntax error: invalid escape sequence in string: invalid character 'x' in string escape code"},
		{"{\"a\": 1} {}", "t.json:1:10: JSON syntax error: unexpected character '{' after the end of the JSON document; a template is a single JSON object"},
		{"{\"a\": tru}", "t.json:1:7: JSON syntax error: unexpected character 't': expected a JSON value (strings need double quotes)"},
		{"{\"a\": [1,]}", "t.json:1:9: JSON syntax error: trailing comma before ']': remove this ','"},
		{"{", "t.json:1:2: JSON syntax error: unexpected end of input: an object is not closed with '}'"},
		{"{\"a\": -}", "t.json:1:8: JSON syntax error: invalid number: a digit must follow '-'"},
		{"{\"a\":\t\"\x01\"}", "t.json:1:8: JSON syntax error: control character '\\x01' in string: escape it"},
	}
	for _, c := range bad {
		res, diags := Parse("t.json", []byte(c.src), Options{})
		if len(res) != 0 || len(diags) != 1 || diags[0].Error() != c.diag || diags[0].Severity != iac.SeverityError {
			t.Errorf("%q: got %v, want %s", c.src, diags, c.diag)
		}
	}
}

func TestDetect(t *testing.T) {
	cases := []struct {
		name, src string
		want      bool
	}{
		{"t.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n", true},
		{"t.yaml", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n", true},
		{"t.json", `{"Resources": {"B": {"Type": "Custom::Thing"}}}`, true},
		{"t.template", "Resources:\n  M:\n    Type: My::Org::Thing::MODULE\n", true},
		{"sam.yml", "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n", true},
		{"broken.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: [\n", true},
		{"broken.json", "{\n  \"Resources\": {\n    \"B\": {\"Type\": \"AWS::S3::Bucket\",,\n", true},
		{"main.tf", "resource \"aws_cloudformation_stack\" \"s\" {\n  template_body = <<EOF\nAWSTemplateFormatVersion: '2010-09-09'\nEOF\n}\n", false},
		{"deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n", false},
		{"serverless.yml", "service: x\nresources:\n  Resources:\n    B:\n      Type: AWS::S3::Bucket\n", false},
		{"values.yaml", "Resources:\n  cpu: 1\nimage: repo::tag\n", false},
		{"empty.yaml", "", false},
		{"doc.md", "The key AWSTemplateFormatVersion is required.\n", false},
	}
	for _, c := range cases {
		if got := Detect(c.name, []byte(c.src)); got != c.want {
			t.Errorf("Detect(%s, %q) = %v, want %v", c.name, c.src, got, c.want)
		}
	}
}

func TestPathological(t *testing.T) {
	// A billion-laughs alias expansion must stop at the step budget.
	var b strings.Builder
	b.WriteString("x0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n")
	for i := 1; i <= 9; i++ {
		b.WriteString("x" + itoa(i) + ": &a" + itoa(i) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	src := "Metadata:\n" + indentLines(b.String(), "  ") + "Resources:\n  R:\n    Type: AWS::X::Y\n    Properties:\n      P: *a9\n"
	res, diags := Parse("bomb.yaml", []byte(src), Options{})
	if len(res) != 1 || len(diags) != 1 || !strings.Contains(diags[0].Message, "evaluation steps") {
		t.Fatalf("got %d resources, diags %v", len(res), diags)
	}

	// Deep nesting.
	deep := "Resources:\n  R:\n    Type: AWS::X::Y\n    Properties:\n      P: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n"
	res, diags = Parse("deep.yaml", []byte(deep), Options{})
	if len(res) != 1 || len(diags) != 1 || !strings.Contains(diags[0].Message, "nested more than") {
		t.Fatalf("got %d resources, diags %v", len(res), diags)
	}
	deepJSON := `{"Resources": {"R": {"Type": "AWS::X::Y", "Properties": {"P": ` + strings.Repeat(`{"Fn::Base64": `, 3000) + `"x"` + strings.Repeat("}", 3000) + "}}}}"
	res, diags = Parse("deep.json", []byte(deepJSON), Options{})
	if len(res) != 1 || len(diags) != 1 {
		t.Fatalf("got %d resources, diags %v", len(res), diags)
	}
	tooDeep := strings.Repeat("[", maxJSONDepth+1)
	if _, diags = Parse("x.json", []byte("{\"a\": "+tooDeep), Options{}); len(diags) != 1 || !strings.Contains(diags[0].Message, "nesting is deeper") {
		t.Fatalf("diags %v", diags)
	}

	// Circular conditions through several steps.
	circ := "Conditions:\n  A: !Not [!Condition B]\n  B: !Or [!Condition C, !Condition A]\n  C: !And [!Condition B, !Condition B]\nResources:\n  R: {Type: AWS::X::Y, Condition: C}\n"
	res, diags = Parse("c.yaml", []byte(circ), Options{})
	if len(res) != 1 {
		t.Fatalf("resources %v", res)
	}
	if got := messages(diags); !strings.Contains(got, "circular conditions: A -> B -> A") || !strings.Contains(got, "circular conditions: B -> C -> B") {
		t.Errorf("diags:\n%s", got)
	}
}

func itoa(i int) string { return string(rune('0' + i)) }

func TestLongSingleLine(t *testing.T) {
	// 20,000 resources on one line of flow YAML: positions must not be
	// recomputed from the start of the line for every node.
	var b strings.Builder
	b.WriteString("Resources: {")
	for i := 0; i < 20000; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("R" + strconv.Itoa(i) + ": {Type: 'AWS::SNS::Topic', Properties: {TopicName: \"t é\", Tags: [{Key: k, Value: 'v'}]}}")
	}
	b.WriteString("}\n")
	start := time.Now()
	res, diags := Parse("long.yaml", []byte(b.String()), Options{})
	if len(res) != 20000 || len(diags) != 0 {
		t.Fatalf("%d resources, %d diagnostics", len(res), len(diags))
	}
	// Generous, for loaded machines and -race; walking the line from its
	// start for every node would take minutes.
	if el := time.Since(start); el > 60*time.Second {
		t.Errorf("took %v", el)
	}
	for _, r := range res[:10] {
		if r.Range.StartLine != 1 || r.Range.EndLine != 1 || r.AttrRanges["Tags[0].Value"].EndLine != 1 {
			t.Fatalf("%+v", r)
		}
	}
}

func TestFlowMappingTemplate(t *testing.T) {
	src := "{Resources: {R: {Type: AWS::SNS::Topic, DependsOn: [Nope],\n  Properties: {A: 1, Fn::Transform: {Name: M}}}}}\n"
	for _, name := range []string{"t.yaml", "t.template"} {
		res, diags := Parse(name, []byte(src), Options{})
		if len(res) != 1 || res[0].Range.EndLine != 2 || res[0].Attrs["A"] != int64(1) || len(res[0].Attrs) != 1 {
			t.Fatalf("%s: %+v", name, res)
		}
		want := name + `:1:53: resource R depends on "Nope", which is not defined under Resources
` + name + `:2:22: Fn::Transform (macro or AWS::Include) is not expanded; the properties it would add are not scanned`
		if name == "t.template" {
			want = name + ":1:2: the template is not valid JSON (unexpected character 'R': expected a double-quoted object key); it was read as YAML, which accepts this\n" + want
		}
		var got []string
		for _, d := range diags {
			got = append(got, d.Error())
		}
		if strings.Join(got, "\n") != want {
			t.Errorf("%s diagnostics:\n%s\nwant:\n%s", name, strings.Join(got, "\n"), want)
		}
	}
}

func TestParameterResourceClash(t *testing.T) {
	src := "Parameters:\n  X: {Type: String, Default: p}\nResources:\n  X: {Type: AWS::SNS::Topic}\n  Y: {Type: AWS::SNS::Topic, Properties: {A: !Ref X}}\n"
	res, diags := Parse("t.yaml", []byte(src), Options{})
	if len(res) != 2 || res[1].Attrs["A"] != "p" {
		t.Fatalf("%+v", res)
	}
	if got := messages(diags); got != "error t.yaml:2:3: X is both a parameter and a resource: logical ids must be unique; Ref X means the parameter" {
		t.Errorf("diagnostics: %s", got)
	}
}
