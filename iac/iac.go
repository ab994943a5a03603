// Package iac holds what every infrastructure-as-code parser produces: the
// resources a file declares, with their attribute values resolved as far
// as they can be statically, and diagnostics for what could not be read.
// Format packages (iac/terraform, iac/cloudformation, iac/tfplan, iac/arm,
// iac/kubernetes) turn files into Resources; adapters turn Resources into
// the same assets the live collectors produce, so one rule judges both.
package iac

import "fmt"

// Formats.
const (
	FormatTerraform      = "terraform"
	FormatTerraformPlan  = "terraform-plan"
	FormatCloudFormation = "cloudformation"
	FormatARM            = "arm"
	FormatKubernetes     = "kubernetes"
)

// Unknown marks a value that cannot be known before deployment (a
// resource attribute computed by the provider, a variable without a
// default, a function of such a value). Rules reading it yield UNKNOWN,
// never a false FAIL.
type Unknown struct {
	Reason string
}

func (u Unknown) String() string { return "(unknown: " + u.Reason + ")" }

// Range locates a span of a file (1-based lines, inclusive).
type Range struct {
	File      string `json:"file"`
	StartLine int    `json:"start_line"`
	EndLine   int    `json:"end_line"`
}

// Resource is one resource an IaC file declares, after evaluation.
//
// Attrs holds JSON-like values: nil, bool, int64 (integral numbers),
// float64, string, []any, map[string]any, and Unknown anywhere a value
// could not be resolved. Nested blocks (Terraform) become maps, or lists
// of maps when the block type may repeat.
type Resource struct {
	Format string `json:"format"`
	// Type is the resource type as the format names it: aws_s3_bucket,
	// AWS::S3::Bucket, Microsoft.Storage/storageAccounts, apps/v1/Deployment.
	Type string `json:"type"`
	// Address identifies the resource within the scanned code: the
	// Terraform address with module path and index
	// (module.net.aws_security_group.web[0]), the CloudFormation logical id,
	// the ARM resource name expression, or kind/namespace/name.
	Address string `json:"address"`
	// Name is the resource's own name (Terraform local name, logical id, …).
	Name  string `json:"name"`
	Range Range  `json:"range"`
	// AttrRanges gives the location of attributes by dotted path
	// ("versioning.enabled", "ingress[0].cidr_blocks") where the parser
	// knows it; adapters use it to point findings at the attribute.
	AttrRanges map[string]Range `json:"attr_ranges,omitempty"`
	Attrs      map[string]any   `json:"attrs"`
	// Region and Account when the code states them (provider block,
	// ARM location); empty otherwise.
	Region  string `json:"region,omitempty"`
	Account string `json:"account,omitempty"`
}

// Diagnostic is a problem found while reading IaC: a syntax error, an
// unresolvable reference, an unsupported construct. A file with an error
// is skipped; the others are still scanned.
type Diagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Severity string `json:"severity"` // error or warning
	Message  string `json:"message"`
}

func (d Diagnostic) Error() string {
	switch {
	case d.Line > 0 && d.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", d.File, d.Line, d.Column, d.Message)
	case d.Line > 0:
		return fmt.Sprintf("%s:%d: %s", d.File, d.Line, d.Message)
	}
	return d.File + ": " + d.Message
}

// Severities of diagnostics.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)
