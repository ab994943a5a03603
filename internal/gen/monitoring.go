package gen

import (
	"time"

	"cloudward/asset"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// cisMonitor is one CIS "ensure … changes are monitored" recommendation: a
// metric filter with this pattern on the trail's log group and an alarm on
// its metric that notifies a subscribed SNS topic. The patterns are the
// benchmark's own.
type cisMonitor struct {
	name, metric string
	pattern      string
	partial      string // a plausible but incomplete pattern
}

var cisMonitors = []cisMonitor{
	{"unauthorized-api-calls", "UnauthorizedAPICalls",
		`{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }`,
		`{ $.errorCode = "AccessDenied*" }`},
	{"console-signin-without-mfa", "ConsoleSigninWithoutMFA",
		`{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }`,
		`{ $.eventName = "ConsoleLogin" }`},
	{"root-account-usage", "RootAccountUsage",
		`{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`,
		`{ $.userIdentity.arn = "*:root" }`},
	{"iam-policy-changes", "IAMPolicyChanges",
		`{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}`,
		`{($.eventName=PutUserPolicy)||($.eventName=AttachUserPolicy)||($.eventName=CreatePolicy)}`},
	{"cloudtrail-config-changes", "CloudTrailConfigChanges",
		`{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }`,
		`{ ($.eventName = DeleteTrail) || ($.eventName = StopLogging) }`},
	{"console-signin-failures", "ConsoleSigninFailures",
		`{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }`,
		`{ $.errorMessage = "Failed authentication" }`},
	{"disable-or-delete-cmk", "DisableOrDeleteCMK",
		`{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }`,
		`{ $.eventName = ScheduleKeyDeletion }`},
	{"s3-bucket-policy-changes", "S3BucketPolicyChanges",
		`{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }`,
		`{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketPolicy) || ($.eventName = DeleteBucketPolicy)) }`},
	{"aws-config-changes", "AWSConfigChanges",
		`{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }`,
		`{ $.eventName = StopConfigurationRecorder }`},
	{"security-group-changes", "SecurityGroupChanges",
		`{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) || ($.eventName = ModifySecurityGroupRules) }`,
		`{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = CreateSecurityGroup) }`},
	{"nacl-changes", "NACLChanges",
		`{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }`,
		`{ ($.eventName = CreateNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) }`},
	{"network-gateway-changes", "NetworkGatewayChanges",
		`{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }`,
		`{ ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) }`},
	{"route-table-changes", "RouteTableChanges",
		`{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }`,
		`{ ($.eventName = CreateRoute) || ($.eventName = DeleteRoute) }`},
	{"vpc-changes", "VPCChanges",
		`{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }`,
		`{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) }`},
	{"organizations-changes", "OrganizationsChanges",
		`{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }`,
		`{ ($.eventSource = organizations.amazonaws.com) && ($.eventName = "LeaveOrganization") }`},
}

// Indexes into cisMonitors used by the fixed profiles.
const (
	mUnauthorized = iota
	mNoMFA
	mRoot
	mIAMPolicy
	mCloudTrail
	mSigninFailures
	mCMK
	mS3Policy
	mConfig
	mSecurityGroup
	mNACL
	mGateway
	mRouteTable
	mVPC
	mOrganizations
)

// monitor is the plan of one CIS monitoring setup in an account.
type monitor struct {
	cis     int  // index in cisMonitors
	partial bool // the filter pattern misses some events
	alarm   int  // alarmNone, alarmOn, alarmDisabled
	topic   int  // index in account.alertTopics
}

const (
	alarmNone = iota
	alarmOn
	alarmDisabled // the alarm's actions are disabled
)

// alertTopic is an SNS topic security alarms notify.
type alertTopic struct {
	name      string
	confirmed []subscriber
	pending   []subscriber
	kms       bool
}

type subscriber struct{ protocol, endpoint string }

// planMonitoring decides which CIS monitoring controls the account covers.
func (g *generator) planMonitoring(a *account) {
	c := g.company
	switch a.profile {
	case profWell:
		a.alertTopics = []alertTopic{{name: "security-alerts", kms: true,
			confirmed: []subscriber{{"email", "security-oncall@" + c + ".example"}, {"https", "https://events.pagerduty.com"}}}}
		for m := range cisMonitors {
			switch m {
			case mOrganizations: // never set up
			case mS3Policy:
				a.monitoring = append(a.monitoring, monitor{cis: m, alarm: alarmDisabled})
			case mGateway:
				a.monitoring = append(a.monitoring, monitor{cis: m, alarm: alarmNone})
			default:
				a.monitoring = append(a.monitoring, monitor{cis: m, alarm: alarmOn})
			}
		}
	case profWeak:
		a.alertTopics = []alertTopic{
			{name: "cloudtrail-alarms", pending: []subscriber{{"email", "platform-team@" + c + ".example"}}},
			{name: "ops-pager", confirmed: []subscriber{{"https", "https://events.pagerduty.com"}}},
		}
		a.monitoring = []monitor{
			{cis: mUnauthorized, alarm: alarmOn, topic: 0}, // nobody confirmed the subscription
			{cis: mNoMFA, partial: true, alarm: alarmOn, topic: 1},
			{cis: mRoot, alarm: alarmOn, topic: 1},
			{cis: mCloudTrail, alarm: alarmNone},
			{cis: mSecurityGroup, alarm: alarmOn, topic: 1},
		}
	default:
		if !a.cwLogs {
			return
		}
		t := alertTopic{name: "security-alerts", kms: g.chance(0.5)}
		sub := subscriber{"email", "security@" + c + ".example"}
		if g.chance(0.8) {
			t.confirmed = []subscriber{sub}
		} else {
			t.pending = []subscriber{sub}
		}
		a.alertTopics = []alertTopic{t}
		for m := range cisMonitors {
			if !g.chance(0.5) {
				continue
			}
			mon := monitor{cis: m, partial: g.chance(0.1), alarm: alarmOn}
			switch x := g.r.IntN(100); {
			case x < 15:
				mon.alarm = alarmNone
			case x < 20:
				mon.alarm = alarmDisabled
			}
			a.monitoring = append(a.monitoring, mon)
		}
	}
}

var trailUnknowns = []unknownField{
	{"is_logging", "AccessDenied: cloudtrail:GetTrailStatus"},
	{"include_management_events", "AccessDenied: cloudtrail:GetEventSelectors"},
}

// trailLogGroup is the CloudWatch Logs group of the account's t-th trail,
// or "" when the trail does not deliver to CloudWatch Logs.
func (g *generator) trailLogGroup(t int) string {
	a := g.acct
	switch {
	case t == 0 && a.cwLogs:
		return "aws-cloudtrail-logs-" + a.id + "-" + hex8(mix32(uint32(a.idx)^uint32(g.salt)))
	case t == 1 && a.profile == profWell:
		return "/aws/cloudtrail/data-events"
	}
	return ""
}

// trailRegion is the home region index of the account's t-th trail.
func (g *generator) trailRegion(t int) int {
	if t == 0 {
		return 0
	}
	return len(g.opts.Regions) - 1
}

// trail emits the account's t-th CloudTrail trail: first a multi-region
// management trail in the first region, then possibly a regional data
// events trail in the last one.
func (g *generator) trail(t int) error {
	a := g.acct
	ri := g.trailRegion(t)
	name := "management-events"
	if a.idx == 0 {
		name = "organization-trail"
	}
	if t > 0 {
		name = "data-events-" + g.opts.Regions[ri]
	}
	home := g.opts.Regions[ri]
	arn := "arn:aws:cloudtrail:" + home + ":" + a.id + ":trail/" + name
	x := g.newAsset(g.s.trail, home, arn, name)
	o := x.Root
	o.SetString("arn", arn)
	o.SetString("home_region", home)
	o.SetBool("is_multi_region", t == 0)
	o.SetBool("is_organization_trail", t == 0 && a.idx == 0)
	o.SetBool("is_logging", t == 0 || g.chance(0.7))
	o.SetBool("log_file_validation_enabled", a.goodTrail)
	if a.goodTrail {
		o.SetString("kms_key_id", a.dataKey[ri])
	} else {
		o.SetString("kms_key_id", "")
	}
	group := g.trailLogGroup(t)
	if group != "" {
		o.SetString("cloudwatch_logs_log_group_arn", "arn:aws:logs:"+home+":"+a.id+":log-group:"+group+":*")
	} else {
		o.SetString("cloudwatch_logs_log_group_arn", "")
	}
	o.SetString("s3_bucket_name", g.company+"-cloudtrail-logs-"+a.id)
	var excluded []string
	if t == 0 {
		o.SetBool("include_management_events", true)
		o.SetString("management_read_write_type", "All")
		if a.profile == profWeak || a.profile == profRandom && g.chance(0.1) {
			excluded = []string{"kms.amazonaws.com"} // a cost saving that blinds the KMS monitoring
		}
	} else {
		o.SetBool("include_management_events", false)
	}
	o.SetBool("include_global_service_events", t == 0)
	// S3 object-level events: the data events trail records both; the
	// management trail of the well-run account records writes.
	write, read := t > 0, t > 0
	if t == 0 {
		switch a.profile {
		case profWell:
			write = true
		case profRandom:
			write, read = g.chance(0.3), g.chance(0.15)
		}
	}
	o.SetBool("s3_data_events_write", write)
	o.SetBool("s3_data_events_read", read)
	o.SetStrings("excluded_management_event_sources", excluded)
	x.SetTags(g.tags("security", ""))
	var unk []unknownField
	if a.idx > 1 {
		unk = trailUnknowns
	}
	return g.out(x, unk)
}

// monitoringBaseline emits the trails' log groups and, on the management
// trail's group, the CIS metric filters, the alert topics with their
// subscriptions and the alarms.
func (g *generator) monitoringBaseline() error {
	a := g.acct
	for t := 0; t < a.trails; t++ {
		group := g.trailLogGroup(t)
		if group == "" {
			continue
		}
		g.reg = g.trailRegion(t)
		good := a.profile == profWell || a.profile == profRandom && g.chance(0.5)
		retention, key := 365, a.dataKey[g.reg]
		if !good {
			retention, key = [...]int{90, 30, 400, 0}[g.r.IntN(4)], ""
		}
		x := g.logGroupAsset(group, retention, key, good, g.ago(300, 1500))
		var unk []unknownField
		if a.idx > 1 { // keep the two reference accounts readable
			unk = logGroupUnknowns
		}
		if err := g.out(x, unk); err != nil {
			return err
		}
	}
	if !a.cwLogs {
		return nil
	}
	g.reg = g.trailRegion(0)
	region, group := g.region(), g.trailLogGroup(0)
	for _, m := range a.monitoring {
		if err := g.metricFilter(group, cisMonitors[m.cis], m.partial); err != nil {
			return err
		}
	}
	topicARNs := make([]string, len(a.alertTopics))
	for i, t := range a.alertTopics {
		topicARNs[i] = g.arn("sns", region, t.name)
		if err := g.alertTopic(t, topicARNs[i]); err != nil {
			return err
		}
	}
	for _, m := range a.monitoring {
		if m.alarm == alarmNone {
			continue
		}
		if err := g.cisAlarm(cisMonitors[m.cis], topicARNs[m.topic], m.alarm == alarmOn); err != nil {
			return err
		}
	}
	return nil
}

var logGroupUnknowns = []unknownField{{"kms_key_id", throttled}}

// logGroup emits a CloudWatch Logs log group of the current region.
func (g *generator) logGroup(name string, retention int, kmsKey string, protect bool, created time.Time) error {
	return g.out(g.logGroupAsset(name, retention, kmsKey, protect, created), logGroupUnknowns)
}

func (g *generator) logGroupAsset(name string, retention int, kmsKey string, protect bool, created time.Time) *asset.Asset {
	region := g.region()
	id := g.arn("logs", region, "log-group:"+name)
	x := g.newAsset(g.s.logGroup, region, id, name)
	o := x.Root
	o.SetString("log_group_name", name)
	o.SetString("arn", id+":*")
	o.SetInt("retention_in_days", int64(retention))
	o.SetString("kms_key_id", kmsKey)
	o.SetString("log_group_class", "STANDARD")
	o.SetBool("deletion_protection_enabled", protect)
	o.SetTime("creation_time", created)
	return x
}

// metricFilter emits a CIS metric filter on a log group of the current region.
func (g *generator) metricFilter(group string, m cisMonitor, partial bool) error {
	region := g.region()
	x := g.newAsset(g.s.metricFilter, region, g.arn("logs", region, "log-group:"+group+":metric-filter:"+m.name), m.name)
	o := x.Root
	o.SetString("filter_name", m.name)
	o.SetString("log_group_name", group)
	o.SetString("filter_pattern", pickStr(partial, m.partial, m.pattern))
	t := o.Nested("metric_transformations")
	t.SetString("metric_namespace", "CISBenchmark")
	t.SetString("metric_name", m.metric)
	t.SetString("metric_value", "1")
	o.SetObjects("metric_transformations", []*asset.Object{t})
	o.SetString("metric", "CISBenchmark/"+m.metric)
	return g.out(x, nil)
}

// alertTopic emits a security alert topic and its subscriptions.
func (g *generator) alertTopic(t alertTopic, arn string) error {
	a := g.acct
	key := ""
	if t.kms {
		key = a.dataKey[g.reg]
	}
	x := g.newAsset(g.s.topic, g.region(), arn, t.name)
	o := x.Root
	o.SetString("topic_name", t.name)
	o.SetString("kms_master_key_id", key)
	o.Set("policy", g.topicPolicy(arn, true))
	o.SetInt("subscriptions_confirmed", int64(len(t.confirmed)))
	o.SetInt("subscriptions_pending", int64(len(t.pending)))
	o.SetBool("fifo", false)
	x.SetTags(g.tags("security", ""))
	if err := g.out(x, nil); err != nil {
		return err
	}
	for _, s := range t.confirmed {
		if err := g.subscription(arn, s.protocol, s.endpoint, false); err != nil {
			return err
		}
	}
	for _, s := range t.pending {
		if err := g.subscription(arn, s.protocol, s.endpoint, true); err != nil {
			return err
		}
	}
	return nil
}

// subscription emits one SNS subscription; a pending one has no ARN yet.
func (g *generator) subscription(topic, protocol, endpoint string, pending bool) error {
	id := topic + ":" + g.uuid()
	if pending {
		id = topic + ":pending:" + hex8(uint32(g.r.Uint64())) + hex8(uint32(g.r.Uint64()))
	}
	name := topic[lastColon(topic)+1:] + " " + protocol + " " + endpoint
	x := g.newAsset(g.s.subscription, g.region(), id, name)
	o := x.Root
	o.SetString("topic_arn", topic)
	o.SetString("protocol", protocol)
	o.SetString("endpoint", endpoint)
	o.SetBool("pending_confirmation", pending)
	o.SetString("owner", g.acct.id)
	return g.out(x, nil)
}

func lastColon(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == ':' {
			return i
		}
	}
	return -1
}

