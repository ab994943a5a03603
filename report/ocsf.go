package report

import (
	"fmt"
	"io"

	"cloudward/finding"
	"cloudward/rule"
)

// OCSF Compliance Finding (class 2003, category Findings), OCSF 1.3.0.
const (
	ocsfVersion       = "1.3.0"
	ocsfCategoryUID   = 2
	ocsfCategoryName  = "Findings"
	ocsfClassUID      = 2003
	ocsfClassName     = "Compliance Finding"
	ocsfActivityID    = 1 // Create
	ocsfActivityName  = "Create"
	ocsfTypeUID       = ocsfClassUID*100 + ocsfActivityID
	ocsfTypeName      = ocsfClassName + ": " + ocsfActivityName
	ocsfStatusIDNew   = 1
	ocsfStatusNew     = "New"
	ocsfStatusIDSupp  = 3
	ocsfStatusSupp    = "Suppressed"
	ocsfAnalyticRule  = 1 // analytic.type_id Rule
	ocsfFindingType   = "Configuration Check"
	ocsfVendorName    = "cloudward"
	ocsfProfileCloud  = "cloud"
	ocsfAnalyticLabel = "Rule"
)

type ocsfEvent struct {
	ActivityID   int    `json:"activity_id"`
	ActivityName string `json:"activity_name"`
	CategoryUID  int    `json:"category_uid"`
	CategoryName string `json:"category_name"`
	ClassUID     int    `json:"class_uid"`
	ClassName    string `json:"class_name"`
	TypeUID      int    `json:"type_uid"`
	TypeName     string `json:"type_name"`
	Time         int64  `json:"time"`
	SeverityID   int    `json:"severity_id"`
	Severity     string `json:"severity"`
	StatusID     int    `json:"status_id"`
	Status       string `json:"status"`
	StatusDetail string `json:"status_detail,omitempty"`
	Message      string `json:"message"`

	Metadata    ocsfMetadata    `json:"metadata"`
	FindingInfo ocsfFindingInfo `json:"finding_info"`
	Compliance  ocsfCompliance  `json:"compliance"`
	Cloud       ocsfCloud       `json:"cloud"`
	Resources   []ocsfResource  `json:"resources"`
	Remediation ocsfRemediation `json:"remediation"`
	Unmapped    ocsfUnmapped    `json:"unmapped"`
}

type ocsfMetadata struct {
	Version  string      `json:"version"`
	Product  ocsfProduct `json:"product"`
	Profiles []string    `json:"profiles"`
}

type ocsfProduct struct {
	Name       string `json:"name"`
	VendorName string `json:"vendor_name"`
	Version    string `json:"version,omitempty"`
	URL        string `json:"url_string,omitempty"`
}

type ocsfFindingInfo struct {
	UID         string       `json:"uid"`
	Title       string       `json:"title"`
	Desc        string       `json:"desc,omitempty"`
	Types       []string     `json:"types"`
	CreatedTime int64        `json:"created_time"`
	Analytic    ocsfAnalytic `json:"analytic"`
}

type ocsfAnalytic struct {
	UID    string `json:"uid"`
	Name   string `json:"name"`
	TypeID int    `json:"type_id"`
	Type   string `json:"type"`
}

type ocsfCompliance struct {
	Control      string   `json:"control"`
	Requirements []string `json:"requirements"`
	Standards    []string `json:"standards"`
	StatusID     int      `json:"status_id"`
	Status       string   `json:"status"`
	StatusDetail string   `json:"status_detail,omitempty"`
}

type ocsfCloud struct {
	Provider string       `json:"provider"`
	Account  *ocsfAccount `json:"account,omitempty"`
	Region   string       `json:"region,omitempty"`
}

type ocsfAccount struct {
	UID string `json:"uid"`
}

type ocsfResource struct {
	UID    string `json:"uid"`
	Type   string `json:"type"`
	Name   string `json:"name,omitempty"`
	Region string `json:"region,omitempty"`
}

type ocsfRemediation struct {
	Desc       string   `json:"desc"`
	References []string `json:"references,omitempty"`
}

type ocsfUnmapped struct {
	Status   string            `json:"cloudward_status"`
	Evidence map[string]any    `json:"evidence"`
	Location *finding.Location `json:"location,omitempty"`
}

