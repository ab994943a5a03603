package aws_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	cwaws "cloudward/collect/aws"
	"cloudward/internal/testenv"
	"cloudward/scan"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/smithy-go/encoding/cbor"
	"github.com/aws/smithy-go/middleware"
)

// monitoringServiceNames are the monitoring services tested against moto;
// cloudwatch is tested with recorded responses (TestCloudWatchAlarmsRecorded):
// the SDK speaks rpc-v2-cbor to CloudWatch, which moto does not implement.
var monitoringServiceNames = []string{"config", "logs", "sns", "securityhub", "guardduty"}

// setupMonitoring creates, in moto's us-east-1 only: a Config recorder
// recording everything into a delivery channel; a log group with a CIS
// metric filter; an SNS topic (which an alarm on the filter's metric would
// notify) with an email and a webhook subscription; a GuardDuty detector;
// Security Hub. eu-west-1 has none of them.
func setupMonitoring(t *testing.T, m *testenv.Moto) (topicARN, detectorID string) {
	t.Helper()
	ctx := context.Background()
	cfg := m.Config(t, "us-east-1", "")

	snsc := sns.NewFromConfig(cfg)
	topic := mustDo[*sns.CreateTopicOutput](t)(snsc.CreateTopic(ctx, &sns.CreateTopicInput{
		Name: aws.String("security-alerts"), Attributes: map[string]string{"KmsMasterKeyId": "alias/aws/sns"},
		Tags: []snstypes.Tag{{Key: aws.String("team"), Value: aws.String("secops")}}}))
	topicARN = aws.ToString(topic.TopicArn)
	mustDo[*sns.SubscribeOutput](t)(snsc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn,
		Protocol: aws.String("email"), Endpoint: aws.String("secops@example.com")}))
	mustDo[*sns.SubscribeOutput](t)(snsc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn,
		Protocol: aws.String("https"), Endpoint: aws.String("https://hooks.example.com/services/T0/B0/s3cr3tt0ken?key=abc")}))

	cs := configservice.NewFromConfig(cfg)
	mustDo[*configservice.PutConfigurationRecorderOutput](t)(cs.PutConfigurationRecorder(ctx, &configservice.PutConfigurationRecorderInput{
		ConfigurationRecorder: &cfgtypes.ConfigurationRecorder{Name: aws.String("default"),
			RoleARN:        aws.String("arn:aws:iam::123456789012:role/config-recorder"),
			RecordingGroup: &cfgtypes.RecordingGroup{AllSupported: true, IncludeGlobalResourceTypes: true}}}))
	mustDo[*configservice.PutDeliveryChannelOutput](t)(cs.PutDeliveryChannel(ctx, &configservice.PutDeliveryChannelInput{
		DeliveryChannel: &cfgtypes.DeliveryChannel{Name: aws.String("default"), S3BucketName: aws.String("config-history"),
			SnsTopicARN: topic.TopicArn}}))
	mustDo[*configservice.StartConfigurationRecorderOutput](t)(cs.StartConfigurationRecorder(ctx,
		&configservice.StartConfigurationRecorderInput{ConfigurationRecorderName: aws.String("default")}))

	logs := cloudwatchlogs.NewFromConfig(cfg)
	mustDo[*cloudwatchlogs.CreateLogGroupOutput](t)(logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{
		LogGroupName: aws.String("cloudtrail-events"), Tags: map[string]string{"purpose": "audit"}}))
	mustDo[*cloudwatchlogs.PutRetentionPolicyOutput](t)(logs.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{
		LogGroupName: aws.String("cloudtrail-events"), RetentionInDays: aws.Int32(365)}))
	mustDo[*cloudwatchlogs.CreateLogGroupOutput](t)(logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{
		LogGroupName: aws.String("app")}))
	mustDo[*cloudwatchlogs.PutMetricFilterOutput](t)(logs.PutMetricFilter(ctx, &cloudwatchlogs.PutMetricFilterInput{
		LogGroupName: aws.String("cloudtrail-events"), FilterName: aws.String("unauthorized-api-calls"),
		FilterPattern: aws.String(`{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }`),
		MetricTransformations: []logstypes.MetricTransformation{{MetricNamespace: aws.String("CISBenchmark"),
			MetricName: aws.String("UnauthorizedAPICalls"), MetricValue: aws.String("1")}}}))

	det := mustDo[*guardduty.CreateDetectorOutput](t)(guardduty.NewFromConfig(cfg).CreateDetector(ctx, &guardduty.CreateDetectorInput{
		Enable: aws.Bool(true), FindingPublishingFrequency: gdtypes.FindingPublishingFrequencySixHours,
		Tags: map[string]string{"owner": "secops"}}))
	mustDo[*securityhub.EnableSecurityHubOutput](t)(securityhub.NewFromConfig(cfg).EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}))
	return topicARN, aws.ToString(det.DetectorId)
}

