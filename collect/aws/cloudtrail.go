package aws

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"cloudward/asset"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

var (
	opDescribeTrails     = Op{"CloudTrail", "DescribeTrails", "cloudtrail:DescribeTrails"}
	opGetTrailStatus     = Op{"CloudTrail", "GetTrailStatus", "cloudtrail:GetTrailStatus"}
	opGetEventSelectors  = Op{"CloudTrail", "GetEventSelectors", "cloudtrail:GetEventSelectors"}
	opListCloudTrailTags = Op{"CloudTrail", "ListTags", "cloudtrail:ListTags"}
)

var cloudtrailService = &Service{
	Name:    "cloudtrail",
	Ops:     []Op{opDescribeTrails, opGetTrailStatus, opGetEventSelectors, opListCloudTrailTags},
	Collect: collectCloudTrail,
}

// collectCloudTrail emits the trails of one region.
//
// DescribeTrails is called with shadow trails included: without them, an
// organization trail is invisible in the member accounts it covers, and the
// member accounts would look as if nothing logged them. Each trail is then
// emitted once per account, by the scope of its home region — or, when the
// home region is not being collected (a multi-region trail seen from the
// collected regions), by the scope of the first collected region.
func collectCloudTrail(ctx context.Context, s *Scope) error {
	out, err := cloudtrail.NewFromConfig(s.Config).DescribeTrails(ctx,
		&cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(true)})
	if err != nil {
		return fmt.Errorf("%s: %w", opDescribeTrails.Action, err)
	}
	var wg sync.WaitGroup
	for _, t := range out.TrailList {
		home := aws.ToString(t.HomeRegion)
		if home == "" {
			home = s.Region
		}
		if !ownsTrail(s, home) {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			hs := s
			if home != s.Region {
				hs = s.InRegion(home)
			}
			_ = hs.Emit(readTrail(ctx, hs, cloudtrail.NewFromConfig(hs.Config), t))
		}()
	}
	wg.Wait()
	return nil
}

// ownsTrail reports whether the scope s emits a trail homed in region home.
func ownsTrail(s *Scope, home string) bool {
	if home == s.Region {
		return true
	}
	return len(s.Regions) > 0 && !slices.Contains(s.Regions, home) && s.Region == s.Regions[0]
}

// readTrail reads a trail's status, event selectors and tags; s is a scope
// of the trail's home region and cl a client there.
func readTrail(ctx context.Context, s *Scope, cl *cloudtrail.Client, t cttypes.Trail) *asset.Asset {
	arn := aws.ToString(t.TrailARN)
	a := s.New("aws.cloudtrail.trail", arn, aws.ToString(t.Name))
	o := a.Root
	o.SetString("arn", arn).
		SetString("home_region", s.Region).
		SetBool("is_multi_region", aws.ToBool(t.IsMultiRegionTrail)).
		SetBool("is_organization_trail", aws.ToBool(t.IsOrganizationTrail)).
		SetBool("log_file_validation_enabled", aws.ToBool(t.LogFileValidationEnabled)).
		SetString("kms_key_id", aws.ToString(t.KmsKeyId)).
		SetString("s3_bucket_name", aws.ToString(t.S3BucketName)).
		SetString("cloudwatch_logs_log_group_arn", aws.ToString(t.CloudWatchLogsLogGroupArn)).
		SetBool("include_global_service_events", aws.ToBool(t.IncludeGlobalServiceEvents))

	// The ARN, not the name: it also designates a shadow trail (an
	// organization trail seen from a member account).
	st, err := cl.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(arn)})
	if err != nil {
		s.Unknown(o, "is_logging", opGetTrailStatus, arn, err)
	} else {
		o.SetBool("is_logging", aws.ToBool(st.IsLogging))
	}

	sel, err := cl.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String(arn)})
	if err != nil {
		s.Unknown(o, "include_management_events", opGetEventSelectors, arn, err)
		reason := Reason(opGetEventSelectors, err)
		o.SetUnknown("management_read_write_type", reason)
		o.SetUnknown("excluded_management_event_sources", reason)
		o.SetUnknown("s3_data_events_read", reason)
		o.SetUnknown("s3_data_events_write", reason)
	} else {
		read, write := s3DataEvents(sel.EventSelectors, sel.AdvancedEventSelectors)
		o.SetBool("s3_data_events_read", read)
		o.SetBool("s3_data_events_write", write)
		m := managementEvents(sel.EventSelectors, sel.AdvancedEventSelectors)
		o.SetBool("include_management_events", m.read || m.write)
		if rw := m.readWriteType(); rw != "" {
			o.SetString("management_read_write_type", rw)
		}
		o.SetStrings("excluded_management_event_sources", m.excluded)
	}

	// An organization trail seen from a member account belongs to the
	// management account, which alone can read its tags.
	if accountOfARN(arn) == s.Account {
		readTrailTags(ctx, s, cl, a, arn)
	}
	return a
}

