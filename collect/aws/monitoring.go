package aws

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"cloudward/asset"

	"cel.dev/cel-go/common/types"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
)

// Monitoring and detection services (CIS AWS sections 3–4): AWS Config,
// CloudWatch Logs, CloudWatch alarms, SNS, Security Hub and GuardDuty.

var (
	opCfgDescribeRecorders      = Op{"Config Service", "DescribeConfigurationRecorders", "config:DescribeConfigurationRecorders"}
	opCfgDescribeRecorderStatus = Op{"Config Service", "DescribeConfigurationRecorderStatus", "config:DescribeConfigurationRecorderStatus"}
	opCfgDescribeChannels       = Op{"Config Service", "DescribeDeliveryChannels", "config:DescribeDeliveryChannels"}

	opLogsDescribeLogGroups     = Op{"CloudWatch Logs", "DescribeLogGroups", "logs:DescribeLogGroups"}
	opLogsDescribeMetricFilters = Op{"CloudWatch Logs", "DescribeMetricFilters", "logs:DescribeMetricFilters"}
	opLogsListTags              = Op{"CloudWatch Logs", "ListTagsForResource", "logs:ListTagsForResource"}

	opCWDescribeAlarms = Op{"CloudWatch", "DescribeAlarms", "cloudwatch:DescribeAlarms"}
	opCWListTags       = Op{"CloudWatch", "ListTagsForResource", "cloudwatch:ListTagsForResource"}

	opSNSListTopics         = Op{"SNS", "ListTopics", "sns:ListTopics"}
	opSNSGetTopicAttributes = Op{"SNS", "GetTopicAttributes", "sns:GetTopicAttributes"}
	opSNSListSubscriptions  = Op{"SNS", "ListSubscriptions", "sns:ListSubscriptions"}
	opSNSListTags           = Op{"SNS", "ListTagsForResource", "sns:ListTagsForResource"}

	opSHDescribeHub = Op{"SecurityHub", "DescribeHub", "securityhub:DescribeHub"}

	opGDListDetectors = Op{"GuardDuty", "ListDetectors", "guardduty:ListDetectors"}
	opGDGetDetector   = Op{"GuardDuty", "GetDetector", "guardduty:GetDetector"}
)

var monitoringServices = []*Service{
	{Name: "config", Ops: []Op{opCfgDescribeRecorders, opCfgDescribeRecorderStatus, opCfgDescribeChannels},
		Collect: collectConfigService},
	{Name: "logs", Ops: []Op{opLogsDescribeLogGroups, opLogsDescribeMetricFilters, opLogsListTags},
		Collect: collectLogs},
	{Name: "cloudwatch", Ops: []Op{opCWDescribeAlarms, opCWListTags}, Collect: collectCloudWatch},
	{Name: "sns", Ops: []Op{opSNSListTopics, opSNSGetTopicAttributes, opSNSListSubscriptions, opSNSListTags},
		Collect: collectSNS},
	{Name: "securityhub", Ops: []Op{opSHDescribeHub}, Collect: collectSecurityHub},
	{Name: "guardduty", Ops: []Op{opGDListDetectors, opGDGetDetector}, Collect: collectGuardDuty},
}

// setUnknown marks every field unknown for the same reason (the gap is
// recorded once by the caller).
func setUnknown(o *asset.Object, reason string, fields ...string) {
	for _, f := range fields {
		o.SetUnknown(f, reason)
	}
}

// parseAPITime parses the ISO 8601 timestamps some APIs return as strings;
// an unparsable one is left absent.
func parseAPITime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// ---- AWS Config ----

