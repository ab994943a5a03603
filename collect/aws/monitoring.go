package aws

var monitoringServices []*Service