// ocsfSeverity maps a rule severity to OCSF severity_id and its caption.
func ocsfSeverity(s rule.Severity) (int, string) {
	switch s {
	case rule.Critical:
		return 5, "Critical"
	case rule.High:
		return 4, "High"
	case rule.Medium:
		return 3, "Medium"
	case rule.Low:
		return 2, "Low"
	case rule.Info:
		return 1, "Informational"
	}
	return 0, "Unknown"
}

// ocsfComplianceStatus maps a status to compliance.status_id and its caption.
func ocsfComplianceStatus(s finding.Status) (int, string) {
	switch s {
	case finding.Pass:
		return 1, "Pass"
	case finding.Fail:
		return 3, "Fail"
	}
	return 0, "Unknown"
}

func writeOCSF(w io.Writer, res *finding.Result, opts Options) error {
	now := opts.Now().UnixMilli()
	events := make([]ocsfEvent, 0, len(res.Findings))
	for _, f := range res.Findings {
		events = append(events, ocsfEventOf(f, now, opts.Tool))
	}
	return encodeJSON(w, events)
}

func ocsfEventOf(f *finding.Finding, now int64, tool ToolInfo) ocsfEvent {
	r := ruleOf(f)
	sevID, sev := ocsfSeverity(r.Severity)
	stID, st := ocsfComplianceStatus(f.Status)
	ev := ocsfEvent{
		ActivityID:   ocsfActivityID,
		ActivityName: ocsfActivityName,
		CategoryUID:  ocsfCategoryUID,
		CategoryName: ocsfCategoryName,
		ClassUID:     ocsfClassUID,
		ClassName:    ocsfClassName,
		TypeUID:      ocsfTypeUID,
		TypeName:     ocsfTypeName,
		Time:         now,
		SeverityID:   sevID,
		Severity:     sev,
		StatusID:     ocsfStatusIDNew,
		Status:       ocsfStatusNew,
		Message:      message(f),
		Metadata: ocsfMetadata{
			Version:  ocsfVersion,
			Product:  ocsfProduct{Name: tool.Name, VendorName: ocsfVendorName, Version: tool.Version, URL: tool.InformationURI},
			Profiles: []string{ocsfProfileCloud},
		},
		FindingInfo: ocsfFindingInfo{
			UID:         fingerprint(f),
			Title:       r.Title,
			Desc:        trim(r.Description),
			Types:       []string{ocsfFindingType},
			CreatedTime: now,
			Analytic:    ocsfAnalytic{UID: r.ID, Name: r.Title, TypeID: ocsfAnalyticRule, Type: ocsfAnalyticLabel},
		},
		Compliance: ocsfCompliance{
			Control:      r.ID,
			Requirements: requirements(r),
			Standards:    nonNil(r.Frameworks()),
			StatusID:     stID,
			Status:       st,
		},
		Cloud: ocsfCloud{Provider: f.Resource.Provider, Region: f.Resource.Region},
		Resources: []ocsfResource{{
			UID:    f.Resource.ID,
			Type:   f.Resource.Type,
			Name:   f.Resource.Name,
			Region: f.Resource.Region,
		}},
		Remediation: ocsfRemediation{Desc: trim(r.Remediation.Text), References: r.References},
		Unmapped: ocsfUnmapped{
			Status:   f.Status.String(),
			Evidence: evidenceMap(f),
			Location: f.Location,
		},
	}
	if f.Status == finding.Unknown {
		ev.Compliance.StatusDetail = f.Reason
	}
	if f.Resource.Account != "" {
		ev.Cloud.Account = &ocsfAccount{UID: f.Resource.Account}
	}
	if sp := f.Suppression; sp != nil {
		ev.StatusID, ev.Status = ocsfStatusIDSupp, ocsfStatusSupp
		ev.StatusDetail = fmt.Sprintf("%s (until %s, %s)", sp.Reason, sp.Expires, sp.Source)
		if sp.ID != "" {
			ev.StatusDetail = fmt.Sprintf("exception %s, owner %s: %s", sp.ID, sp.Owner, ev.StatusDetail)
		}
	} else if x := f.Expired; x != nil {
		ev.StatusDetail = fmt.Sprintf("reopened: exception %s (owner %s) expired on %s (%s)", x.ID, x.Owner, x.Expires, x.Source)
	}
	return ev
}
