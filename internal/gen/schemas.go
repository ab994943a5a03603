package gen

import (
	"fmt"

	"cloudward/asset"
)

// schemas are the type and block schemas the generator fills, resolved once
// from the registry.
type schemas struct {
	account, regionSettings, trail                   *asset.TypeSchema
	bucket, user, kms, rds                           *asset.TypeSchema
	vpc, flowLog, sg, instance, volume               *asset.TypeSchema
	passwordPolicy, root, accountPAB                 *asset.ObjectSchema
	bucketPAB, encryption, versioning, bucketLogging *asset.ObjectSchema
	sgRule, imds, accessKey                          *asset.ObjectSchema
}

func lookupSchemas(reg *asset.Registry) (*schemas, error) {
	s := &schemas{}
	var err error
	typ := func(name string) *asset.TypeSchema {
		t, ok := reg.Lookup(name)
		if !ok && err == nil {
			err = fmt.Errorf("gen: the registry has no type %s (register cloudward/asset/aws types)", name)
		}
		return t
	}
	block := func(t *asset.TypeSchema, field string) *asset.ObjectSchema {
		if t == nil {
			return nil
		}
		f := t.Root.Field(field)
		var o *asset.ObjectSchema
		if f != nil {
			switch ft := f.Type; {
			case ft.Kind == asset.KindObject:
				o = ft.Object
			case ft.Kind == asset.KindList && ft.Elem.Kind == asset.KindObject:
				o = ft.Elem.Object
			}
		}
		if o == nil && err == nil {
			err = fmt.Errorf("gen: %s has no object field %s", t.Name, field)
		}
		return o
	}
	s.account = typ("aws.account")
	s.regionSettings = typ("aws.ec2.region_settings")
	s.trail = typ("aws.cloudtrail.trail")
	s.bucket = typ("aws.s3.bucket")
	s.user = typ("aws.iam.user")
	s.kms = typ("aws.kms.key")
	s.rds = typ("aws.rds.instance")
	s.vpc = typ("aws.ec2.vpc")
	s.flowLog = typ("aws.ec2.flow_log")
	s.sg = typ("aws.ec2.security_group")
	s.instance = typ("aws.ec2.instance")
	s.volume = typ("aws.ec2.volume")

	s.passwordPolicy = block(s.account, "password_policy")
	s.root = block(s.account, "root")
	s.accountPAB = block(s.account, "s3_public_access_block")
	s.bucketPAB = block(s.bucket, "public_access_block")
	s.encryption = block(s.bucket, "encryption")
	s.versioning = block(s.bucket, "versioning")
	s.bucketLogging = block(s.bucket, "logging")
	s.sgRule = block(s.sg, "ingress")
	s.imds = block(s.instance, "metadata_options")
	s.accessKey = block(s.user, "access_keys")
	return s, err
}