// cisAlarm emits the alarm of a CIS metric filter.
func (g *generator) cisAlarm(m cisMonitor, topic string, actionsEnabled bool) error {
	region := g.region()
	name := "cis-" + m.name
	x := g.newAsset(g.s.alarm, region, g.arn("cloudwatch", region, "alarm:"+name), name)
	o := x.Root
	o.SetString("alarm_name", name)
	o.SetString("metric_name", m.metric)
	o.SetString("namespace", "CISBenchmark")
	o.SetString("metric", "CISBenchmark/"+m.metric)
	o.SetBool("actions_enabled", actionsEnabled)
	o.SetStrings("alarm_actions", []string{topic})
	o.SetStrings("ok_actions", nil)
	o.SetStrings("insufficient_data_actions", nil)
	o.SetString("state", pickStr(g.chance(0.9), "OK", "INSUFFICIENT_DATA"))
	o.SetString("statistic", "Sum")
	o.SetString("comparison_operator", "GreaterThanOrEqualToThreshold")
	o.Set("threshold", types.Double(1))
	o.SetInt("evaluation_periods", 1)
	o.SetInt("period", 300)
	return g.out(x, nil)
}

// topicPolicy is the default access policy of a topic: any principal of
// the owner account (AWS:SourceOwner), plus CloudWatch alarms publishing
// for alert topics.
func (g *generator) topicPolicy(arn string, alerts bool) ref.Val {
	acct := g.acct.id
	st := []ref.Val{doc("Sid", "__default_statement_ID", "Effect", "Allow",
		"Principal", doc("AWS", "*"),
		"Action", g.shared.snsDefaultActions,
		"Resource", arn,
		"Condition", doc("StringEquals", doc("AWS:SourceOwner", acct)))}
	if alerts {
		st = append(st, doc("Sid", "AllowCloudWatchAlarms", "Effect", "Allow",
			"Principal", doc("Service", "cloudwatch.amazonaws.com"), "Action", "sns:Publish", "Resource", arn,
			"Condition", doc("StringEquals", doc("aws:SourceAccount", acct))))
	}
	return doc("Version", "2008-10-17", "Id", "__default_policy_ID", "Statement", st)
}