// collectConfigService emits the region's configuration recorders with their
// status, its delivery channels, and one aws.config.region_status summing
// them up — emitted even when nothing could be read, with unknown fields, so
// a rule over every region never mistakes a failed read for "no recorder".
func collectConfigService(ctx context.Context, s *Scope) error {
	cl := configservice.NewFromConfig(s.Config)
	statusID := s.ARN("config", "region-status")
	st := s.New("aws.config.region_status", statusID, s.Region)
	so := st.Root

	var recorders []cfgtypes.ConfigurationRecorder
	recOut, err := cl.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
	recOK, recAbsent := s.check(so, "recorders_count", opCfgDescribeRecorders, statusID, err)
	switch {
	case recOK:
		recorders = recOut.ConfigurationRecorders
		so.SetInt("recorders_count", int64(len(recorders)))
	case recAbsent:
		so.SetInt("recorders_count", 0)
	default:
		so.SetUnknown("any_recording", Reason(opCfgDescribeRecorders, err))
	}

	statuses := map[string]cfgtypes.ConfigurationRecorderStatus{}
	var statusErr error
	if len(recorders) > 0 {
		out, err := cl.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
		if err != nil {
			statusErr = err
			s.Unknown(so, "any_recording", opCfgDescribeRecorderStatus, statusID, err)
		} else {
			for _, rs := range out.ConfigurationRecordersStatus {
				statuses[aws.ToString(rs.Name)] = rs
			}
		}
	}
	if recOK || recAbsent {
		if statusErr == nil {
			recording := false
			for _, rs := range statuses {
				recording = recording || rs.Recording
			}
			so.SetBool("any_recording", recording)
		}
	}

	for _, r := range recorders {
		_ = s.Emit(configRecorder(s, r, statuses, statusErr))
	}

	chOut, err := cl.DescribeDeliveryChannels(ctx, &configservice.DescribeDeliveryChannelsInput{})
	if ok, absent := s.check(so, "delivery_channels_count", opCfgDescribeChannels, statusID, err); ok {
		so.SetInt("delivery_channels_count", int64(len(chOut.DeliveryChannels)))
		for _, ch := range chOut.DeliveryChannels {
			_ = s.Emit(configDeliveryChannel(s, ch))
		}
	} else if absent {
		so.SetInt("delivery_channels_count", 0)
	}
	return s.Emit(st)
}

func configRecorder(s *Scope, r cfgtypes.ConfigurationRecorder, statuses map[string]cfgtypes.ConfigurationRecorderStatus,
	statusErr error) *asset.Asset {
	name := aws.ToString(r.Name)
	arn := aws.ToString(r.Arn)
	if arn == "" {
		arn = s.ARN("config", "configuration-recorder/"+name)
	}
	a := s.New("aws.config.recorder", arn, name)
	o := a.Root
	o.SetString("recorder_name", name).
		SetString("role_arn", aws.ToString(r.RoleARN)).
		SetString("service_principal", aws.ToString(r.ServicePrincipal))
	if g := r.RecordingGroup; g != nil {
		o.SetBool("all_supported", g.AllSupported).
			SetBool("include_global_resource_types", g.IncludeGlobalResourceTypes)
	} else {
		// The API default of a recorder without a recording group.
		o.SetBool("all_supported", true).SetBool("include_global_resource_types", false)
	}
	statusFields := []string{"recording", "last_status", "last_error_code", "last_status_change_time"}
	if statusErr != nil {
		setUnknown(o, Reason(opCfgDescribeRecorderStatus, statusErr), statusFields...)
		return a
	}
	rs, ok := statuses[name]
	if !ok {
		// A recorder the status call did not report: it has never been
		// started (AWS reports every recorder; this covers a race with its
		// creation). Recording is a known false only when the API said so.
		setUnknown(o, "NotReported: "+opCfgDescribeRecorderStatus.Action, statusFields...)
		return a
	}
	o.SetBool("recording", rs.Recording).
		SetString("last_status", strings.ToUpper(string(rs.LastStatus))).
		SetString("last_error_code", aws.ToString(rs.LastErrorCode)).
		SetTime("last_status_change_time", aws.ToTime(rs.LastStatusChangeTime))
	return a
}

func configDeliveryChannel(s *Scope, ch cfgtypes.DeliveryChannel) *asset.Asset {
	name := aws.ToString(ch.Name)
	a := s.New("aws.config.delivery_channel", s.ARN("config", "delivery-channel/"+name), name)
	o := a.Root
	o.SetString("channel_name", name).
		SetString("s3_bucket_name", aws.ToString(ch.S3BucketName)).
		SetString("s3_key_prefix", aws.ToString(ch.S3KeyPrefix)).
		SetString("s3_kms_key_arn", aws.ToString(ch.S3KmsKeyArn)).
		SetString("sns_topic_arn", aws.ToString(ch.SnsTopicARN))
	freq := ""
	if p := ch.ConfigSnapshotDeliveryProperties; p != nil {
		freq = string(p.DeliveryFrequency)
	}
	o.SetString("delivery_frequency", freq)
	return a
}

