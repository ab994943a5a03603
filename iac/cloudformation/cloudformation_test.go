package cloudformation

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"cloudward/iac"

	"github.com/google/go-cmp/cmp"
)

// get returns the value at path (the AttrRanges path syntax) in attrs.
func get(attrs map[string]any, path string) (any, bool) {
	var cur any = attrs
	for path != "" {
		switch {
		case strings.HasPrefix(path, "[\""):
			end := strings.Index(path, "\"]")
			key, err := strconv.Unquote(path[1 : end+1])
			if err != nil {
				return nil, false
			}
			m, ok := cur.(map[string]any)
			if !ok {
				return nil, false
			}
			if cur, ok = m[key]; !ok {
				return nil, false
			}
			path = strings.TrimPrefix(path[end+2:], ".")
		case strings.HasPrefix(path, "["):
			end := strings.IndexByte(path, ']')
			i, err := strconv.Atoi(path[1:end])
			l, ok := cur.([]any)
			if err != nil || !ok || i >= len(l) {
				return nil, false
			}
			cur = l[i]
			path = strings.TrimPrefix(path[end+1:], ".")
		default:
			end := strings.IndexAny(path, ".[")
			if end < 0 {
				end = len(path)
			}
			m, ok := cur.(map[string]any)
			if !ok {
				return nil, false
			}
			if cur, ok = m[path[:end]]; !ok {
				return nil, false
			}
			path = strings.TrimPrefix(path[end:], ".")
		}
	}
	return cur, true
}

func unknown(reason string) iac.Unknown { return iac.Unknown{Reason: reason} }

type wantResource struct {
	typ, addr  string
	start, end int
	attrs      map[string]any    // path → exact value
	ranges     map[string][2]int // path → start, end line
	absent     []string          // paths that must not exist
}

type parseCase struct {
	name  string
	file  string // under testdata
	opts  Options
	res   []wantResource
	diags []string // "severity line:col message-substring", in order
}

func parseFixture(t *testing.T, name string, opts Options) ([]iac.Resource, []iac.Diagnostic) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return Parse(name, data, opts)
}

func checkDiags(t *testing.T, got []iac.Diagnostic, want []string) {
	t.Helper()
	if len(got) != len(want) {
		var lines []string
		for _, d := range got {
			lines = append(lines, d.Severity+" "+d.Error())
		}
		t.Fatalf("got %d diagnostics, want %d:\n%s", len(got), len(want), strings.Join(lines, "\n"))
	}
	for i, w := range want {
		parts := strings.SplitN(w, " ", 3)
		d := got[i]
		pos := fmt.Sprintf("%d:%d", d.Line, d.Column)
		if d.Severity != parts[0] || pos != parts[1] || !strings.Contains(d.Message, parts[2]) {
			t.Errorf("diagnostic %d = %s %s %q, want %s", i, d.Severity, pos, d.Message, w)
		}
	}
}

func checkResources(t *testing.T, file string, got []iac.Resource, want []wantResource, opts Options) {
	t.Helper()
	if len(got) != len(want) {
		var names []string
		for _, r := range got {
			names = append(names, r.Address)
		}
		t.Fatalf("got resources %v, want %d", names, len(want))
	}
	for i, w := range want {
		r := got[i]
		if r.Format != iac.FormatCloudFormation || r.Type != w.typ || r.Address != w.addr || r.Name != w.addr {
			t.Errorf("resource %d = %s %s %s (name %s), want %s %s", i, r.Format, r.Type, r.Address, r.Name, w.typ, w.addr)
		}
		if r.Range != (iac.Range{File: file, StartLine: w.start, EndLine: w.end}) {
			t.Errorf("%s: range %+v, want %d-%d", w.addr, r.Range, w.start, w.end)
		}
		if r.Region != opts.Region || r.Account != opts.AccountID {
			t.Errorf("%s: region/account %q/%q", w.addr, r.Region, r.Account)
		}
		for path, wv := range w.attrs {
			gv, ok := get(r.Attrs, path)
			if !ok {
				t.Errorf("%s: %s missing", w.addr, path)
				continue
			}
			if diff := cmp.Diff(wv, gv); diff != "" {
				t.Errorf("%s: %s (-want +got):\n%s", w.addr, path, diff)
			}
		}
		for path, wr := range w.ranges {
			gr, ok := r.AttrRanges[path]
			if !ok {
				t.Errorf("%s: no range for %s", w.addr, path)
				continue
			}
			if gr.File != file || gr.StartLine != wr[0] || gr.EndLine != wr[1] {
				t.Errorf("%s: range of %s = %d-%d, want %d-%d", w.addr, path, gr.StartLine, gr.EndLine, wr[0], wr[1])
			}
		}
		for _, path := range w.absent {
			if v, ok := get(r.Attrs, path); ok {
				t.Errorf("%s: %s = %v, want absent", w.addr, path, v)
			}
			if _, ok := r.AttrRanges[path]; ok {
				t.Errorf("%s: range for absent %s", w.addr, path)
			}
		}
		checkInvariants(t, r, 1<<30)
	}
}

