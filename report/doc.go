// Package report renders a scan's findings (a *finding.Result) in the formats
// users and other tools consume:
//
//   - table: text for a terminal, 120 columns wide: findings grouped by
//     severity (critical first), then by rule (full title and counts per
//     status), with one aligned row per resource; rules with PASS results
//     (when the Result keeps them) are counted in a final PASSED section;
//     a summary ends it. Options.TableLimit caps the rows listed per rule
//     (0 means 20, a negative value means no cap); the rest are counted
//     and left to the json and csv formats, which list every finding;
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
