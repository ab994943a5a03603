package adapt

import (
	"net/url"
	"slices"
	"sort"
	"strings"

	"cloudward/asset"
	"cloudward/iac"
)

// Detection and monitoring: ACM certificates, CloudWatch alarms and
// metric filters, SNS subscriptions, AWS Config recorders, GuardDuty and
// Security Hub.

var monitoringPrimaries = map[string]func(c *ctx) *prim{
	"aws_acm_certificate":                  acmCert,
	"AWS::CertificateManager::Certificate": acmCert,
	"aws_cloudwatch_metric_alarm":          alarm,
	"AWS::CloudWatch::Alarm":               alarm,
	"aws_cloudwatch_log_metric_filter":     metricFilter,
	"AWS::Logs::MetricFilter":              metricFilter,
	"aws_sns_topic_subscription":           snsSubscription,
	"AWS::SNS::Subscription":               snsSubscription,
	"aws_config_configuration_recorder":    configRecorder,
	"AWS::Config::ConfigurationRecorder":   configRecorder,
	"aws_guardduty_detector":               guardDuty,
	"AWS::GuardDuty::Detector":             guardDuty,
	"aws_securityhub_account":              securityHub,
	"AWS::SecurityHub::Hub":                securityHub,
}

var monitoringAttachments = map[string]func(c *ctx){
	"aws_config_configuration_recorder_status": tfRecorderStatus,
}

// ACM certificates. The type follows from the arguments: a private key
// makes an imported certificate, whose names and key are read from the
// certificate body at import (unknown here); a private CA makes a
// private one. Status, validity dates and the signature algorithm exist
// only once the certificate is issued and are left absent.

var acmFields = []field{
	{"key_algorithm", "key_algorithm", "KeyAlgorithm", "RSA_2048"},
	{"certificate_transparency_logging_preference", "options.certificate_transparency_logging_preference", "CertificateTransparencyLoggingPreference", "ENABLED"},
}

func acmCert(c *ctx) *prim {
	tf := c.r.Format != iac.FormatCloudFormation
	domain, sans, ca := "DomainName", "SubjectAlternativeNames", "CertificateAuthorityArn"
	if tf {
		domain, sans, ca = "domain_name", "subject_alternative_names", "certificate_authority_arn"
	}
	p := c.newAsset("aws.acm.certificate", c.get(domain), false)
	o := p.a.Root
	switch {
	case tf && c.get("private_key") != nil:
		o.SetString("certificate_type", "IMPORTED")
		for _, f := range []string{"domain_name", "subject_alternative_names", "key_algorithm"} {
			o.SetUnknown(f, f+" is read from the imported certificate")
		}
		return p
	case c.get(ca) != nil:
		o.SetString("certificate_type", "PRIVATE")
	default:
		o.SetString("certificate_type", "AMAZON_ISSUED")
	}
	c.attr(o, "domain_name", domain)
	// The API lists every name the certificate covers, the domain name too.
	names := []any{c.get(domain)}
	if l, ok := c.get(sans).([]any); ok {
		names = append(names, l...)
	} else if u, ok := c.get(sans).(iac.Unknown); ok {
		names = append(names, u)
	}
	if l, u, ok := toStrings(names); u != nil {
		c.set(o, "subject_alternative_names", sans, *u)
	} else if ok {
		sort.Strings(l)
		o.SetStrings("subject_alternative_names", slices.Compact(l))
		if rg, ok := c.r.AttrRanges[sans]; ok {
			o.SetSpan("subject_alternative_names", asset.Span{File: rg.File, StartLine: rg.StartLine, EndLine: rg.EndLine})
		}
	}
	c.fields(o, acmFields)
	return p
}

// CloudWatch alarms. Actions naming a resource of the code hold its
// address, the id its asset has (an SNS topic's, for the CIS monitoring
// rules); actions enabled is AWS's default, true.

func alarm(c *ctx) *prim {
	if c.r.Format == iac.FormatCloudFormation {
		return alarmOf(c, "AlarmName", "MetricName", "Namespace", "ActionsEnabled", "AlarmActions", "OKActions",
			"InsufficientDataActions", "Statistic", "ComparisonOperator", "EvaluationPeriods", "Period")
	}
	return alarmOf(c, "alarm_name", "metric_name", "namespace", "actions_enabled", "alarm_actions", "ok_actions",
		"insufficient_data_actions", "statistic", "comparison_operator", "evaluation_periods", "period")
}

