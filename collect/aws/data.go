package aws

var dataServices []*Service
