package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"cloudward/finding"
)

// diffKey identifies a finding across scans of two versions of the code:
// the rule, the file (relative to the repository or working directory) and
// the resource's address. Line numbers are left out, so moving a resource
// does not make its findings new.
func diffKey(rule, file, resource string) string {
	return rule + "\x00" + filepath.ToSlash(file) + "\x00" + resource
}

// baseKeys returns the finding keys of the base, and how to key the
// current scan's files to match them. The base is a saved JSON report when
// it names a file (paths compared as given), otherwise a git revision whose
// tree is scanned with scanTree, called with the directory holding that
// revision's files and the paths to scan inside it (paths compared
// relative to the repository).
func baseKeys(base string, paths []string, scanTree func(dir string, paths []string) (*finding.Result, error)) (map[string]bool, func(string) string, error) {
	if st, err := os.Stat(base); err == nil && !st.IsDir() {
		keys, err := reportKeys(base)
		return keys, func(f string) string { return f }, err
	}
	top, err := gitOutput("", "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, nil, fmt.Errorf("--diff %s: not a saved JSON report, and not in a git repository (%v)", base, err)
	}
	if _, err := gitOutput(top, "rev-parse", "--verify", "--quiet", base+"^{commit}"); err != nil {
		return nil, nil, fmt.Errorf("--diff %s: neither a saved JSON report nor a git revision", base)
	}
	relative := func(f string) string {
		if rel, err := repoRelative(top, f); err == nil {
			return rel
		}
		return f
	}
	keys, err := revisionKeys(top, base, paths, scanTree)
	return keys, relative, err
}

// revisionKeys scans the tree of a git revision and keys its findings.
func revisionKeys(top, base string, paths []string, scanTree func(dir string, paths []string) (*finding.Result, error)) (map[string]bool, error) {
	dir, err := os.MkdirTemp("", "cloudward-base-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	// Export the base revision's tree (read-only: no checkout, no worktree
	// registration in the user's repository).
	archive := exec.Command("git", "-C", top, "archive", "--format=tar", base)
	untar := exec.Command("tar", "-x", "-C", dir)
	pipe, err := archive.StdoutPipe()
	if err != nil {
		return nil, err
	}
	untar.Stdin = pipe
	var aerr bytes.Buffer
	archive.Stderr = &aerr
	if err := untar.Start(); err != nil {
		return nil, fmt.Errorf("--diff %s: tar: %v", base, err)
	}
	if err := archive.Run(); err != nil {
		return nil, fmt.Errorf("--diff %s: git archive: %v %s", base, err, strings.TrimSpace(aerr.String()))
	}
	if err := untar.Wait(); err != nil {
		return nil, fmt.Errorf("--diff %s: tar: %v", base, err)
	}
	var inBase []string
	for _, p := range paths {
		rel, err := repoRelative(top, p)
		if err != nil {
			return nil, err
		}
		if _, err := os.Stat(filepath.Join(dir, rel)); err == nil {
			inBase = append(inBase, filepath.Join(dir, rel))
		}
	}
	keys := map[string]bool{}
	if len(inBase) == 0 {
		return keys, nil // the paths are new: every finding is new
	}
	res, err := scanTree(dir, inBase)
	if err != nil {
		return nil, fmt.Errorf("--diff %s: scanning the base: %w", base, err)
	}
	for _, f := range res.Findings {
		if f.Location == nil {
			continue
		}
		rel, err := filepath.Rel(dir, f.Location.File)
		if err != nil {
			continue
		}
		keys[diffKey(f.Rule.ID, rel, f.Resource.ID)] = true
	}
	return keys, nil
}

// reportKeys reads the finding keys of a saved cloudward JSON report.
func reportKeys(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		SchemaVersion int `json:"schema_version"`
		Findings      []struct {
			RuleID   string `json:"rule_id"`
			Resource struct {
				ID string `json:"id"`
			} `json:"resource"`
			Location *struct {
				File string `json:"file"`
			} `json:"location"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || doc.SchemaVersion == 0 {
		return nil, fmt.Errorf("--diff %s: not a cloudward JSON report (write one with --format json --output FILE)", path)
	}
	keys := map[string]bool{}
	for _, f := range doc.Findings {
		file := ""
		if f.Location != nil {
			file = f.Location.File
		}
		keys[diffKey(f.RuleID, file, f.Resource.ID)] = true
	}
	return keys, nil
}

// keepNew drops the findings present in the base and records how many.
func keepNew(res *finding.Result, keys map[string]bool, base string, relative func(string) string) {
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		file := ""
		if f.Location != nil {
			file = relative(f.Location.File)
		}
		if keys[diffKey(f.Rule.ID, file, f.Resource.ID)] {
			res.Summary.Unchanged++
			continue
		}
		kept = append(kept, f)
	}
	res.Findings = kept
	res.Summary.DiffBase = base
}

func repoRelative(top, p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	if realTop, err := filepath.EvalSymlinks(top); err == nil {
		top = realTop
	}
	rel, err := filepath.Rel(top, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", fmt.Errorf("%s is outside the git repository %s", p, top)
	}
	return rel, nil
}

func gitOutput(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	if dir != "" {
		cmd.Dir = dir
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", fmt.Errorf("%s", msg)
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}