func alarmOf(c *ctx, name, metric, ns, enabled, actions, ok, insufficient, stat, cmp, evals, period string) *prim {
	p := c.newAsset("aws.cloudwatch.alarm", c.get(name), false)
	o := p.a.Root
	c.attr(o, "alarm_name", name)
	c.attrd(o, "metric_name", metric, "")
	c.attrd(o, "namespace", ns, "")
	m, n := c.get(metric), c.get(ns)
	switch {
	case m == nil || n == nil:
		o.SetString("metric", "")
	default:
		ms, ok1 := m.(string)
		ns, ok2 := n.(string)
		if ok1 && ok2 {
			o.SetString("metric", ns+"/"+ms)
		} else {
			o.SetUnknown("metric", "the alarm's metric is known only after apply")
		}
	}
	c.attrd(o, "actions_enabled", enabled, true)
	for field, attr := range map[string]string{"alarm_actions": actions, "ok_actions": ok, "insufficient_data_actions": insufficient} {
		c.setd(o, field, attr, c.refList(c.get(attr)), []any{})
	}
	c.attr(o, "statistic", stat)
	c.attr(o, "comparison_operator", cmp)
	c.attr(o, "evaluation_periods", evals)
	c.attr(o, "period", period)
	return p
}

// refList replaces the references to resources of the code in a list of
// ARNs by their addresses; other values are kept.
func (c *ctx) refList(v any) any {
	l, ok := v.([]any)
	if !ok {
		return v
	}
	out := make([]any, len(l))
	for i, e := range l {
		out[i] = e
		if r := c.rawTarget(e); r != nil {
			out[i] = r.Address
		}
	}
	return out
}

// CloudWatch Logs metric filters. A filter on a log group of the code
// reads the group's configured name.

func metricFilter(c *ctx) *prim {
	cfn := c.r.Format == iac.FormatCloudFormation
	name, group, pattern, mts, mName, mNS, mVal, groupName := "name", "log_group_name", "pattern", "metric_transformation", "name", "namespace", "value", "name"
	if cfn {
		name, group, pattern, mts, mName, mNS, mVal, groupName = "FilterName", "LogGroupName", "FilterPattern", "MetricTransformations", "MetricName", "MetricNamespace", "MetricValue", "LogGroupName"
	}
	p := c.newAsset("aws.logs.metric_filter", c.get(name), false)
	o := p.a.Root
	c.attr(o, "filter_name", name)
	c.set(o, "log_group_name", group, c.nameOf(c.get(group), groupName))
	c.attr(o, "filter_pattern", pattern)
	ts, u := blocks(c.get(mts))
	if u != nil {
		o.SetUnknown("metric_transformations", u.Reason)
		o.SetUnknown("metric", u.Reason)
		return p
	}
	var out []*asset.Object
	for i, t := range ts {
		mt := o.Nested("metric_transformations")
		c.set(mt, "metric_name", mts, t[mName])
		c.set(mt, "metric_namespace", mts, t[mNS])
		c.set(mt, "metric_value", mts, t[mVal])
		out = append(out, mt)
		if i > 0 {
			continue
		}
		ns, ok1 := t[mNS].(string)
		n, ok2 := t[mName].(string)
		if ok1 && ok2 {
			o.SetString("metric", ns+"/"+n)
		} else {
			o.SetUnknown("metric", "the filter's metric is known only after apply")
		}
	}
	o.SetObjects("metric_transformations", out)
	return p
}

// SNS subscriptions. The topic is named by its address when it is in the
// code (the topic asset's id). Subscriptions to queues, functions,
// streams, applications and phone numbers are confirmed at creation;
// e-mail and HTTP(S) ones wait for their recipient to confirm them.

func snsSubscription(c *ctx) *prim {
	topic, proto, endpoint := "topic_arn", "protocol", "endpoint"
	if c.r.Format == iac.FormatCloudFormation {
		topic, proto, endpoint = "TopicArn", "Protocol", "Endpoint"
	}
	p := c.newAsset("aws.sns.subscription", nil, false)
	o := p.a.Root
	c.set(o, "topic_arn", topic, c.symbolicID(c.get(topic), "aws.sns.topic"))
	c.attr(o, "protocol", proto)
	ep := c.get(endpoint)
	if s, ok := ep.(string); ok {
		if u, err := url.Parse(s); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			ep = u.Scheme + "://" + u.Host // as the collector: the path may carry a token
		}
	}
	c.set(o, "endpoint", endpoint, c.symbolicRaw(ep, "aws_sqs_queue", "aws_lambda_function", "AWS::SQS::Queue", "AWS::Lambda::Function"))
	switch pr := c.get(proto).(type) {
	case string:
		if confirmedByRecipient(pr) {
			o.SetUnknown("pending_confirmation", "a "+pr+" subscription is confirmed by its recipient after apply")
		} else {
			o.SetBool("pending_confirmation", false)
		}
	case iac.Unknown:
		o.SetUnknown("pending_confirmation", pr.Reason)
	}
	return p
}

// confirmedByRecipient tells the protocols whose subscriptions wait for
// the endpoint's owner to confirm them.
func confirmedByRecipient(protocol string) bool {
	return slices.Contains([]string{"email", "email-json", "http", "https"}, strings.ToLower(protocol))
}