// ---- AWS Config ----

var recorderUnknowns = []unknownField{{"recording", "AccessDeniedException: config:DescribeConfigurationRecorderStatus"}}

// configService emits the region's Config recorder and delivery channel
// (when set up) and the region status summing them up.
func (g *generator) configService() error {
	a, region := g.acct, g.region()
	p := a.regions[g.reg]
	recorders, channels, recording := 0, 0, false
	if p.config != cfgNone {
		recorders, channels = 1, 1
		recording = p.config != cfgStopped
		x := g.newAsset(g.s.configRecorder, region, g.arn("config", region, "configuration-recorder/default"), "default")
		o := x.Root
		o.SetString("recorder_name", "default")
		role := g.arn("iam", "", "role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig")
		if p.config != cfgGood {
			role = g.arn("iam", "", "role/aws-config-recorder")
		}
		o.SetString("role_arn", role)
		o.SetBool("all_supported", true)
		o.SetBool("include_global_resource_types", g.reg == 0)
		o.SetString("service_principal", "")
		o.SetBool("recording", recording)
		changed := g.ago(60, 900)
		switch p.config {
		case cfgStopped:
			o.SetString("last_status", "SUCCESS")
			o.SetString("last_error_code", "")
			changed = g.ago(40, 200)
		case cfgFailing:
			o.SetString("last_status", "FAILURE")
			o.SetString("last_error_code", "AccessDeniedException")
			changed = g.ago(1, 20)
		default:
			o.SetString("last_status", "SUCCESS")
			o.SetString("last_error_code", "")
		}
		o.SetTime("last_status_change_time", changed)
		var unk []unknownField
		if a.idx > 1 {
			unk = recorderUnknowns
		}
		if err := g.out(x, unk); err != nil {
			return err
		}

		c := g.newAsset(g.s.configChannel, region, g.arn("config", region, "delivery-channel/default"), "default")
		co := c.Root
		co.SetString("channel_name", "default")
		co.SetString("s3_bucket_name", g.company+"-cloudtrail-logs-"+a.id)
		co.SetString("s3_key_prefix", "config")
		co.SetString("s3_kms_key_arn", pickStr(a.goodTrail, a.dataKey[g.reg], ""))
		if len(a.alertTopics) > 0 && g.reg == 0 && a.profile == profWell {
			co.SetString("sns_topic_arn", g.arn("sns", region, a.alertTopics[0].name))
		} else {
			co.SetString("sns_topic_arn", "")
		}
		co.SetString("delivery_frequency", pickStr(a.profile == profWell, "TwentyFour_Hours", ""))
		if err := g.out(c, nil); err != nil {
			return err
		}
	}
	x := g.newAsset(g.s.configStatus, region, g.arn("config", region, "region-status"), region)
	o := x.Root
	o.SetInt("recorders_count", int64(recorders))
	o.SetBool("any_recording", recording)
	o.SetInt("delivery_channels_count", int64(channels))
	return g.out(x, nil)
}