// ---- CloudWatch Logs ----

// collectLogs emits the region's log groups (with their tags) and metric
// filters. The two listings are independent: when one fails, its gap is
// recorded and the other is still collected.
func collectLogs(ctx context.Context, s *Scope) error {
	cl := cloudwatchlogs.NewFromConfig(s.Config)
	var groups []logstypes.LogGroup
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(cl, &cloudwatchlogs.DescribeLogGroupsInput{})
	var groupsErr error
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			groupsErr = err
			s.Gap(opLogsDescribeLogGroups, s.ARN("logs", "log-group:*"), err)
			break
		}
		groups = append(groups, page.LogGroups...)
	}
	if groupsErr == nil {
		each(len(groups), func(i int) { _ = s.Emit(readLogGroup(ctx, s, cl, groups[i])) })
	}

	fp := cloudwatchlogs.NewDescribeMetricFiltersPaginator(cl, &cloudwatchlogs.DescribeMetricFiltersInput{})
	var filters []logstypes.MetricFilter
	for fp.HasMorePages() {
		page, err := fp.NextPage(ctx)
		if err != nil {
			if groupsErr != nil {
				return fmt.Errorf("%s: %w", opLogsDescribeMetricFilters.Action, err)
			}
			s.Gap(opLogsDescribeMetricFilters, s.ARN("logs", "log-group:*:metric-filter:*"), err)
			return nil
		}
		filters = append(filters, page.MetricFilters...)
	}
	for _, f := range filters {
		_ = s.Emit(metricFilter(s, f))
	}
	return nil
}

func readLogGroup(ctx context.Context, s *Scope, cl *cloudwatchlogs.Client, g logstypes.LogGroup) *asset.Asset {
	name := aws.ToString(g.LogGroupName)
	arn := aws.ToString(g.LogGroupArn)
	if arn == "" {
		arn = strings.TrimSuffix(aws.ToString(g.Arn), ":*")
	}
	if arn == "" {
		arn = s.ARN("logs", "log-group:"+name)
	}
	starARN := aws.ToString(g.Arn)
	if starARN == "" {
		starARN = arn + ":*"
	}
	a := s.New("aws.logs.log_group", arn, name)
	o := a.Root
	o.SetString("log_group_name", name).
		SetString("arn", starARN).
		SetInt("retention_in_days", int64(aws.ToInt32(g.RetentionInDays))).
		SetString("kms_key_id", aws.ToString(g.KmsKeyId)).
		SetBool("deletion_protection_enabled", aws.ToBool(g.DeletionProtectionEnabled))
	if g.LogGroupClass != "" {
		o.SetString("log_group_class", string(g.LogGroupClass))
	}
	if g.CreationTime != nil {
		o.SetTime("creation_time", time.UnixMilli(*g.CreationTime))
	}
	tags, err := cl.ListTagsForResource(ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		s.Gap(opLogsListTags, arn, err)
	} else if len(tags.Tags) > 0 {
		a.SetTags(tags.Tags)
	}
	return a
}

// metricKey is how a metric filter and an alarm on its metric are related.
func metricKey(namespace, name string) string {
	if name == "" {
		return ""
	}
	return namespace + "/" + name
}

