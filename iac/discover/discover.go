// Package discover finds infrastructure-as-code under the paths a user
// gives, detects each file's format and parses it: Terraform module
// directories, Terraform plans in JSON form (`terraform show -json
// plan.out > plan.json`, recognised by content whatever their name, among
// the .json/.yaml/.yml/.template candidates or when named explicitly),
// CloudFormation templates (YAML or JSON), Azure ARM templates (JSON with
// a deploymentTemplate $schema) and Kubernetes manifests (YAML or JSON
// objects with apiVersion and kind). Files of formats
// cloudward does not read are skipped; a file that fails to parse yields
// diagnostics and the others are still read.
package discover

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"cloudward/iac"
	"cloudward/iac/arm"
	"cloudward/iac/cloudformation"
	"cloudward/iac/kubernetes"
	"cloudward/iac/terraform"
	"cloudward/iac/tfplan"
)

// Options configure parsing.
type Options struct {
	Terraform      terraform.Options
	CloudFormation cloudformation.Options
	ARM            arm.Options
}

// Result is what was found.
type Result struct {
	Resources   []iac.Resource
	Diagnostics []iac.Diagnostic
	// Files counts the files read, by format.
	Files map[string]int
}

// maxTemplate bounds the size of a file read as a possible template.
const maxTemplate = 16 << 20

// skipDir reports directories never scanned: VCS metadata, dependency
// trees, and Terraform's working directory (downloaded modules are read
// through the module calls that use them, not as roots).
func skipDir(name string) bool {
	switch name {
	case ".git", ".hg", ".svn", "node_modules", ".terraform", "vendor", ".venv", "__pycache__":
		return true
	}
	return false
}

// Load reads every path (files or directories, walked recursively).
func Load(paths []string, opts Options) Result {
	res := Result{Files: map[string]int{}}
	tfDirs := map[string]bool{}
	var templates []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			res.Diagnostics = append(res.Diagnostics, iac.Diagnostic{File: p, Severity: iac.SeverityError, Message: err.Error()})
			continue
		}
		if !st.IsDir() {
			if isTerraformFile(p) {
				tfDirs[filepath.Dir(p)] = true
			} else {
				templates = append(templates, p)
			}
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				res.Diagnostics = append(res.Diagnostics, iac.Diagnostic{File: path, Severity: iac.SeverityWarning, Message: err.Error()})
				return nil
			}
			if d.IsDir() {
				if path != p && skipDir(d.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			switch {
			case isTerraformFile(path):
				tfDirs[filepath.Dir(path)] = true
			case isTemplateCandidate(path):
				templates = append(templates, path)
			}
			return nil
		})
		if err != nil {
			res.Diagnostics = append(res.Diagnostics, iac.Diagnostic{File: p, Severity: iac.SeverityError, Message: err.Error()})
		}
	}
	dirs := make([]string, 0, len(tfDirs))
	for d := range tfDirs {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	sort.Strings(templates)

	type out struct {
		rs     []iac.Resource
		ds     []iac.Diagnostic
		format string
		root   string // the module directory a Terraform load started from
	}
	jobs := make([]func() out, 0, len(dirs)+len(templates))
	for _, d := range dirs {
		jobs = append(jobs, func() out {
			rs, ds := terraform.Load(d, opts.Terraform)
			return out{rs, ds, iac.FormatTerraform, d}
		})
	}
	for _, f := range templates {
		jobs = append(jobs, func() out {
			data, err := readLimited(f)
			if err != nil {
				return out{ds: []iac.Diagnostic{{File: f, Severity: iac.SeverityError, Message: err.Error()}}}
			}
			rs, ds, format := ParseFile(f, data, opts)
			return out{rs, ds, format, ""}
		})
	}
	results := make([]out, len(jobs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, job := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			results[i] = job()
		}()
	}
	wg.Wait()
	// A directory another root reaches through a module call is reported
	// through that call, where its inputs are bound; its standalone load
	// (inputs unset, so warnings and unknowns) is dropped whole.
	viaModule := map[string]bool{}
	for _, r := range results {
		for _, x := range r.rs {
			if d := filepath.Dir(x.Range.File); r.root != "" && d != r.root {
				viaModule[d] = true
			}
		}
	}
	for _, r := range results {
		if r.root != "" && viaModule[r.root] {
			continue
		}
		res.Resources = append(res.Resources, r.rs...)
		res.Diagnostics = append(res.Diagnostics, r.ds...)
		if r.format != "" {
			res.Files[r.format]++
		}
	}
	return res
}

// ParseFile parses one file that is not Terraform configuration, by its
// content: a Terraform plan, a CloudFormation template, an ARM template or
// Kubernetes manifests, tried in that order (a plan's configuration
// section could look like a template to a lenient check; an ARM template
// is recognised by its $schema before the looser manifest check). format
// is empty when the file is none of these.
func ParseFile(name string, data []byte, opts Options) (rs []iac.Resource, ds []iac.Diagnostic, format string) {
	switch {
	case tfplan.Detect(name, data):
		rs, ds = tfplan.Parse(name, data)
		return rs, ds, iac.FormatTerraformPlan
	case cloudformation.Detect(name, data):
		rs, ds = cloudformation.Parse(name, data, opts.CloudFormation)
		return rs, ds, iac.FormatCloudFormation
	case arm.Detect(name, data):
		rs, ds = arm.Parse(name, data, opts.ARM)
		return rs, ds, iac.FormatARM
	case kubernetes.Detect(name, data):
		rs, ds = kubernetes.Parse(name, data)
		return rs, ds, iac.FormatKubernetes
	}
	return nil, nil, ""
}

func isTerraformFile(p string) bool {
	return strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".tf.json")
}

func isTemplateCandidate(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".yaml", ".yml", ".json", ".template":
		return !strings.HasSuffix(p, ".tfvars.json") && !strings.HasSuffix(p, ".tfstate")
	}
	return false
}

func readLimited(p string) ([]byte, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxTemplate {
		return nil, &fs.PathError{Op: "read", Path: p, Err: errTooLarge}
	}
	return os.ReadFile(p)
}

type sizeError struct{}

func (sizeError) Error() string { return "larger than 16 MiB; not read as a template" }

var errTooLarge = sizeError{}