func TestMonitoringServices(t *testing.T) {
	m := testenv.StartMoto(t)
	topicARN, detectorID := setupMonitoring(t, m)
	sink := collect(t, m, cwaws.Options{Regions: []string{"us-east-1", "eu-west-1"}, Services: monitoringServiceNames,
		MaxBackoff: 20 * time.Millisecond})
	requireNoGaps(t, sink)
	const acct = servicesAccount

	// AWS Config.
	recs := assetsOfType(sink, "aws.config.recorder")
	if len(recs) != 1 {
		t.Fatalf("recorders: %d, want 1", len(recs))
	}
	rec := recs[0]
	if rec.Region != "us-east-1" || rec.Name != "default" ||
		!strings.HasPrefix(rec.ID, "arn:aws:config:us-east-1:"+acct+":configuration-recorder/default") {
		t.Errorf("recorder %s %q in %s", rec.ID, rec.Name, rec.Region)
	}
	expectAttrs(t, rec, map[string]any{
		"recorder_name":                 "default",
		"role_arn":                      "arn:aws:iam::123456789012:role/config-recorder",
		"all_supported":                 true,
		"include_global_resource_types": true,
		"recording":                     true,
		"last_status":                   "PENDING",
	})
	ch := sink.get(t, "aws.config.delivery_channel", acct, "arn:aws:config:us-east-1:"+acct+":delivery-channel/default")
	expectAttrs(t, ch, map[string]any{"s3_bucket_name": "config-history", "sns_topic_arn": topicARN, "s3_kms_key_arn": ""})
	expectAttrs(t, sink.get(t, "aws.config.region_status", acct, "arn:aws:config:us-east-1:"+acct+":region-status"),
		map[string]any{"recorders_count": int64(1), "any_recording": true, "delivery_channels_count": int64(1)})
	expectAttrs(t, sink.get(t, "aws.config.region_status", acct, "arn:aws:config:eu-west-1:"+acct+":region-status"),
		map[string]any{"recorders_count": int64(0), "any_recording": false, "delivery_channels_count": int64(0)})

	// CloudWatch Logs.
	lg := sink.get(t, "aws.logs.log_group", acct, "arn:aws:logs:us-east-1:"+acct+":log-group:cloudtrail-events")
	expectAttrs(t, lg, map[string]any{
		"log_group_name":    "cloudtrail-events",
		"arn":               "arn:aws:logs:us-east-1:" + acct + ":log-group:cloudtrail-events:*",
		"retention_in_days": int64(365),
		"kms_key_id":        "",
	})
	if lg.Tags["purpose"] != "audit" {
		t.Errorf("log group tags %v", lg.Tags)
	}
	expectAttrs(t, sink.get(t, "aws.logs.log_group", acct, "arn:aws:logs:us-east-1:"+acct+":log-group:app"),
		map[string]any{"retention_in_days": int64(0)})
	mf := sink.get(t, "aws.logs.metric_filter", acct,
		"arn:aws:logs:us-east-1:"+acct+":log-group:cloudtrail-events:metric-filter:unauthorized-api-calls")
	expectAttrs(t, mf, map[string]any{
		"filter_name":    "unauthorized-api-calls",
		"log_group_name": "cloudtrail-events",
		"filter_pattern": `{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }`,
		"metric":         "CISBenchmark/UnauthorizedAPICalls",
		"metric_transformations": []any{map[string]any{"metric_namespace": "CISBenchmark",
			"metric_name": "UnauthorizedAPICalls", "metric_value": "1"}},
	})

	// SNS.
	tp := sink.get(t, "aws.sns.topic", acct, topicARN)
	expectAttrs(t, tp, map[string]any{"topic_name": "security-alerts", "kms_master_key_id": "alias/aws/sns", "fifo": false})
	if _, ok := field(t, tp, "subscriptions_confirmed").(int64); !ok {
		// moto never counts subscriptions (always 0); AWS does.
		t.Errorf("subscriptions_confirmed = %#v, want an int", field(t, tp, "subscriptions_confirmed"))
	}
	if pol, ok := field(t, tp, "policy").(map[string]any); !ok || pol["Statement"] == nil {
		t.Errorf("topic policy = %#v", field(t, tp, "policy"))
	}
	if tp.Tags["team"] != "secops" {
		t.Errorf("topic tags %v", tp.Tags)
	}
	subs := assetsOfType(sink, "aws.sns.subscription")
	if len(subs) != 2 {
		t.Fatalf("subscriptions: %d, want 2", len(subs))
	}
	endpoints := map[string]string{}
	for _, s := range subs {
		if field(t, s, "topic_arn") != topicARN || !strings.HasPrefix(s.ID, topicARN+":") {
			t.Errorf("subscription %s of %v", s.ID, field(t, s, "topic_arn"))
		}
		endpoints[field(t, s, "protocol").(string)] = field(t, s, "endpoint").(string)
		if strings.Contains(s.Name, "s3cr3t") {
			t.Errorf("the webhook token leaked into the name %q", s.Name)
		}
	}
	if endpoints["email"] != "secops@example.com" || endpoints["https"] != "https://hooks.example.com" {
		t.Errorf("endpoints %v (a webhook keeps only scheme://host)", endpoints)
	}

	// Security Hub: enabled in us-east-1, known not subscribed in eu-west-1.
	expectAttrs(t, sink.get(t, "aws.securityhub.hub", acct, "arn:aws:securityhub:us-east-1:"+acct+":hub/default"),
		map[string]any{"enabled": true, "hub_arn": "arn:aws:securityhub:us-east-1:" + acct + ":hub/default"})
	expectAttrs(t, sink.get(t, "aws.securityhub.hub", acct, "arn:aws:securityhub:eu-west-1:"+acct+":hub/default"),
		map[string]any{"enabled": false, "hub_arn": nil})

	// GuardDuty: a detector in us-east-1, none in eu-west-1.
	gd := sink.get(t, "aws.guardduty.detector", acct, "arn:aws:guardduty:us-east-1:"+acct+":detector/"+detectorID)
	expectAttrs(t, gd, map[string]any{"enabled": true, "status": "ENABLED", "detector_id": detectorID,
		"finding_publishing_frequency": "SIX_HOURS"})
	if gd.Tags["owner"] != "secops" {
		t.Errorf("detector tags %v", gd.Tags)
	}
	if field(t, gd, "created_at") == nil {
		t.Error("created_at not parsed")
	}
	expectAttrs(t, sink.get(t, "aws.guardduty.detector", acct, "arn:aws:guardduty:eu-west-1:"+acct+":detector"),
		map[string]any{"enabled": false, "detector_id": "", "status": ""})
	if n := len(assetsOfType(sink, "aws.guardduty.detector")); n != 2 {
		t.Errorf("%d detector assets, want one per region", n)
	}
}