func metricFilter(s *Scope, f logstypes.MetricFilter) *asset.Asset {
	group, name := aws.ToString(f.LogGroupName), aws.ToString(f.FilterName)
	a := s.New("aws.logs.metric_filter", s.ARN("logs", "log-group:"+group+":metric-filter:"+name), name)
	o := a.Root
	o.SetString("filter_name", name).
		SetString("log_group_name", group).
		SetString("filter_pattern", aws.ToString(f.FilterPattern))
	var ts []*asset.Object
	key := ""
	for _, mt := range f.MetricTransformations {
		t := o.Nested("metric_transformations")
		t.SetString("metric_namespace", aws.ToString(mt.MetricNamespace)).
			SetString("metric_name", aws.ToString(mt.MetricName)).
			SetString("metric_value", aws.ToString(mt.MetricValue))
		ts = append(ts, t)
		if key == "" {
			key = metricKey(aws.ToString(mt.MetricNamespace), aws.ToString(mt.MetricName))
		}
	}
	o.SetObjects("metric_transformations", ts).SetString("metric", key)
	return a
}

// ---- CloudWatch alarms ----

// collectCloudWatch emits the region's metric alarms with their tags.
func collectCloudWatch(ctx context.Context, s *Scope) error {
	cl := cloudwatch.NewFromConfig(s.Config)
	var alarms []cwtypes.MetricAlarm
	p := cloudwatch.NewDescribeAlarmsPaginator(cl, &cloudwatch.DescribeAlarmsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", opCWDescribeAlarms.Action, err)
		}
		alarms = append(alarms, page.MetricAlarms...)
	}
	each(len(alarms), func(i int) { _ = s.Emit(readAlarm(ctx, s, cl, alarms[i])) })
	return nil
}

func readAlarm(ctx context.Context, s *Scope, cl *cloudwatch.Client, m cwtypes.MetricAlarm) *asset.Asset {
	name := aws.ToString(m.AlarmName)
	arn := aws.ToString(m.AlarmArn)
	if arn == "" {
		arn = s.ARN("cloudwatch", "alarm:"+name)
	}
	a := s.New("aws.cloudwatch.alarm", arn, name)
	o := a.Root
	nonNil := func(l []string) []string {
		if l == nil {
			return []string{}
		}
		return l
	}
	o.SetString("alarm_name", name).
		SetString("metric_name", aws.ToString(m.MetricName)).
		SetString("namespace", aws.ToString(m.Namespace)).
		SetString("metric", metricKey(aws.ToString(m.Namespace), aws.ToString(m.MetricName))).
		SetBool("actions_enabled", aws.ToBool(m.ActionsEnabled)).
		SetStrings("alarm_actions", nonNil(m.AlarmActions)).
		SetStrings("ok_actions", nonNil(m.OKActions)).
		SetStrings("insufficient_data_actions", nonNil(m.InsufficientDataActions)).
		SetString("state", string(m.StateValue)).
		SetString("statistic", string(m.Statistic)).
		SetString("comparison_operator", string(m.ComparisonOperator))
	if m.Threshold != nil {
		o.Set("threshold", types.Double(*m.Threshold))
	}
	if m.EvaluationPeriods != nil {
		o.SetInt("evaluation_periods", int64(*m.EvaluationPeriods))
	}
	if m.Period != nil {
		o.SetInt("period", int64(*m.Period))
	}
	tags, err := cl.ListTagsForResource(ctx, &cloudwatch.ListTagsForResourceInput{ResourceARN: aws.String(arn)})
	if err != nil {
		s.Gap(opCWListTags, arn, err)
	} else if len(tags.Tags) > 0 {
		t := map[string]string{}
		for _, kv := range tags.Tags {
			t[aws.ToString(kv.Key)] = aws.ToString(kv.Value)
		}
		a.SetTags(t)
	}
	return a
}

// ---- SNS ----

// snsTopicAttrFields are the fields GetTopicAttributes fills.
var snsTopicAttrFields = []string{"kms_master_key_id", "policy", "subscriptions_confirmed", "subscriptions_pending"}