// finishTopic counts the topic's subscriptions the code confirms at
// creation. None is unknown, not 0: e-mail subscriptions, which code
// cannot confirm, are often made outside it.
func finishTopic(c *ctx) {
	p := c.b.prims[key(c.r, c.r.Address)]
	n := 0
	for _, q := range c.b.order {
		if q.a.Type != "aws.sns.subscription" {
			continue
		}
		t, _ := q.a.Root.Get("topic_arn")
		pend, known := q.a.Root.Get("pending_confirmation")
		if t != nil && asset.Native(t) == p.a.ID && known && pend.Value() == false {
			n++
		}
	}
	if c.r.Format == iac.FormatCloudFormation {
		subs, _ := blocks(c.get("Subscription"))
		for _, s := range subs {
			if pr, ok := s["Protocol"].(string); ok && !confirmedByRecipient(pr) {
				n++
			}
		}
	}
	if n == 0 {
		p.a.Root.SetUnknown("subscriptions_confirmed", "no subscription of this code is confirmed at creation: others (e-mail) are confirmed outside it, if at all")
		return
	}
	p.a.Root.SetInt("subscriptions_confirmed", int64(n))
}

// AWS Config recorders. A recorder records every supported type but not
// global ones unless told (the API's defaults); it records once started,
// which Terraform declares with aws_config_configuration_recorder_status
// (unknown without one). Its last status exists only after it runs.

const configSLR = ":role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"

func configRecorder(c *ctx) *prim {
	cfn := c.r.Format == iac.FormatCloudFormation
	name, role, all, global := "name", "role_arn", "recording_group.all_supported", "recording_group.include_global_resource_types"
	if cfn {
		name, role, all, global = "Name", "RoleARN", "RecordingGroup.AllSupported", "RecordingGroup.IncludeGlobalResourceTypes"
	}
	n := c.get(name)
	if n == nil && !cfn {
		n = "default"
	}
	p := c.newAsset("aws.config.recorder", n, false)
	o := p.a.Root
	c.set(o, "recorder_name", name, n)
	o.SetString("service_principal", "")
	c.set(o, "role_arn", role, c.serviceLinkedRole(c.get(role)))
	c.attrd(o, "all_supported", all, true)
	c.attrd(o, "include_global_resource_types", global, false)
	if cfn {
		o.SetUnknown("recording", "CloudFormation starts the recorder once a delivery channel exists, which this code may not declare")
	} else {
		o.SetUnknown("recording", "the recorder is started by an aws_config_configuration_recorder_status resource, not in this code")
	}
	return p
}

// serviceLinkedRole resolves a reference to a service-linked role of the
// code into the ARN AWS gives it (its path and name are fixed by the
// service); a reference to another role of the code is that role's
// address. Other values are returned as they are.
func (c *ctx) serviceLinkedRole(v any) any {
	r := c.rawTarget(v)
	if r == nil {
		return v
	}
	svc := r.Attrs["aws_service_name"]
	if r.Type == "AWS::IAM::ServiceLinkedRole" {
		svc = r.Attrs["AWSServiceName"]
	}
	if svc == "config.amazonaws.com" {
		acct := c.r.Account
		if acct == "" {
			acct = UnknownAccount
		}
		return "arn:aws:iam::" + acct + configSLR
	}
	return r.Address
}

func tfRecorderStatus(c *ctx) {
	p := c.target(c.get("name"), "aws.config.recorder")
	if p == nil {
		c.unlinkedTo("name", "configuration recorder")
		return
	}
	c.attr(p.a.Root, "recording", "is_enabled")
}

// GuardDuty detectors and Security Hub: one asset per declaration, for
// the region of its provider.

func guardDuty(c *ctx) *prim {
	enable, freq := "enable", "finding_publishing_frequency"
	if c.r.Format == iac.FormatCloudFormation {
		enable, freq = "Enable", "FindingPublishingFrequency"
	}
	p := c.newAsset("aws.guardduty.detector", nil, false)
	o := p.a.Root
	c.attrd(o, "enabled", enable, true)
	switch e, _ := o.Get("enabled"); {
	case e == nil:
	case e.Value() == true:
		o.SetString("status", "ENABLED")
	default:
		o.SetString("status", "DISABLED")
	}
	c.attrd(o, "finding_publishing_frequency", freq, "SIX_HOURS")
	return p
}

func securityHub(c *ctx) *prim {
	auto, gen := "auto_enable_controls", "control_finding_generator"
	if c.r.Format == iac.FormatCloudFormation {
		auto, gen = "AutoEnableControls", "ControlFindingGenerator"
	}
	p := c.newAsset("aws.securityhub.hub", nil, false)
	o := p.a.Root
	o.SetBool("enabled", true)
	c.attrd(o, "auto_enable_controls", auto, true)
	c.attrd(o, "control_finding_generator", gen, "SECURITY_CONTROL")
	return p
}