// ---- Security Hub, GuardDuty, Access Analyzer ----

func (g *generator) securityHub() error {
	a, region := g.acct, g.region()
	p := a.regions[g.reg]
	id := g.arn("securityhub", region, "hub/default")
	x := g.newAsset(g.s.securityHub, region, id, region)
	o := x.Root
	o.SetBool("enabled", p.hub != hubOff)
	if p.hub != hubOff {
		o.SetString("hub_arn", id)
		o.SetTime("subscribed_at", g.ago(200, 1000))
		o.SetBool("auto_enable_controls", p.hub == hubOn)
		o.SetString("control_finding_generator", pickStr(g.chance(0.8), "SECURITY_CONTROL", "STANDARD_CONTROL"))
	}
	return g.out(x, nil)
}

func (g *generator) guardDuty() error {
	a, region := g.acct, g.region()
	p := a.regions[g.reg]
	if p.guard == gdNone {
		x := g.newAsset(g.s.guardDuty, region, g.arn("guardduty", region, "detector"), region)
		x.Root.SetBool("enabled", false)
		x.Root.SetString("detector_id", "")
		x.Root.SetString("status", "")
		return g.out(x, nil)
	}
	id := g.hex32()
	x := g.newAsset(g.s.guardDuty, region, g.arn("guardduty", region, "detector/"+id), id)
	o := x.Root
	o.SetBool("enabled", p.guard != gdSuspended)
	o.SetString("detector_id", id)
	o.SetString("status", pickStr(p.guard != gdSuspended, "ENABLED", "DISABLED"))
	o.SetString("finding_publishing_frequency", pickStr(p.guard == gdFast, "FIFTEEN_MINUTES", "SIX_HOURS"))
	o.SetTime("created_at", g.ago(150, 1200))
	return g.out(x, nil)
}