// collectSNS emits the region's topics (attributes and tags read one topic
// at a time) and subscriptions. The listings are independent.
func collectSNS(ctx context.Context, s *Scope) error {
	cl := sns.NewFromConfig(s.Config)
	var topics []string
	var topicsErr error
	p := sns.NewListTopicsPaginator(cl, &sns.ListTopicsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			topicsErr = err
			s.Gap(opSNSListTopics, s.ARN("sns", "*"), err)
			break
		}
		for _, t := range page.Topics {
			topics = append(topics, aws.ToString(t.TopicArn))
		}
	}
	if topicsErr == nil {
		each(len(topics), func(i int) {
			if a := readTopic(ctx, s, cl, topics[i]); a != nil {
				_ = s.Emit(a)
			}
		})
	}

	var subs []snstypes.Subscription
	sp := sns.NewListSubscriptionsPaginator(cl, &sns.ListSubscriptionsInput{})
	for sp.HasMorePages() {
		page, err := sp.NextPage(ctx)
		if err != nil {
			if topicsErr != nil {
				return fmt.Errorf("%s: %w", opSNSListSubscriptions.Action, err)
			}
			s.Gap(opSNSListSubscriptions, s.ARN("sns", "*"), err)
			return nil
		}
		subs = append(subs, page.Subscriptions...)
	}
	for _, sub := range subs {
		if a := snsSubscription(s, sub); a != nil {
			_ = s.Emit(a)
		}
	}
	return nil
}

// readTopic reads a topic's attributes and tags; nil when the topic was
// deleted since it was listed.
func readTopic(ctx context.Context, s *Scope, cl *sns.Client, arn string) *asset.Asset {
	name := arn[strings.LastIndex(arn, ":")+1:]
	a := s.New("aws.sns.topic", arn, name)
	o := a.Root
	o.SetString("topic_name", name).SetBool("fifo", strings.HasSuffix(name, ".fifo"))
	out, err := cl.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
	if k, _ := Classify(err); err != nil && k == KindNotFound {
		return nil
	}
	if err != nil {
		s.Unknown(o, snsTopicAttrFields[0], opSNSGetTopicAttributes, arn, err)
		setUnknown(o, Reason(opSNSGetTopicAttributes, err), snsTopicAttrFields[1:]...)
	} else {
		at := out.Attributes
		o.SetString("kms_master_key_id", at["KmsMasterKeyId"])
		if pol := at["Policy"]; pol != "" {
			if err := o.SetJSON("policy", pol); err != nil {
				o.SetUnknown("policy", "the topic policy is not valid JSON")
			}
		}
		for attr, f := range map[string]string{"SubscriptionsConfirmed": "subscriptions_confirmed",
			"SubscriptionsPending": "subscriptions_pending"} {
			if n, err := strconv.ParseInt(at[attr], 10, 64); err == nil {
				o.SetInt(f, n)
			} else {
				o.SetUnknown(f, "GetTopicAttributes returned no "+attr)
			}
		}
		if at["FifoTopic"] == "true" {
			o.SetBool("fifo", true)
		}
	}
	tags, err := cl.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		s.Gap(opSNSListTags, arn, err)
	} else if len(tags.Tags) > 0 {
		t := map[string]string{}
		for _, kv := range tags.Tags {
			t[aws.ToString(kv.Key)] = aws.ToString(kv.Value)
		}
		a.SetTags(t)
	}
	return a
}

// snsSubscription builds a subscription asset; nil for a deleted one.
func snsSubscription(s *Scope, sub snstypes.Subscription) *asset.Asset {
	subARN, topic := aws.ToString(sub.SubscriptionArn), aws.ToString(sub.TopicArn)
	protocol := aws.ToString(sub.Protocol)
	endpoint := safeEndpoint(protocol, aws.ToString(sub.Endpoint))
	pending := !strings.HasPrefix(subARN, "arn:")
	if subARN == "Deleted" {
		return nil
	}
	id := subARN
	if pending {
		// A subscription waiting for confirmation has no ARN yet.
		sum := sha256.Sum256([]byte(protocol + "\x00" + aws.ToString(sub.Endpoint)))
		id = topic + ":pending:" + hex.EncodeToString(sum[:8])
	}
	topicName := topic[strings.LastIndex(topic, ":")+1:]
	a := s.New("aws.sns.subscription", id, topicName+" "+protocol+" "+endpoint)
	a.Root.SetString("topic_arn", topic).
		SetString("protocol", protocol).
		SetString("endpoint", endpoint).
		SetBool("pending_confirmation", pending).
		SetString("owner", aws.ToString(sub.Owner))
	return a
}

