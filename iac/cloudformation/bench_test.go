package cloudformation

import (
	"fmt"
	"strings"
	"testing"
)

// largeTemplate generates a template with n resources of several kinds
// using parameters, conditions, mappings and intrinsic functions.
func largeTemplate(n int) []byte {
	var b strings.Builder
	b.WriteString(`AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: prod}
  Cidr: {Type: String, Default: 10.0.0.0/8}
  Subnets: {Type: CommaDelimitedList, Default: "subnet-1,subnet-2"}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Mappings:
  Sizes:
    prod: {Instance: m5.large}
Resources:
`)
	for i := 0; i < n; i++ {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, `  Bucket%d:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${AWS::StackName}-bucket-%d"
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
      VersioningConfiguration:
        Status: !If [IsProd, Enabled, Suspended]
      Tags:
        - {Key: env, Value: !Ref Env}
`, i, i)
		case 1:
			fmt.Fprintf(&b, `  Policy%d:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket%d
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: "s3:*"
            Resource: [!GetAtt Bucket%d.Arn, !Sub "${Bucket%d.Arn}/*"]
            Condition: {Bool: {aws:SecureTransport: "false"}}
`, i, i-1, i-1, i-1)
		case 2:
			fmt.Fprintf(&b, `  SG%d:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: group %d
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: !Ref Cidr}
        - !If [IsProd, !Ref AWS::NoValue, {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}]
`, i, i)
		case 3:
			fmt.Fprintf(&b, `  Instance%d:
    Type: AWS::EC2::Instance
    Condition: IsProd
    Properties:
      InstanceType: !FindInMap [Sizes, !Ref Env, Instance]
      SubnetId: !Select [0, !Ref Subnets]
      MetadataOptions: {HttpTokens: required}
      UserData:
        Fn::Base64: !Sub |
          #!/bin/bash
          echo ${AWS::Region}
`, i)
		}
	}
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	data := largeTemplate(2000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, diags := Parse("large.yaml", data, Options{Region: "us-east-1"})
		if len(res) != 2000 || len(diags) != 0 {
			b.Fatalf("%d resources, %v", len(res), diags)
		}
	}
}

func BenchmarkParseJSON(b *testing.B) {
	// The same template as JSON, produced by evaluating nothing: a
	// template of literal properties.
	var sb strings.Builder
	sb.WriteString(`{"Resources": {`)
	for i := 0; i < 2000; i++ {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, "\n  \"Bucket%d\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\"BucketName\": {\"Fn::Sub\": \"b-%d\"}, \"Tags\": [{\"Key\": \"k\", \"Value\": \"v\"}], \"VersioningConfiguration\": {\"Status\": \"Enabled\"}}}", i, i)
	}
	sb.WriteString("\n}}\n")
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, diags := Parse("large.json", data, Options{})
		if len(res) != 2000 || len(diags) != 0 {
			b.Fatalf("%d resources, %v", len(res), diags)
		}
	}
}

func BenchmarkDetect(b *testing.B) {
	data := largeTemplate(2000)
	for b.Loop() {
		if !Detect("large.yaml", data) {
			b.Fatal("not detected")
		}
	}
}