func (g *generator) accessAnalyzer() error {
	a, region := g.acct, g.region()
	p := a.regions[g.reg]
	var active []string
	count := 0
	if p.analyzer != aaNone {
		name, typ := "account-analyzer", "ACCOUNT"
		if a.profile == profWell {
			name, typ = "organization-analyzer", "ORGANIZATION"
		}
		arn := g.arn("access-analyzer", region, "analyzer/"+name)
		status := pickStr(p.analyzer == aaActive, "ACTIVE", "FAILED")
		if err := g.analyzer(arn, name, typ, status); err != nil {
			return err
		}
		count++
		if status == "ACTIVE" {
			active = append(active, arn)
		}
		if a.profile == profWell && g.reg == 0 {
			arn := g.arn("access-analyzer", region, "analyzer/unused-access")
			if err := g.analyzer(arn, "unused-access", "ORGANIZATION_UNUSED_ACCESS", "ACTIVE"); err != nil {
				return err
			}
			count++
			active = append(active, arn)
		}
	}
	x := g.newAsset(g.s.analyzerStatus, region, g.arn("access-analyzer", region, "region-status"), region)
	o := x.Root
	o.SetInt("analyzer_count", int64(count))
	o.SetBool("external_access_analyzer_active", p.analyzer == aaActive)
	o.SetStrings("active_analyzer_arns", sortedStrings(active))
	return g.out(x, nil)
}

