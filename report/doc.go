// Package report renders a scan's findings (a *finding.Result) in the formats
// users and other tools consume:
//
//   - table: aligned text for a terminal, grouped by severity, with a summary;
//   - json:  cloudward's own stable contract (schema_version 1, documented in
//     docs/findings.md): fields are only ever added, never renamed or removed;
//   - sarif: SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, IDEs);
//   - csv:   one row per finding for spreadsheets, with formula injection
//     neutralised;
//   - ocsf:  an array of OCSF 1.3.0 Compliance Finding events (class 2003) for
//     security data lakes and SIEMs.
//
// Every format is deterministic for a given Result and Options: map keys are
// sorted and timestamps come from the Result or from Options.Now.
package report
