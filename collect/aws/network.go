package aws

var networkServices []*Service
