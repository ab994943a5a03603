package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
	"time"

	"cloudward/compliance"
	"cloudward/finding"
)

//go:embed compliance.html.tmpl
var complianceHTML string

var complianceTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"score":    scoreText,
	"coverage": coverageText,
	"lower":    func(s compliance.Status) string { return strings.ToLower(strings.ReplaceAll(string(s), "_", "-")) },
	"label": func(s compliance.Status) string {
		if s == compliance.StatusNotApplicable {
			return "N/A"
		}
		return string(s)
	},
	"time":     func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
	"evidence": evidenceLines,
	"nonpass": func(fs []*finding.Finding) []*finding.Finding {
		var out []*finding.Finding
		for _, f := range fs {
			if f.Status != finding.Pass {
				out = append(out, f)
			}
		}
		return out
	},
	"gap":      gapText,
	"statuses": func() []compliance.Status { return compliance.Statuses },
	"pct": func(s compliance.Score) string {
		if !s.Defined() {
			return "0"
		}
		return fmt.Sprintf("%.1f", s.Percent())
	},
}).Parse(complianceHTML))

type htmlData struct {
	A        *compliance.Assessment
	Tool     ToolInfo
	Sections []htmlSection
	Manual   []*compliance.ControlResult
}

type htmlSection struct {
	*compliance.SectionResult
	Controls []*compliance.ControlResult
}

// evidenceLines renders a finding's evidence as "path = value" lines.
func evidenceLines(f *finding.Finding) []string {
	m := evidenceMap(f)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		v, err := compactJSON(m[k])
		if err != nil {
			v = fmt.Sprint(m[k])
		}
		if len(v) > 300 {
			v = v[:297] + "…"
		}
		out = append(out, k+" = "+v)
	}
	return out
}

func writeComplianceHTML(w io.Writer, a *compliance.Assessment, opts Options) error {
	d := htmlData{A: a, Tool: opts.Tool}
	if d.Tool.Name == "" {
		d.Tool.Name = "cloudward"
	}
	for _, s := range a.Sections {
		hs := htmlSection{SectionResult: s}
		for _, cr := range a.Controls {
			if cr.Control.Section == s.Name {
				hs.Controls = append(hs.Controls, cr)
			}
		}
		d.Sections = append(d.Sections, hs)
	}
	for _, cr := range a.Controls {
		if cr.Status == compliance.StatusManual {
			d.Manual = append(d.Manual, cr)
		}
	}
	return complianceTmpl.Execute(w, d)
}