func (g *generator) analyzer(arn, name, typ, status string) error {
	x := g.newAsset(g.s.analyzer, g.region(), arn, name)
	o := x.Root
	o.SetString("arn", arn)
	o.SetString("analyzer_type", typ)
	o.SetString("status", status)
	created := g.ago(100, 900)
	o.SetTime("created_at", created)
	if status == "ACTIVE" {
		o.SetTime("last_resource_analyzed_at", g.ago(0, 2))
	}
	return g.out(x, nil)
}

// ---- application monitoring (regional fill) ----

var alarmMetrics = []struct{ namespace, metric, statistic, op string }{
	{"AWS/EC2", "CPUUtilization", "Average", "GreaterThanThreshold"},
	{"AWS/EC2", "StatusCheckFailed", "Maximum", "GreaterThanOrEqualToThreshold"},
	{"AWS/RDS", "FreeStorageSpace", "Average", "LessThanThreshold"},
	{"AWS/RDS", "CPUUtilization", "Average", "GreaterThanThreshold"},
	{"AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", "GreaterThanThreshold"},
	{"AWS/SQS", "ApproximateAgeOfOldestMessage", "Maximum", "GreaterThanThreshold"},
	{"AWS/Lambda", "Errors", "Sum", "GreaterThanThreshold"},
	{"AWS/DynamoDB", "ThrottledRequests", "Sum", "GreaterThanThreshold"},
}

var alarmThresholds = []float64{80, 1, 10737418240, 90, 25, 900, 5, 10}

var alarmUnknowns = []unknownField{{"alarm_actions", throttled}}