// checkInvariants checks what holds for every resource: Attrs hold only
// the documented types, every Attrs path has a range and every range a
// path, ranges are ordered.
func checkInvariants(t testing.TB, r iac.Resource, lines int) {
	t.Helper()
	if r.Range.StartLine < 1 || r.Range.EndLine < r.Range.StartLine || r.Range.EndLine > lines {
		t.Errorf("%s: bad range %+v (%d lines)", r.Address, r.Range, lines)
	}
	paths := map[string]bool{}
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch v := v.(type) {
		case nil, bool, int64, float64, string, iac.Unknown:
		case []any:
			for i, e := range v {
				p := joinIndex(path, i)
				paths[p] = true
				walk(e, p)
			}
		case map[string]any:
			for k, e := range v {
				p := joinKey(path, k)
				paths[p] = true
				walk(e, p)
			}
		default:
			t.Errorf("%s: %s has type %T", r.Address, path, v)
		}
	}
	if r.Attrs == nil {
		t.Errorf("%s: nil Attrs", r.Address)
	}
	walk(r.Attrs, "")
	for p := range paths {
		if _, ok := r.AttrRanges[p]; !ok {
			t.Errorf("%s: no range for %s", r.Address, p)
		}
	}
	for p, rg := range r.AttrRanges {
		if !paths[p] {
			t.Errorf("%s: range for %s, which is not in Attrs", r.Address, p)
		}
		if rg.StartLine < 1 || rg.EndLine < rg.StartLine || rg.EndLine > lines {
			t.Errorf("%s: bad range %+v for %s", r.Address, rg, p)
		}
	}
}

