package aws

import "slices"

// services is the catalogue of everything the collector can collect, in
// one list so the whole of it reads in one place.
var services = slices.Concat([]*Service{
	accountService,
	s3Service,
	ec2Service,
	iamService,
	cloudtrailService,
	kmsService,
	rdsService,
}, monitoringServices, networkServices, dataServices, identityServices)

func serviceByName(name string) *Service {
	for _, s := range services {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// ServiceNames lists the services --services accepts.
func ServiceNames() []string {
	out := make([]string, len(services))
	for i, s := range services {
		out[i] = s.Name
	}
	return out
}
