package gen

import (
	"fmt"

	"cloudward/asset"
)

// schemas are the asset types the generator fills, resolved once from the
// registry. Nested blocks are made with asset.Object.Nested.
type schemas struct {
	account, accountSummary, regionSettings, trail                    *asset.TypeSchema
	bucket, user, role, group, policy, samlProvider, oidcProvider     *asset.TypeSchema
	serverCert, kms, rds, rdsCluster, rdsSnapshot, rdsClusterSnapshot *asset.TypeSchema
	vpc, flowLog, sg, instance, volume, snapshot, image               *asset.TypeSchema
	networkACL, routeTable, internetGateway                           *asset.TypeSchema
	loadBalancer, eks, lambda, table, queue, secret, cert, efs, ecr   *asset.TypeSchema
	configRecorder, configChannel, configStatus                       *asset.TypeSchema
	logGroup, metricFilter, alarm, topic, subscription                *asset.TypeSchema
	securityHub, guardDuty, analyzer, analyzerStatus                  *asset.TypeSchema

	accessKey, sgRule, naclEntry *asset.ObjectSchema // list elements
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
	s.account = typ("aws.account")
	s.accountSummary = typ("aws.iam.account_summary")
	s.regionSettings = typ("aws.ec2.region_settings")
	s.trail = typ("aws.cloudtrail.trail")
	s.bucket = typ("aws.s3.bucket")
	s.user = typ("aws.iam.user")
	s.role = typ("aws.iam.role")
	s.group = typ("aws.iam.group")
	s.policy = typ("aws.iam.policy")
	s.samlProvider = typ("aws.iam.saml_provider")
	s.oidcProvider = typ("aws.iam.oidc_provider")
	s.serverCert = typ("aws.iam.server_certificate")
	s.kms = typ("aws.kms.key")
	s.rds = typ("aws.rds.instance")
	s.rdsCluster = typ("aws.rds.cluster")
	s.rdsSnapshot = typ("aws.rds.snapshot")
	s.rdsClusterSnapshot = typ("aws.rds.cluster_snapshot")
	s.vpc = typ("aws.ec2.vpc")
	s.flowLog = typ("aws.ec2.flow_log")
	s.sg = typ("aws.ec2.security_group")
	s.instance = typ("aws.ec2.instance")
	s.volume = typ("aws.ec2.volume")
	s.snapshot = typ("aws.ec2.snapshot")
	s.image = typ("aws.ec2.image")
	s.networkACL = typ("aws.ec2.network_acl")
	s.routeTable = typ("aws.ec2.route_table")
	s.internetGateway = typ("aws.ec2.internet_gateway")
	s.loadBalancer = typ("aws.elbv2.load_balancer")
	s.eks = typ("aws.eks.cluster")
	s.lambda = typ("aws.lambda.function")
	s.table = typ("aws.dynamodb.table")
	s.queue = typ("aws.sqs.queue")
	s.secret = typ("aws.secretsmanager.secret")
	s.cert = typ("aws.acm.certificate")
	s.efs = typ("aws.efs.file_system")
	s.ecr = typ("aws.ecr.repository")
	s.configRecorder = typ("aws.config.recorder")
	s.configChannel = typ("aws.config.delivery_channel")
	s.configStatus = typ("aws.config.region_status")
	s.logGroup = typ("aws.logs.log_group")
	s.metricFilter = typ("aws.logs.metric_filter")
	s.alarm = typ("aws.cloudwatch.alarm")
	s.topic = typ("aws.sns.topic")
	s.subscription = typ("aws.sns.subscription")
	s.securityHub = typ("aws.securityhub.hub")
	s.guardDuty = typ("aws.guardduty.detector")
	s.analyzer = typ("aws.accessanalyzer.analyzer")
	s.analyzerStatus = typ("aws.accessanalyzer.region_status")
	elem := func(t *asset.TypeSchema, field string) *asset.ObjectSchema {
		if t == nil {
			return nil
		}
		if f := t.Root.Field(field); f != nil && f.Type.Kind == asset.KindList && f.Type.Elem.Kind == asset.KindObject {
			return f.Type.Elem.Object
		}
		if err == nil {
			err = fmt.Errorf("gen: %s has no list of objects %s", t.Name, field)
		}
		return nil
	}
	s.accessKey = elem(s.user, "access_keys")
	s.sgRule = elem(s.sg, "ingress")
	s.naclEntry = elem(s.networkACL, "entries")
	return s, err
}