func TestParseFixtures(t *testing.T) {
	full := Options{Region: "eu-west-1", AccountID: "123456789012", StackName: "logs"}
	cases := []parseCase{
		{
			name: "s3 bucket and policy, all pseudo parameters known",
			file: "s3.yaml",
			opts: full,
			res: []wantResource{
				{
					typ: "AWS::S3::Bucket", addr: "LogBucket", start: 20, end: 48,
					attrs: map[string]any{
						"BucketName": "logs-logs-123456789012",
						"BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm":   "aws:kms",
						"BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID": unknown("parameter KmsKeyArn has no value"),
						"BucketEncryption.ServerSideEncryptionConfiguration[0].BucketKeyEnabled":                             true,
						"PublicAccessBlockConfiguration": map[string]any{
							"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
						},
						"VersioningConfiguration.Status":                   "Enabled",
						"LifecycleConfiguration.Rules[0].ExpirationInDays": int64(90),
						"Tags": []any{
							map[string]any{"Key": "environment", "Value": "prod"},
							map[string]any{"Key": "cost-center", "Value": "1234"},
						},
					},
					ranges: map[string][2]int{
						"BucketName":       {25, 25},
						"BucketEncryption": {26, 31},
						"BucketEncryption.ServerSideEncryptionConfiguration[0]":                                            {28, 31},
						"BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm": {29, 29},
						"VersioningConfiguration.Status":                                                                   {38, 38},
						"Tags[1].Value":                                                                                    {48, 48},
					},
					absent: []string{"DeletionPolicy", "UpdateReplacePolicy", "Type"},
				},
				{
					typ: "AWS::S3::BucketPolicy", addr: "LogBucketPolicy", start: 50, end: 72,
					attrs: map[string]any{
						"Bucket": unknown("ref:LogBucket: physical id of LogBucket is known only after deployment"),
						"PolicyDocument.Statement[0].Resource[0]":       unknown("getatt:LogBucket.Arn: attribute Arn of LogBucket is known only after deployment"),
						"PolicyDocument.Statement[0].Resource[1]":       unknown(`Fn::Sub "${LogBucket.Arn}/*": ${LogBucket.Arn} is unknown: getatt:LogBucket.Arn: attribute Arn of LogBucket is known only after deployment`),
						"PolicyDocument.Statement[0].Condition.Bool":    map[string]any{"aws:SecureTransport": "false"},
						"PolicyDocument.Statement[1].Principal.Service": "logging.s3.amazonaws.com",
						"PolicyDocument.Statement[1].Resource":          unknown(`Fn::Sub "arn:${AWS::Partition}:s3:::${LogBucket}/*": ${LogBucket} is unknown: ref:LogBucket: physical id of LogBucket is known only after deployment`),
					},
					ranges: map[string][2]int{
						"Bucket":                                  {53, 53},
						"PolicyDocument":                          {54, 72},
						"PolicyDocument.Statement[0]":             {57, 66},
						"PolicyDocument.Statement[0].Resource":    {61, 63},
						"PolicyDocument.Statement[0].Resource[1]": {63, 63},
						"PolicyDocument.Statement[0].Condition.Bool.aws:SecureTransport": {66, 66},
						"PolicyDocument.Statement[1].Resource":                           {72, 72},
					},
				},
			},
		},
		{
			name: "s3 with parameter overrides and nothing known about the stack",
			file: "s3.yaml",
			opts: Options{Params: map[string]string{"Environment": "dev", "KmsKeyArn": "arn:aws:kms:eu-west-1:1:key/k"}},
			res: []wantResource{
				{
					typ: "AWS::S3::Bucket", addr: "LogBucket", start: 20, end: 48,
					attrs: map[string]any{
						"BucketName": unknown(`Fn::Sub "${AWS::StackName}-logs-${AWS::AccountId}": ${AWS::StackName} is unknown: AWS::StackName is known only at deployment (no stack name given)`),
						"BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID": "arn:aws:kms:eu-west-1:1:key/k",
						"VersioningConfiguration.Status": "Suspended",
						"Tags": []any{
							map[string]any{"Key": "environment", "Value": "dev"},
							map[string]any{"Key": "cost-center"},
						},
					},
					absent: []string{"Tags[1].Value", "Tags[2]"},
				},
				{typ: "AWS::S3::BucketPolicy", addr: "LogBucketPolicy", start: 50, end: 72},
			},
		},
		{
			name: "security group with inline rules and a separate ingress",
			file: "security_group.yaml",
			res: []wantResource{
				{
					typ: "AWS::EC2::SecurityGroup", addr: "WebSecurityGroup", start: 19, end: 43,
					attrs: map[string]any{
						"VpcId": unknown("parameter VpcId has no value"),
						"SecurityGroupIngress": []any{
							map[string]any{"IpProtocol": "tcp", "FromPort": int64(443), "ToPort": int64(443), "CidrIp": "0.0.0.0/0", "Description": "HTTPS from anywhere"},
							map[string]any{"IpProtocol": "tcp", "FromPort": int64(22), "ToPort": int64(22), "CidrIp": "0.0.0.0/0"},
							map[string]any{"IpProtocol": "tcp", "FromPort": int64(80), "ToPort": int64(80), "CidrIpv6": "::/0"},
						},
						"SecurityGroupEgress[0].IpProtocol": "-1",
					},
					ranges: map[string][2]int{
						"SecurityGroupIngress":             {24, 40},
						"SecurityGroupIngress[0]":          {25, 29},
						"SecurityGroupIngress[1]":          {30, 36},
						"SecurityGroupIngress[1].CidrIp":   {35, 35},
						"SecurityGroupIngress[2].CidrIpv6": {40, 40},
					},
				},
				{
					typ: "AWS::EC2::SecurityGroupIngress", addr: "RdpIngress", start: 45, end: 52,
					attrs: map[string]any{
						"GroupId":  unknown("getatt:WebSecurityGroup.GroupId: attribute GroupId of WebSecurityGroup is known only after deployment"),
						"CidrIp":   "0.0.0.0/0",
						"FromPort": int64(3389),
					},
					ranges: map[string][2]int{"CidrIp": {52, 52}},
				},
			},
		},
		{
			name: "security group with ssh disabled drops the list element",
			file: "security_group.yaml",
			opts: Options{Params: map[string]string{"EnableSsh": "false", "VpcId": "vpc-1"}},
			res: []wantResource{
				{
					typ: "AWS::EC2::SecurityGroup", addr: "WebSecurityGroup", start: 19, end: 43,
					attrs: map[string]any{
						"VpcId":                            "vpc-1",
						"SecurityGroupIngress[1].FromPort": int64(80),
					},
					ranges: map[string][2]int{
						"SecurityGroupIngress[1]":          {37, 40},
						"SecurityGroupIngress[1].FromPort": {38, 38},
					},
					absent: []string{"SecurityGroupIngress[2]"},
				},
				{typ: "AWS::EC2::SecurityGroupIngress", addr: "RdpIngress", start: 45, end: 52},
			},
		},
		{
			name: "ec2 instance with condition, mapping and region",
			file: "ec2.yaml",
			opts: Options{Region: "eu-west-1"},
			res: []wantResource{
				{
					typ: "AWS::EC2::Instance", addr: "Bastion", start: 29, end: 52,
					attrs: map[string]any{
						"ImageId":          "ami-0fedcba9876543210",
						"InstanceType":     "t3.micro",
						"KeyName":          unknown("parameter KeyName has no value"),
						"SubnetId":         "subnet-aaa",
						"AvailabilityZone": unknown("Fn::Select from an unknown list: Fn::GetAZs: the availability zones of eu-west-1 are known only at deployment"),
						"MetadataOptions": map[string]any{
							"HttpTokens": "required", "HttpEndpoint": "enabled", "HttpPutResponseHopLimit": int64(1),
						},
						"BlockDeviceMappings[0].Ebs.Encrypted": true,
						"UserData":                             "IyEvYmluL2Jhc2gKZWNobyAicmVnaW9uIGV1LXdlc3QtMSIgPiAvZXRjL21vdGQK",
					},
					ranges: map[string][2]int{
						"MetadataOptions":            {38, 41},
						"MetadataOptions.HttpTokens": {39, 39},
						"UserData":                   {49, 52},
					},
				},
			},
		},
		{
			name: "ec2 bastion not wanted: the other resource exists instead",
			file: "ec2.yaml",
			opts: Options{Params: map[string]string{"CreateBastion": "no"}},
			res: []wantResource{
				{typ: "AWS::CloudFormation::WaitConditionHandle", addr: "Placeholder", start: 54, end: 56, attrs: map[string]any{}},
			},
		},
		{
			name: "ec2 with unknown region",
			file: "ec2.yaml",
			res: []wantResource{
				{
					typ: "AWS::EC2::Instance", addr: "Bastion", start: 29, end: 52,
					attrs: map[string]any{
						"ImageId":  unknown("Fn::FindInMap with an unknown key: AWS::Region is known only at deployment (no region given)"),
						"UserData": unknown(`Fn::Base64 of an unknown value: Fn::Sub "#!/bin/bash\necho \"region ${AWS::Region}\" > /etc/motd\n": ${AWS::Region} is unknown: AWS::Region is known only at deployment (no region given)`),
					},
				},
			},
		},
		{
			name: "rds with unknown MultiAZ parameter",
			file: "rds.yaml",
			res: []wantResource{
				{
					typ: "AWS::RDS::DBParameterGroup", addr: "DBParameterGroup", start: 29, end: 36,
					attrs: map[string]any{
						"Parameters": map[string]any{"rds.force_ssl": "1", "log_min_duration_statement": int64(500)},
					},
					ranges: map[string][2]int{
						`Parameters["rds.force_ssl"]`:           {35, 35},
						"Parameters.log_min_duration_statement": {36, 36},
					},
				},
				{
					typ: "AWS::RDS::DBInstance", addr: "Database", start: 38, end: 55,
					attrs: map[string]any{
						"DBInstanceClass":       "db.t3.medium",
						"AllocatedStorage":      int64(100),
						"DBName":                "app",
						"EngineVersion":         "15.4",
						"MasterUserPassword":    unknown("dynamic reference {{resolve:secretsmanager:prod/db:SecretString:password}} is resolved at deployment"),
						"StorageEncrypted":      true,
						"PubliclyAccessible":    false,
						"MultiAZ":               unknown("Fn::If: condition IsMultiAZ depends on an unknown value: parameter MultiAZ has no value"),
						"DeletionProtection":    unknown("Fn::If: condition IsMultiAZ depends on an unknown value: parameter MultiAZ has no value"),
						"BackupRetentionPeriod": int64(7),
						"DBParameterGroupName":  unknown("ref:DBParameterGroup: physical id of DBParameterGroup is known only after deployment"),
					},
					ranges: map[string][2]int{"MultiAZ": {50, 50}, "MasterUserPassword": {48, 48}},
					absent: []string{"EnableIAMDatabaseAuthentication"},
				},
			},
		},
		{
			name: "rds in production with MultiAZ",
			file: "rds.yaml",
			opts: Options{Params: map[string]string{"MultiAZ": "true", "Environment": "production", "AllocatedStorage": "20.5"}},
			res: []wantResource{
				{typ: "AWS::RDS::DBParameterGroup", addr: "DBParameterGroup", start: 29, end: 36},
				{
					typ: "AWS::RDS::DBInstance", addr: "Database", start: 38, end: 55,
					attrs: map[string]any{
						"AllocatedStorage":                20.5,
						"MultiAZ":                         true,
						"DeletionProtection":              true,
						"BackupRetentionPeriod":           int64(35),
						"EnableIAMDatabaseAuthentication": true,
					},
				},
			},
		},
		{
			name: "json template",
			file: "template.json",
			opts: Options{StackName: "app"},
			res: []wantResource{
				{
					typ: "AWS::SQS::Queue", addr: "Queue", start: 23, end: 34,
					attrs: map[string]any{
						"QueueName":              "app-jobs",
						"KmsMasterKeyId":         "alias/aws/sqs",
						"MessageRetentionPeriod": int64(1209600),
						"Tags[0].Value":          "jobs \U0001F680",
						"Tags[1].Value":          "subnet-2",
					},
					ranges: map[string][2]int{
						"QueueName":     {26, 26},
						"Tags":          {29, 32},
						"Tags[1]":       {31, 31},
						"Tags[1].Value": {31, 31},
					},
				},
				{
					typ: "AWS::SNS::Topic", addr: "Topic", start: 35, end: 43,
					attrs: map[string]any{
						"KmsMasterKeyId":           unknown("getatt:Queue.Arn: attribute Arn of Queue is known only after deployment"),
						"Subscription[0].Endpoint": unknown("getatt:Queue.Arn: attribute Arn of Queue is known only after deployment"),
					},
					ranges: map[string][2]int{"Subscription": {39, 41}},
				},
			},
		},
		{
			name: "json template without a KMS key",
			file: "template.json",
			opts: Options{Params: map[string]string{"KmsKeyId": ""}},
			res: []wantResource{
				{typ: "AWS::SQS::Queue", addr: "Queue", start: 23, end: 34, absent: []string{"KmsMasterKeyId"}},
				{typ: "AWS::SNS::Topic", addr: "Topic", start: 35, end: 43},
			},
		},
		{
			name: "sam template is read without expansion",
			file: "sam.yaml",
			res: []wantResource{
				{
					typ: "AWS::Serverless::Function", addr: "HelloFunction", start: 11, end: 29,
					attrs: map[string]any{
						"Runtime":                             "python3.12",
						"Policies[0].S3ReadPolicy.BucketName": unknown("ref:DataBucket: physical id of DataBucket is known only after deployment"),
						"Environment.Variables": map[string]any{
							"ROLE_ARN": unknown("getatt:HelloFunctionRole.Arn: attribute Arn of HelloFunctionRole is known only after deployment (HelloFunctionRole is not declared in the template; the SAM transform may generate it)"),
						},
						"Events.Api.Properties.Path": "/hello",
					},
					absent: []string{"Timeout", "Tracing"},
				},
				{typ: "AWS::S3::Bucket", addr: "DataBucket", start: 31, end: 32, attrs: map[string]any{}},
			},
		},
		{
			name: "every intrinsic function",
			file: "intrinsics.yaml",
			opts: Options{Region: "cn-north-1"},
			res: []wantResource{
				{
					typ: "Custom::Thing", addr: "Thing", start: 22, end: 60,
					attrs: map[string]any{
						"ServiceToken":      unknown("Fn::ImportValue shared-service-token: the value is exported by another stack"),
						"Sub1":              "app-cn-north-1-aws-cn.amazonaws.com.cn",
						"Sub2":              "app-x/443/${Literal}",
						"Sub3":              unknown("getatt:Thing2.Arn: attribute Arn of Thing2 is known only after deployment"),
						"GetAttList":        unknown("getatt:Thing2.Outputs.Value: attribute Outputs.Value of Thing2 is known only after deployment"),
						"Joined":            "a,1,true",
						"Split":             []any{"a", "b", "", "c"},
						"Selected":          "16",
						"Encoded":           "aGVsbG8=",
						"Subnets":           []any{"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"},
						"Subnets6":          []any{"2001:db8::/64", "2001:db8:0:1::/64"},
						"AZ":                unknown("Fn::GetAZs: the availability zones of cn-north-1 are known only at deployment"),
						"Included":          unknown("Fn::Transform: the value is produced by a macro at deployment"),
						"Mapped":            []any{"t3.micro", "t3.small"},
						"Defaulted":         []any{"m5.large"},
						"Length":            int64(3),
						"Json":              `{"a":["x"],"b":1}`,
						"IfTrue":            "yes-branch",
						"LongForm":          "app-long",
						"Stack":             unknown("AWS::StackId is known only after deployment"),
						"Notifications":     unknown("AWS::NotificationARNs are known only at deployment"),
						"Nums":              []any{int64(1), 2.5, int64(1), int64(0), int64(16), nil, nil, "007"},
						"Literal":           "line one\nline two\n",
						"Folded":            "folded text",
						"Multi":             "a plain scalar that continues",
						"Quoted":            "a quoted value",
						`["key.with.dots"]`: int64(1),
					},
					ranges: map[string][2]int{
						"Sub2":              {27, 30},
						"Subnets[2]":        {37, 37},
						"Literal":           {50, 52},
						"Folded":            {53, 55},
						"Multi":             {56, 57},
						"Quoted":            {58, 59},
						`["key.with.dots"]`: {60, 60},
					},
				},
				{
					typ: "Custom::Other", addr: "Thing2", start: 61, end: 70,
					attrs: map[string]any{
						"Anchored": map[string]any{"Size": int64(3), "Name": "shared"},
						"Aliased":  map[string]any{"Size": int64(3), "Name": "shared"},
						"Merged":   map[string]any{"Size": int64(4), "Name": "shared"},
					},
					ranges: map[string][2]int{
						"Aliased":      {67, 67},
						"Aliased.Size": {65, 65},
						"Merged":       {68, 70},
						"Merged.Size":  {70, 70},
						"Merged.Name":  {66, 66},
					},
				},
			},
			diags: []string{"warning 40:17 Fn::Transform (macro or AWS::Include) is not expanded"},
		},
		{
			name: "semantic errors",
			file: "broken/semantic.yaml",
			res: []wantResource{
				{typ: "AWS::S3::Bucket", addr: "Bucket", start: 14, end: 18, attrs: map[string]any{}},
				{
					typ: "AWS::SQS::Queue", addr: "Queue", start: 19, end: 31,
					attrs: map[string]any{
						"QueueName":                     unknown("Ref to undefined name Missing"),
						"DelaySeconds":                  unknown("unknown intrinsic function !Frobnicate"),
						"MaximumMessageSize":            unknown("unknown intrinsic function Fn::Frobnicate"),
						"MessageRetentionPeriod":        unknown("invalid Fn::Join (see the diagnostics)"),
						"ReceiveMessageWaitTimeSeconds": unknown("invalid Fn::Select (see the diagnostics)"),
						"RedrivePolicy":                 unknown("Fn::GetAtt to undefined resource Nowhere"),
						"Tags[0].Value":                 unknown("invalid Fn::FindInMap (see the diagnostics)"),
					},
				},
			},
			diags: []string{
				"error 6:3 circular conditions: A -> B -> A",
				`error 9:12 condition "Undefined" is not defined under Conditions`,
				"error 11:3 resource NoType has no Type",
				`error 17:5 resource Bucket has unknown attribute "Propertes"`,
				"warning 16:16 resource Bucket is created only if condition A is true, which cannot be known statically (condition A is circular)",
				"warning 21:16 resource Queue is created only if condition C is true, which cannot be known statically (condition C depends on an unknown value: parameter Env has no value)",
				`error 23:18 Ref to undefined name "Missing"`,
				"error 24:21 unknown intrinsic function !Frobnicate",
				"error 25:27 unknown intrinsic function Fn::Frobnicate",
				"error 26:31 !Join needs a list of 2 arguments, not a list of 1",
				"error 27:38 Fn::Select: index 5 is out of range for a list of 2",
				"error 28:22 Fn::GetAtt Nowhere.Arn: resource Nowhere is not defined under Resources",
				`error 31:18 Fn::FindInMap: mapping "NoSuchMap" is not defined under Mappings`,
				`error 32:3 resource NotAMapping must be a mapping with Type and Properties, not the value "just a string"`,
			},
		},
		{
			name:  "yaml syntax error points at the offending line",
			file:  "broken/syntax.yaml",
			diags: []string{"error 7:6 YAML syntax error: did not find expected key (check the indentation"},
		},
		{
			name:  "tab indentation",
			file:  "broken/tabs.yaml",
			diags: []string{"error 3:1 YAML syntax error: found character that cannot start any token (YAML does not allow tabs"},
		},
		{
			name:  "json syntax error",
			file:  "broken/syntax2.json",
			diags: []string{"error 6:7 JSON syntax error: unexpected character '\"': expected ',' or '}' after an object member (is a comma missing?)"},
		},
		{
			name:  "trailing comma in json",
			file:  "broken/syntax.json",
			diags: []string{"error 7:29 JSON syntax error: trailing comma before '}': remove this ','"},
		},
		{
			name: "invalid json that is valid yaml is read as yaml when the file is not named .json",
			file: "broken/flow.template",
			res: []wantResource{
				{typ: "AWS::S3::Bucket", addr: "Bucket", start: 4, end: 9, attrs: map[string]any{"BucketName": "logs"}, ranges: map[string][2]int{"BucketName": {7, 7}}},
			},
			diags: []string{"warning 7:29 the template is not valid JSON (trailing comma before '}': remove this ','); it was read as YAML"},
		},
		{
			name:  "empty file",
			file:  "broken/empty.yaml",
			diags: []string{"error 1:1 the template is empty"},
		},
		{
			name:  "not a mapping",
			file:  "broken/not_mapping.yaml",
			diags: []string{"error 1:1 a CloudFormation template must be a mapping of sections"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, diags := parseFixture(t, c.file, c.opts)
			checkDiags(t, diags, c.diags)
			checkResources(t, c.file, res, c.res, c.opts)
		})
	}
}

