package aws

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

func TestS3DataEvents(t *testing.T) {
	fs := func(field string, eq ...string) cttypes.AdvancedFieldSelector {
		return cttypes.AdvancedFieldSelector{Field: aws.String(field), Equals: eq}
	}
	s3All := cttypes.DataResource{Type: aws.String("AWS::S3::Object"), Values: []string{"arn:aws:s3"}}
	oneBucket := cttypes.DataResource{Type: aws.String("AWS::S3::Object"), Values: []string{"arn:aws:s3:::logs/"}}
	cases := []struct {
		name        string
		basic       []cttypes.EventSelector
		advanced    []cttypes.AdvancedEventSelector
		read, write bool
	}{
		{"none", nil, nil, false, false},
		{"basic all buckets, all events", []cttypes.EventSelector{{DataResources: []cttypes.DataResource{s3All}}}, nil, true, true},
		{"basic write only", []cttypes.EventSelector{{ReadWriteType: cttypes.ReadWriteTypeWriteOnly, DataResources: []cttypes.DataResource{s3All}}}, nil, false, true},
		{"basic one bucket", []cttypes.EventSelector{{DataResources: []cttypes.DataResource{oneBucket}}}, nil, false, false},
		{"basic lambda only", []cttypes.EventSelector{{DataResources: []cttypes.DataResource{{Type: aws.String("AWS::Lambda::Function"), Values: []string{"arn:aws:lambda"}}}}}, nil, false, false},
		{"advanced all S3 objects", nil, []cttypes.AdvancedEventSelector{{FieldSelectors: []cttypes.AdvancedFieldSelector{
			fs("eventCategory", "Data"), fs("resources.type", "AWS::S3::Object")}}}, true, true},
		{"advanced read only", nil, []cttypes.AdvancedEventSelector{{FieldSelectors: []cttypes.AdvancedFieldSelector{
			fs("eventCategory", "Data"), fs("resources.type", "AWS::S3::Object"), fs("readOnly", "true")}}}, true, false},
		{"advanced narrowed to a bucket", nil, []cttypes.AdvancedEventSelector{{FieldSelectors: []cttypes.AdvancedFieldSelector{
			fs("eventCategory", "Data"), fs("resources.type", "AWS::S3::Object"),
			{Field: aws.String("resources.ARN"), StartsWith: []string{"arn:aws:s3:::logs/"}}}}}, false, false},
		{"advanced ARN prefix of every bucket", nil, []cttypes.AdvancedEventSelector{{FieldSelectors: []cttypes.AdvancedFieldSelector{
			fs("eventCategory", "Data"), fs("resources.type", "AWS::S3::Object"),
			{Field: aws.String("resources.ARN"), StartsWith: []string{"arn:aws:s3:::"}}}}}, true, true},
		{"advanced only some event names", nil, []cttypes.AdvancedEventSelector{{FieldSelectors: []cttypes.AdvancedFieldSelector{
			fs("eventCategory", "Data"), fs("resources.type", "AWS::S3::Object"), fs("eventName", "PutObject")}}}, false, false},
		{"advanced management only", nil, []cttypes.AdvancedEventSelector{{FieldSelectors: []cttypes.AdvancedFieldSelector{
			fs("eventCategory", "Management")}}}, false, false},
	}
	for _, c := range cases {
		r, w := s3DataEvents(c.basic, c.advanced)
		if r != c.read || w != c.write {
			t.Errorf("%s: read %v write %v, want %v %v", c.name, r, w, c.read, c.write)
		}
	}
}
