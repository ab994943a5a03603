package aws

import (
	"context"
	"fmt"
	"sync"

	"cloudward/asset"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// networkServices are the network and compute services beyond EC2 (whose
// network ACLs, route tables, gateways, snapshots and AMIs are in ec2.go).
var networkServices = []*Service{elbv2Service, eksService}

// --- Elastic Load Balancing v2 ---------------------------------------------

var (
	opELBv2DescribeLoadBalancers          = Op{"Elastic Load Balancing v2", "DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancers"}
	opELBv2DescribeLoadBalancerAttributes = Op{"Elastic Load Balancing v2", "DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeLoadBalancerAttributes"}
	opELBv2DescribeListeners              = Op{"Elastic Load Balancing v2", "DescribeListeners", "elasticloadbalancing:DescribeListeners"}
	opELBv2DescribeTags                   = Op{"Elastic Load Balancing v2", "DescribeTags", "elasticloadbalancing:DescribeTags"}
)

var elbv2Service = &Service{
	Name: "elbv2",
	Ops: []Op{opELBv2DescribeLoadBalancers, opELBv2DescribeLoadBalancerAttributes, opELBv2DescribeListeners,
		opELBv2DescribeTags},
	Collect: collectELBv2,
}

const (
	elbv2PageSize    = 400 // DescribeLoadBalancers' and DescribeListeners' largest PageSize
	elbv2TagsPerCall = 20  // DescribeTags' largest number of ARNs
)

// elbv2AttributeFields are the fields DescribeLoadBalancerAttributes fills.
var elbv2AttributeFields = []string{"deletion_protection", "access_logs_enabled", "access_logs_bucket", "drop_invalid_header_fields"}

// collectELBv2 emits the Application, Network and Gateway Load Balancers of
// one region with their attributes, listeners and tags.
func collectELBv2(ctx context.Context, s *Scope) error {
	cl := elbv2.NewFromConfig(s.Config)
	var lbs []elbv2types.LoadBalancer
	p := elbv2.NewDescribeLoadBalancersPaginator(cl, &elbv2.DescribeLoadBalancersInput{PageSize: aws.Int32(elbv2PageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if len(lbs) > 0 {
				s.Gap(opELBv2DescribeLoadBalancers, "", err)
				break
			}
			return fmt.Errorf("%s: %w", opELBv2DescribeLoadBalancers.Action, err)
		}
		lbs = append(lbs, page.LoadBalancers...)
	}
	if len(lbs) == 0 {
		return nil
	}
	tags := elbv2Tags(ctx, s, cl, lbs)
	each(len(lbs), func(i int) {
		a := loadBalancerAsset(ctx, s, cl, lbs[i])
		a.SetTags(tags[a.ID])
		_ = s.Emit(a)
	})
	return nil
}

// elbv2Tags reads the tags of every load balancer, twenty per call; a
// failed call leaves its load balancers untagged and records a gap.
func elbv2Tags(ctx context.Context, s *Scope, cl *elbv2.Client, lbs []elbv2types.LoadBalancer) map[string]map[string]string {
	var batches [][]string
	for i := 0; i < len(lbs); i += elbv2TagsPerCall {
		var arns []string
		for _, lb := range lbs[i:min(i+elbv2TagsPerCall, len(lbs))] {
			arns = append(arns, aws.ToString(lb.LoadBalancerArn))
		}
		batches = append(batches, arns)
	}
	var mu sync.Mutex
	out := map[string]map[string]string{}
	each(len(batches), func(i int) {
		res, err := cl.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: batches[i]})
		if err != nil {
			for _, arn := range batches[i] {
				s.Gap(opELBv2DescribeTags, arn, err)
			}
			return
		}
		mu.Lock()
		defer mu.Unlock()
		for _, d := range res.TagDescriptions {
			if m := tagMap(d.Tags, func(t elbv2types.Tag) (*string, *string) { return t.Key, t.Value }); m != nil {
				out[aws.ToString(d.ResourceArn)] = m
			}
		}
	})
	return out
}

func loadBalancerAsset(ctx context.Context, s *Scope, cl *elbv2.Client, lb elbv2types.LoadBalancer) *asset.Asset {
	arn, name := aws.ToString(lb.LoadBalancerArn), aws.ToString(lb.LoadBalancerName)
	a := s.New("aws.elbv2.load_balancer", arn, name)
	o := a.Root
	var subnets []string
	for _, az := range lb.AvailabilityZones {
		if sub := aws.ToString(az.SubnetId); sub != "" {
			subnets = append(subnets, sub)
		}
	}
	o.SetString("load_balancer_name", name).
		SetString("load_balancer_type", string(lb.Type)).
		SetString("scheme", string(lb.Scheme)).
		SetString("dns_name", aws.ToString(lb.DNSName)).
		SetString("vpc_id", aws.ToString(lb.VpcId)).
		SetStrings("security_group_ids", lb.SecurityGroups).
		SetStrings("subnet_ids", subnets).
		SetString("ip_address_type", string(lb.IpAddressType)).
		SetTime("created_time", aws.ToTime(lb.CreatedTime))
	if lb.State != nil {
		o.SetString("state", string(lb.State.Code))
	}
	readLoadBalancerAttributes(ctx, s, cl, o, lb, arn)
	readListeners(ctx, s, cl, o, arn)
	return a
}