func TestLineEndingsAndEncodings(t *testing.T) {
	for _, name := range []string{"s3.yaml", "ec2.yaml", "intrinsics.yaml", "template.json", "broken/semantic.yaml"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		opts := Options{Region: "us-east-1"}
		wantRes, wantDiags := Parse(name, data, opts)
		crlf := []byte(strings.ReplaceAll(string(data), "\n", "\r\n"))
		cr := []byte(strings.ReplaceAll(string(data), "\n", "\r"))
		utf16le := []byte{0xFF, 0xFE}
		for _, r := range string(data) {
			utf16le = append(utf16le, byte(r), byte(r>>8)) // fixtures are BMP-only or ASCII
		}
		variants := map[string][]byte{"crlf": crlf, "utf16le": utf16le}
		if !strings.HasSuffix(name, ".json") {
			variants["cr"] = cr
		}
		for vname, v := range variants {
			res, diags := Parse(name, v, opts)
			if diff := cmp.Diff(wantRes, res); diff != "" {
				t.Errorf("%s %s: resources differ (-lf +%s):\n%s", name, vname, vname, diff)
			}
			if diff := cmp.Diff(wantDiags, diags); diff != "" {
				t.Errorf("%s %s: diagnostics differ:\n%s", name, vname, diff)
			}
		}
	}
}

func TestConcurrentParse(t *testing.T) {
	files := []string{"s3.yaml", "ec2.yaml", "rds.yaml", "template.json", "sam.yaml", "intrinsics.yaml", "security_group.yaml"}
	done := make(chan struct{})
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		want, _ := Parse(f, data, Options{Region: "us-east-1"})
		for range 4 {
			go func() {
				defer func() { done <- struct{}{} }()
				got, _ := Parse(f, data, Options{Region: "us-east-1"})
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s: concurrent result differs:\n%s", f, diff)
				}
			}()
		}
	}
	for range 4 * len(files) {
		<-done
	}
}