// A denied per-resource read (one topic's attributes), a denied status call
// and a denied Security Hub call become unknown attributes with gaps, and
// everything else is still collected.
func TestMonitoringAccessDenied(t *testing.T) {
	m := testenv.StartMoto(t)
	topicARN, _ := setupMonitoring(t, m)
	sink := collect(t, m, cwaws.Options{Regions: []string{"us-east-1"}, Services: monitoringServiceNames,
		MaxBackoff: 20 * time.Millisecond,
		APIOptions: []func(*middleware.Stack) error{denyOp("GetTopicAttributes"), denyOp("DescribeHub"),
			denyOp("DescribeConfigurationRecorderStatus")}})
	const acct = servicesAccount

	tp := sink.get(t, "aws.sns.topic", acct, topicARN)
	for _, f := range []string{"kms_master_key_id", "policy", "subscriptions_confirmed", "subscriptions_pending"} {
		if got := field(t, tp, f); got != "unknown: AccessDenied: sns:GetTopicAttributes" {
			t.Errorf("topic %s = %#v, want unknown", f, got)
		}
	}
	if tp.Tags["team"] != "secops" || field(t, tp, "topic_name") != "security-alerts" {
		t.Errorf("the rest of the topic is still read: tags %v name %v", tp.Tags, field(t, tp, "topic_name"))
	}
	if n := len(assetsOfType(sink, "aws.sns.subscription")); n != 2 {
		t.Errorf("subscriptions still collected: %d, want 2", n)
	}

	hub := sink.get(t, "aws.securityhub.hub", acct, "arn:aws:securityhub:us-east-1:"+acct+":hub/default")
	if got := field(t, hub, "enabled"); got != "unknown: AccessDenied: securityhub:DescribeHub" {
		t.Errorf("hub enabled = %#v: a denied read is not a disabled hub", got)
	}

	rec := assetsOfType(sink, "aws.config.recorder")
	if len(rec) != 1 {
		t.Fatalf("recorders: %d", len(rec))
	}
	expectAttrs(t, rec[0], map[string]any{"all_supported": true,
		"recording": "unknown: AccessDenied: config:DescribeConfigurationRecorderStatus"})
	expectAttrs(t, sink.get(t, "aws.config.region_status", acct, "arn:aws:config:us-east-1:"+acct+":region-status"),
		map[string]any{"recorders_count": int64(1), "any_recording": "unknown: AccessDenied: config:DescribeConfigurationRecorderStatus"})

	// Untouched services are complete.
	sink.get(t, "aws.logs.metric_filter", acct,
		"arn:aws:logs:us-east-1:"+acct+":log-group:cloudtrail-events:metric-filter:unauthorized-api-calls")
	if n := len(assetsOfType(sink, "aws.guardduty.detector")); n != 1 {
		t.Errorf("%d detectors, want 1", n)
	}

	want := map[string]string{
		"sns:GetTopicAttributes":                     topicARN,
		"securityhub:DescribeHub":                    "arn:aws:securityhub:us-east-1:" + acct + ":hub/default",
		"config:DescribeConfigurationRecorderStatus": "arn:aws:config:us-east-1:" + acct + ":region-status",
	}
	for _, g := range sink.gaps {
		if res, ok := want[g.API]; ok && g.Code == "AccessDenied" && g.Resource == res {
			delete(want, g.API)
		} else {
			t.Errorf("unexpected gap %+v", g)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing gaps for %v; have %+v", want, sink.gaps)
	}
}

// recordedCloudWatch serves CloudWatch's rpc-v2-cbor responses (shapes from
// the API reference) for a CIS alarm on a metric filter's metric that
// notifies an SNS topic, and a metric math alarm; STS answers in XML.
func recordedCloudWatch(t *testing.T) *httptest.Server {
	t.Helper()
	const acct = "123456789012"
	ts := cbor.Tag{ID: 1, Value: cbor.Float64(1.7800704e9)} // epoch seconds
	alarms := cbor.Map{"MetricAlarms": cbor.List{
		cbor.Map{
			"AlarmName":                          cbor.String("unauthorized-api-calls"),
			"AlarmArn":                           cbor.String("arn:aws:cloudwatch:us-east-1:" + acct + ":alarm:unauthorized-api-calls"),
			"AlarmConfigurationUpdatedTimestamp": &ts,
			"ActionsEnabled":                     cbor.Bool(true),
			"AlarmActions":                       cbor.List{cbor.String("arn:aws:sns:us-east-1:" + acct + ":security-alerts")},
			"OKActions":                          cbor.List{},
			"InsufficientDataActions":            cbor.List{},
			"StateValue":                         cbor.String("OK"),
			"MetricName":                         cbor.String("UnauthorizedAPICalls"),
			"Namespace":                          cbor.String("CISBenchmark"),
			"Statistic":                          cbor.String("Sum"),
			"Dimensions":                         cbor.List{},
			"Period":                             cbor.Uint(300),
			"EvaluationPeriods":                  cbor.Uint(1),
			"Threshold":                          cbor.Float64(1),
			"ComparisonOperator":                 cbor.String("GreaterThanOrEqualToThreshold"),
		},
		cbor.Map{
			"AlarmName":          cbor.String("error-rate"),
			"AlarmArn":           cbor.String("arn:aws:cloudwatch:us-east-1:" + acct + ":alarm:error-rate"),
			"ActionsEnabled":     cbor.Bool(false),
			"StateValue":         cbor.String("ALARM"),
			"EvaluationPeriods":  cbor.Uint(3),
			"Threshold":          cbor.Float64(0.05),
			"ComparisonOperator": cbor.String("GreaterThanThreshold"),
			"Metrics": cbor.List{cbor.Map{"Id": cbor.String("e1"), "Expression": cbor.String("errors/requests"),
				"ReturnData": cbor.Bool(true)}},
		},
	}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if form, _ := url.ParseQuery(string(body)); form.Get("Action") == "GetCallerIdentity" {
			fmt.Fprint(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/audit</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`)
			return
		}
		var out cbor.Map
		switch r.URL.Path {
		case "/service/GraniteServiceVersion20100801/operation/DescribeAlarms":
			out = alarms
		case "/service/GraniteServiceVersion20100801/operation/ListTagsForResource":
			out = cbor.Map{"Tags": cbor.List{}}
			req, err := cbor.Decode(body)
			if err != nil {
				t.Errorf("ListTagsForResource body: %v", err)
			}
			if m, ok := req.(cbor.Map); ok {
				if arn, _ := m["ResourceARN"].(cbor.String); strings.HasSuffix(string(arn), ":unauthorized-api-calls") {
					out = cbor.Map{"Tags": cbor.List{cbor.Map{"Key": cbor.String("cis"), "Value": cbor.String("4.1")}}}
				}
			}
		default:
			t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
		w.Header().Set("Content-Type", "application/cbor")
		w.Write(cbor.Encode(out))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func collectCloudWatchRecorded(t *testing.T, srv *httptest.Server, apiOptions ...func(*middleware.Stack) error) *memSink {
	t.Helper()
	c, err := cwaws.New(scan.Registry(), cwaws.Options{Regions: []string{"us-east-1"}, Services: []string{"cloudwatch"},
		MaxBackoff: 20 * time.Millisecond, APIOptions: apiOptions,
		Now: func() time.Time { return time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) },
		ConfigOptions: []func(*config.LoadOptions) error{config.WithRegion("us-east-1"), config.WithBaseEndpoint(srv.URL),
			config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")),
			config.WithSharedConfigFiles([]string{}), config.WithSharedCredentialsFiles([]string{})}})
	if err != nil {
		t.Fatal(err)
	}
	sink := &memSink{}
	if err := c.Run(context.Background(), sink); err != nil {
		t.Fatal(err)
	}
	return sink
}

func TestCloudWatchAlarmsRecorded(t *testing.T) {
	sink := collectCloudWatchRecorded(t, recordedCloudWatch(t))
	requireNoGaps(t, sink)
	const acct = servicesAccount
	al := sink.get(t, "aws.cloudwatch.alarm", acct, "arn:aws:cloudwatch:us-east-1:"+acct+":alarm:unauthorized-api-calls")
	if al.Name != "unauthorized-api-calls" || al.Region != "us-east-1" {
		t.Errorf("alarm %q in %s", al.Name, al.Region)
	}
	expectAttrs(t, al, map[string]any{
		"alarm_name":          "unauthorized-api-calls",
		"metric_name":         "UnauthorizedAPICalls",
		"namespace":           "CISBenchmark",
		"metric":              "CISBenchmark/UnauthorizedAPICalls",
		"alarm_actions":       []any{"arn:aws:sns:us-east-1:" + acct + ":security-alerts"},
		"ok_actions":          []any{},
		"actions_enabled":     true,
		"state":               "OK",
		"statistic":           "Sum",
		"comparison_operator": "GreaterThanOrEqualToThreshold",
		"threshold":           1.0,
		"evaluation_periods":  int64(1),
		"period":              int64(300),
	})
	if al.Tags["cis"] != "4.1" {
		t.Errorf("alarm tags %v", al.Tags)
	}
	mathAlarm := sink.get(t, "aws.cloudwatch.alarm", acct, "arn:aws:cloudwatch:us-east-1:"+acct+":alarm:error-rate")
	expectAttrs(t, mathAlarm, map[string]any{"metric_name": "", "metric": "", "actions_enabled": false, "state": "ALARM",
		"alarm_actions": []any{}, "threshold": 0.05, "period": nil})
}

// A denied tag read is a gap; the alarms are still collected.
func TestCloudWatchAlarmTagsDenied(t *testing.T) {
	sink := collectCloudWatchRecorded(t, recordedCloudWatch(t), denyOp("ListTagsForResource"))
	const acct = servicesAccount
	al := sink.get(t, "aws.cloudwatch.alarm", acct, "arn:aws:cloudwatch:us-east-1:"+acct+":alarm:unauthorized-api-calls")
	if got := field(t, al, "metric"); got != "CISBenchmark/UnauthorizedAPICalls" {
		t.Errorf("metric = %v", got)
	}
	if len(al.Tags) != 0 {
		t.Errorf("tags %v", al.Tags)
	}
	if len(sink.gaps) != 2 {
		t.Fatalf("gaps %+v, want one per alarm", sink.gaps)
	}
	for _, g := range sink.gaps {
		if g.API != "cloudwatch:ListTagsForResource" || g.Code != "AccessDenied" || !strings.HasPrefix(g.Resource, "arn:aws:cloudwatch:") {
			t.Errorf("gap %+v", g)
		}
	}
}