// readLoadBalancerAttributes fills the security attributes. An attribute
// the response leaves out although it applies to the load balancer's type is
// unknown: it is never assumed to be off.
func readLoadBalancerAttributes(ctx context.Context, s *Scope, cl *elbv2.Client, o *asset.Object, lb elbv2types.LoadBalancer, arn string) {
	res, err := cl.DescribeLoadBalancerAttributes(ctx, &elbv2.DescribeLoadBalancerAttributesInput{LoadBalancerArn: aws.String(arn)})
	if err != nil {
		s.Unknown(o, elbv2AttributeFields[0], opELBv2DescribeLoadBalancerAttributes, arn, err)
		reason := Reason(opELBv2DescribeLoadBalancerAttributes, err)
		for _, f := range elbv2AttributeFields[1:] {
			o.SetUnknown(f, reason)
		}
		return
	}
	attrs := map[string]string{}
	for _, at := range res.Attributes {
		attrs[aws.ToString(at.Key)] = aws.ToString(at.Value)
	}
	missing := "not returned by " + opELBv2DescribeLoadBalancerAttributes.Action
	setBool := func(field, key string, applies bool) {
		v, ok := attrs[key]
		switch {
		case ok:
			o.SetBool(field, v == "true")
		case applies:
			o.SetUnknown(field, missing)
		}
	}
	alb := lb.Type == elbv2types.LoadBalancerTypeEnumApplication
	gwlb := lb.Type == elbv2types.LoadBalancerTypeEnumGateway
	setBool("deletion_protection", "deletion_protection.enabled", true)
	setBool("access_logs_enabled", "access_logs.s3.enabled", !gwlb)
	if attrs["access_logs.s3.enabled"] == "true" {
		o.SetString("access_logs_bucket", attrs["access_logs.s3.bucket"])
	}
	setBool("drop_invalid_header_fields", "routing.http.drop_invalid_header_fields.enabled", alb)
}