func readTrailTags(ctx context.Context, s *Scope, cl *cloudtrail.Client, a *asset.Asset, arn string) {
	tags := map[string]string{}
	p := cloudtrail.NewListTagsPaginator(cl, &cloudtrail.ListTagsInput{ResourceIdList: []string{arn}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			s.Gap(opListCloudTrailTags, arn, err)
			return
		}
		for _, r := range page.ResourceTagList {
			for _, t := range r.TagsList {
				tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
		}
	}
	if len(tags) > 0 {
		a.SetTags(tags)
	}
}

// mgmtCoverage is what a trail's event selectors record of management events.
type mgmtCoverage struct {
	read, write bool
	excluded    []string // event sources no management selector records
	seen        bool
}

func (m *mgmtCoverage) add(read, write bool, excluded []string) {
	if !read && !write {
		return
	}
	m.read = m.read || read
	m.write = m.write || write
	ex := slices.Clone(excluded)
	sort.Strings(ex)
	ex = slices.Compact(ex)
	if !m.seen {
		m.seen, m.excluded = true, ex
		return
	}
	// A source left out by one selector is still recorded by another.
	m.excluded = slices.DeleteFunc(m.excluded, func(src string) bool { return !slices.Contains(ex, src) })
}

func (m *mgmtCoverage) readWriteType() string {
	switch {
	case m.read && m.write:
		return "All"
	case m.read:
		return "ReadOnly"
	case m.write:
		return "WriteOnly"
	}
	return ""
}

// s3DataEvents reports whether a trail's selectors record S3 object-level
// read and write data events for every bucket. A basic selector does with a
// data resource of type AWS::S3::Object whose values include "arn:aws:s3"
// or "arn:aws:s3:::" (all buckets); an advanced selector does when its
// eventCategory is Data, resources.type is AWS::S3::Object and no other
// field narrows it to some buckets or events.
func s3DataEvents(basic []cttypes.EventSelector, advanced []cttypes.AdvancedEventSelector) (read, write bool) {
	allBuckets := func(v string) bool {
		return v == "arn:aws:s3" || v == "arn:aws:s3:::" || strings.HasPrefix(v, "arn:") && strings.HasSuffix(v, ":s3:::")
	}
	for _, es := range basic {
		for _, dr := range es.DataResources {
			if aws.ToString(dr.Type) != "AWS::S3::Object" || !slices.ContainsFunc(dr.Values, allBuckets) {
				continue
			}
			switch es.ReadWriteType {
			case cttypes.ReadWriteTypeReadOnly:
				read = true
			case cttypes.ReadWriteTypeWriteOnly:
				write = true
			default:
				read, write = true, true
			}
		}
	}
	for _, as := range advanced {
		data, s3obj, narrowed := false, false, false
		r, w := true, true
		for _, f := range as.FieldSelectors {
			switch aws.ToString(f.Field) {
			case "eventCategory":
				data = slices.Contains(f.Equals, "Data")
			case "resources.type":
				s3obj = slices.Contains(f.Equals, "AWS::S3::Object")
			case "readOnly":
				r, w = readOnlyScope(f)
			case "resources.ARN":
				// StartsWith the partition's S3 prefix covers every bucket.
				if len(f.Equals) > 0 || len(f.NotEquals) > 0 || len(f.NotStartsWith) > 0 || len(f.EndsWith) > 0 || len(f.NotEndsWith) > 0 ||
					!slices.ContainsFunc(f.StartsWith, allBuckets) {
					narrowed = true
				}
			default:
				narrowed = true // eventName, userIdentity.arn, …: only some events
			}
		}
		if data && s3obj && !narrowed {
			read, write = read || r, write || w
		}
	}
	return read, write
}

// readOnlyScope reads an advanced selector's readOnly field: which of read
// and write events it lets through (both when it does not constrain them).
func readOnlyScope(f cttypes.AdvancedFieldSelector) (read, write bool) {
	if len(f.Equals) == 0 {
		return true, true
	}
	return slices.Contains(f.Equals, "true"), slices.Contains(f.Equals, "false")
}

// managementEvents sums up the management events a trail's basic or
// advanced event selectors record. A selector records management events of
// the read/write types it names; an advanced selector does when its
// eventCategory is Management, for the readOnly values it allows (both when
// readOnly is not constrained). A trail with no selector at all records
// nothing (AWS always reports at least one selector for a trail).
func managementEvents(basic []cttypes.EventSelector, advanced []cttypes.AdvancedEventSelector) mgmtCoverage {
	var m mgmtCoverage
	for _, es := range basic {
		if es.IncludeManagementEvents != nil && !*es.IncludeManagementEvents {
			continue // the API default is true
		}
		switch es.ReadWriteType {
		case cttypes.ReadWriteTypeReadOnly:
			m.add(true, false, es.ExcludeManagementEventSources)
		case cttypes.ReadWriteTypeWriteOnly:
			m.add(false, true, es.ExcludeManagementEventSources)
		default: // All, or unset (the API default)
			m.add(true, true, es.ExcludeManagementEventSources)
		}
	}
	for _, as := range advanced {
		mgmt, read, write := false, true, true
		var excluded []string
		for _, f := range as.FieldSelectors {
			switch aws.ToString(f.Field) {
			case "eventCategory":
				mgmt = slices.Contains(f.Equals, "Management")
			case "readOnly":
				read, write = readOnlyScope(f)
			case "eventSource":
				excluded = append(excluded, f.NotEquals...)
			}
		}
		if mgmt {
			m.add(read, write, excluded)
		}
	}
	if m.excluded == nil {
		m.excluded = []string{}
	}
	return m
}