// safeEndpoint keeps only scheme://host of an http(s) endpoint: webhook
// URLs often carry a secret token in their path or query.
func safeEndpoint(protocol, endpoint string) string {
	if protocol != "http" && protocol != "https" {
		return endpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return protocol + "://"
	}
	return u.Scheme + "://" + u.Host
}

// ---- Security Hub ----

var securityHubFields = []string{"enabled", "hub_arn", "subscribed_at", "auto_enable_controls", "control_finding_generator"}

// collectSecurityHub emits one aws.securityhub.hub for the region: enabled
// when DescribeHub answers, a known false when it says the account is not
// subscribed, unknown otherwise.
func collectSecurityHub(ctx context.Context, s *Scope) error {
	id := s.ARN("securityhub", "hub/default")
	a := s.New("aws.securityhub.hub", id, s.Region)
	o := a.Root
	out, err := securityhub.NewFromConfig(s.Config).DescribeHub(ctx, &securityhub.DescribeHubInput{})
	switch kind, code := Classify(err); {
	case err == nil:
		hubARN := aws.ToString(out.HubArn)
		if hubARN == "" {
			hubARN = id
		}
		o.SetBool("enabled", true).
			SetString("hub_arn", hubARN).
			SetTime("subscribed_at", parseAPITime(aws.ToString(out.SubscribedAt))).
			SetString("control_finding_generator", string(out.ControlFindingGenerator))
		if out.AutoEnableControls != nil {
			o.SetBool("auto_enable_controls", *out.AutoEnableControls)
		}
	case code == "InvalidAccessException" || kind == KindNotFound:
		// "Account … is not subscribed to AWS Security Hub".
		o.SetBool("enabled", false)
	default:
		s.Unknown(o, securityHubFields[0], opSHDescribeHub, id, err)
		setUnknown(o, Reason(opSHDescribeHub, err), securityHubFields[1:]...)
	}
	return s.Emit(a)
}

// ---- GuardDuty ----

var guardDutyFields = []string{"enabled", "detector_id", "status", "finding_publishing_frequency", "created_at"}

// collectGuardDuty emits one aws.guardduty.detector for the region: the
// region's detector (there is at most one), or enabled false when there is none.
func collectGuardDuty(ctx context.Context, s *Scope) error {
	cl := guardduty.NewFromConfig(s.Config)
	noneID := s.ARN("guardduty", "detector")
	var ids []string
	p := guardduty.NewListDetectorsPaginator(cl, &guardduty.ListDetectorsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			a := s.New("aws.guardduty.detector", noneID, s.Region)
			s.Unknown(a.Root, guardDutyFields[0], opGDListDetectors, noneID, err)
			setUnknown(a.Root, Reason(opGDListDetectors, err), guardDutyFields[1:]...)
			return s.Emit(a)
		}
		ids = append(ids, page.DetectorIds...)
	}
	sort.Strings(ids)
	if len(ids) == 0 {
		a := s.New("aws.guardduty.detector", noneID, s.Region)
		a.Root.SetBool("enabled", false).SetString("detector_id", "").SetString("status", "")
		return s.Emit(a)
	}
	id := ids[0]
	arn := s.ARN("guardduty", "detector/"+id)
	a := s.New("aws.guardduty.detector", arn, id)
	o := a.Root
	o.SetString("detector_id", id)
	d, err := cl.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
	ok, absent := s.check(o, guardDutyFields[0], opGDGetDetector, arn, err)
	switch {
	case ok:
		o.SetBool("enabled", d.Status == "ENABLED").
			SetString("status", string(d.Status)).
			SetString("finding_publishing_frequency", string(d.FindingPublishingFrequency)).
			SetTime("created_at", parseAPITime(aws.ToString(d.CreatedAt)))
		if len(d.Tags) > 0 {
			a.SetTags(d.Tags)
		}
	case absent: // deleted since it was listed
		a = s.New("aws.guardduty.detector", noneID, s.Region)
		a.Root.SetBool("enabled", false).SetString("detector_id", "").SetString("status", "")
	default:
		setUnknown(o, Reason(opGDGetDetector, err), guardDutyFields[2:]...)
	}
	return s.Emit(a)
}