// readListeners fills the listeners; when they cannot be listed the whole
// list is unknown.
func readListeners(ctx context.Context, s *Scope, cl *elbv2.Client, o *asset.Object, arn string) {
	var listeners []*asset.Object
	p := elbv2.NewDescribeListenersPaginator(cl, &elbv2.DescribeListenersInput{LoadBalancerArn: aws.String(arn), PageSize: aws.Int32(elbv2PageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			s.Unknown(o, "listeners", opELBv2DescribeListeners, arn, err)
			return
		}
		for _, l := range page.Listeners {
			listeners = append(listeners, listenerObject(o, l))
		}
	}
	o.SetObjects("listeners", listeners)
}

func listenerObject(o *asset.Object, l elbv2types.Listener) *asset.Object {
	lo := o.Nested("listeners")
	certs := make([]string, 0, len(l.Certificates))
	for _, c := range l.Certificates {
		certs = append(certs, aws.ToString(c.CertificateArn))
	}
	actions := make([]*asset.Object, 0, len(l.DefaultActions))
	for _, act := range l.DefaultActions {
		ao := lo.Nested("default_actions").SetString("type", string(act.Type))
		if r := act.RedirectConfig; r != nil && aws.ToString(r.Protocol) != "" {
			ao.SetString("redirect_protocol", aws.ToString(r.Protocol))
		}
		if tg := aws.ToString(act.TargetGroupArn); tg != "" {
			ao.SetString("target_group_arn", tg)
		}
		actions = append(actions, ao)
	}
	lo.SetString("listener_arn", aws.ToString(l.ListenerArn)).
		SetString("protocol", string(l.Protocol)).
		SetInt("port", int64(aws.ToInt32(l.Port))).
		SetStrings("certificate_arns", certs).
		SetObjects("default_actions", actions)
	// The policy applies to TLS listeners only (moto reports one on every listener).
	if p := aws.ToString(l.SslPolicy); p != "" && (l.Protocol == elbv2types.ProtocolEnumHttps || l.Protocol == elbv2types.ProtocolEnumTls) {
		lo.SetString("ssl_policy", p)
	}
	return lo
}

// --- EKS -------------------------------------------------------------------

var (
	opListEKSClusters    = Op{"EKS", "ListClusters", "eks:ListClusters"}
	opDescribeEKSCluster = Op{"EKS", "DescribeCluster", "eks:DescribeCluster"}
)

var eksService = &Service{
	Name:    "eks",
	Ops:     []Op{opListEKSClusters, opDescribeEKSCluster},
	Collect: collectEKS,
}

// eksDescribeFields are the fields DescribeCluster fills.
var eksDescribeFields = []string{"version", "platform_version", "status", "endpoint", "endpoint_public_access",
	"endpoint_private_access", "public_access_cidrs", "enabled_log_types", "secrets_encryption_enabled",
	"secrets_kms_key_arn", "role_arn", "vpc_id", "security_group_ids", "cluster_security_group_id", "created_at"}

// collectEKS emits the EKS clusters of one region.
func collectEKS(ctx context.Context, s *Scope) error {
	cl := eks.NewFromConfig(s.Config)
	var names []string
	p := eks.NewListClustersPaginator(cl, &eks.ListClustersInput{MaxResults: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if len(names) > 0 {
				s.Gap(opListEKSClusters, "", err)
				break
			}
			return fmt.Errorf("%s: %w", opListEKSClusters.Action, err)
		}
		names = append(names, page.Clusters...)
	}
	each(len(names), func(i int) {
		if a := eksClusterAsset(ctx, s, cl, names[i]); a != nil {
			_ = s.Emit(a)
		}
	})
	return nil
}

// eksClusterAsset describes one cluster; nil when it was deleted since the
// listing.
func eksClusterAsset(ctx context.Context, s *Scope, cl *eks.Client, name string) *asset.Asset {
	res, err := cl.DescribeCluster(ctx, &eks.DescribeClusterInput{Name: aws.String(name)})
	if err != nil || res.Cluster == nil {
		if k, _ := Classify(err); err != nil && k == KindNotFound {
			return nil
		}
		arn := s.ARN("eks", "cluster/"+name)
		a := s.New("aws.eks.cluster", arn, name)
		o := a.Root
		o.SetString("cluster_name", name)
		if err == nil {
			reason := "not returned by " + opDescribeEKSCluster.Action
			for _, f := range eksDescribeFields {
				o.SetUnknown(f, reason)
			}
			return a
		}
		s.Unknown(o, eksDescribeFields[0], opDescribeEKSCluster, arn, err)
		reason := Reason(opDescribeEKSCluster, err)
		for _, f := range eksDescribeFields[1:] {
			o.SetUnknown(f, reason)
		}
		return a
	}
	c := res.Cluster
	arn := aws.ToString(c.Arn)
	if arn == "" {
		arn = s.ARN("eks", "cluster/"+name)
	}
	a := s.New("aws.eks.cluster", arn, name)
	if len(c.Tags) > 0 {
		a.SetTags(c.Tags)
	}
	o := a.Root
	o.SetString("cluster_name", name).
		SetString("version", aws.ToString(c.Version)).
		SetString("platform_version", aws.ToString(c.PlatformVersion)).
		SetString("status", string(c.Status)).
		SetString("endpoint", aws.ToString(c.Endpoint)).
		SetString("role_arn", aws.ToString(c.RoleArn)).
		SetTime("created_at", aws.ToTime(c.CreatedAt))
	if v := c.ResourcesVpcConfig; v != nil {
		o.SetBool("endpoint_public_access", v.EndpointPublicAccess).
			SetBool("endpoint_private_access", v.EndpointPrivateAccess).
			SetStrings("public_access_cidrs", v.PublicAccessCidrs).
			SetString("vpc_id", aws.ToString(v.VpcId)).
			SetStrings("security_group_ids", v.SecurityGroupIds).
			SetString("cluster_security_group_id", aws.ToString(v.ClusterSecurityGroupId))
	} else {
		reason := "not returned by " + opDescribeEKSCluster.Action
		for _, f := range []string{"endpoint_public_access", "endpoint_private_access", "public_access_cidrs",
			"vpc_id", "security_group_ids", "cluster_security_group_id"} {
			o.SetUnknown(f, reason)
		}
	}
	if c.Logging != nil {
		o.SetStrings("enabled_log_types", eksEnabledLogTypes(c.Logging.ClusterLogging))
	} else {
		o.SetUnknown("enabled_log_types", "not returned by "+opDescribeEKSCluster.Action)
	}
	encrypted := false
	for _, ec := range c.EncryptionConfig {
		for _, r := range ec.Resources {
			if r == "secrets" {
				encrypted = true
				if ec.Provider != nil && aws.ToString(ec.Provider.KeyArn) != "" {
					o.SetString("secrets_kms_key_arn", aws.ToString(ec.Provider.KeyArn))
				}
			}
		}
	}
	o.SetBool("secrets_encryption_enabled", encrypted)
	return a
}

// eksEnabledLogTypes lists the control plane log types that are enabled.
func eksEnabledLogTypes(setups []ekstypes.LogSetup) []string {
	var out []string
	for _, ls := range setups {
		if !aws.ToBool(ls.Enabled) {
			continue
		}
		for _, t := range ls.Types {
			out = append(out, string(t))
		}
	}
	return out
}