// appAlarm emits an operational alarm, usually notifying a recent topic of
// the region.
func (g *generator) appAlarm() error {
	s, region := g.slot, g.region()
	c, round := combo(s.alarmN, g.slotSalt(), len(teams), len(components), len(alarmMetrics))
	s.alarmN++
	team, comp, i := teams[c[0]], components[c[1]], c[2]
	m := alarmMetrics[i]
	name := withDash(g.acct.env+"-"+team+"-"+comp+"-"+lowerDash(m.metric), round)
	x := g.newAsset(g.s.alarm, region, g.arn("cloudwatch", region, "alarm:"+name), name)
	o := x.Root
	o.SetString("alarm_name", name)
	o.SetString("metric_name", m.metric)
	o.SetString("namespace", m.namespace)
	o.SetString("metric", m.namespace+"/"+m.metric)
	var actions []string
	switch x := g.r.IntN(100); {
	case x < 12 || s.topics.empty(): // dashboard-only alarm
	case x < 20:
		actions = []string{s.topics.pick(g), "arn:aws:automate:" + region + ":ec2:recover"}
	default:
		actions = []string{s.topics.pick(g)}
	}
	o.SetBool("actions_enabled", g.chance(0.95))
	o.SetStrings("alarm_actions", actions)
	if len(actions) > 0 && g.chance(0.3) {
		o.SetStrings("ok_actions", actions[:1])
	} else {
		o.SetStrings("ok_actions", nil)
	}
	o.SetStrings("insufficient_data_actions", nil)
	o.SetString("state", [...]string{"OK", "OK", "OK", "OK", "OK", "OK", "OK", "OK", "ALARM", "INSUFFICIENT_DATA"}[g.r.IntN(10)])
	o.SetString("statistic", m.statistic)
	o.SetString("comparison_operator", m.op)
	o.Set("threshold", types.Double(alarmThresholds[i]))
	o.SetInt("evaluation_periods", int64(1+g.r.IntN(5)))
	o.SetInt("period", int64([...]int{60, 300, 300, 900}[g.r.IntN(4)]))
	x.SetTags(g.tags(team, ""))
	return g.out(x, alarmUnknowns)
}

// appLogGroup emits an application log group, sometimes with a metric
// filter counting its errors.
func (g *generator) appLogGroup(n int) (int, error) {
	s := g.slot
	c, round := combo(s.logN, g.slotSalt(), 3, len(teams), len(components))
	s.logN++
	team, comp := teams[c[1]], components[c[2]]
	name := withDash([...]string{"/ecs/", "/app/" + g.acct.env + "/", "/aws/containerinsights/"}[c[0]]+team+"-"+comp, round)
	retention := [...]int{7, 14, 30, 30, 90, 365, 0}[g.r.IntN(7)]
	if err := g.logGroup(name, retention, pickStr(g.chance(0.2), g.acct.dataKey[g.reg], ""), false, g.ago(10, 1500)); err != nil {
		return 0, err
	}
	if n < 2 || !g.chance(0.2) {
		return 1, nil
	}
	region := g.region()
	fname := comp + "-errors"
	x := g.newAsset(g.s.metricFilter, region, g.arn("logs", region, "log-group:"+name+":metric-filter:"+fname), fname)
	o := x.Root
	o.SetString("filter_name", fname)
	o.SetString("log_group_name", name)
	o.SetString("filter_pattern", `?ERROR ?Exception ?"level=error"`)
	t := o.Nested("metric_transformations")
	ns := "App/" + team
	t.SetString("metric_namespace", ns)
	t.SetString("metric_name", comp+"Errors")
	t.SetString("metric_value", "1")
	o.SetObjects("metric_transformations", []*asset.Object{t})
	o.SetString("metric", ns+"/"+comp+"Errors")
	return 2, g.out(x, nil)
}

// lowerDash turns CamelCase into camel-case.
func lowerDash(s string) string {
	b := make([]byte, 0, len(s)+4)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			if i > 0 && !(s[i-1] >= 'A' && s[i-1] <= 'Z') {
				b = append(b, '-')
			}
			c += 'a' - 'A'
		}
		if c == '_' {
			c = '-'
		}
		b = append(b, c)
	}
	return string(b)
}
