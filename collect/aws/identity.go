package aws

var identityServices []*Service
