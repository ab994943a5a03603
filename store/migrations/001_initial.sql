-- cloudward store, schema version 1. Written once for SQLite and
-- PostgreSQL: {{id}} is the auto-increment primary key of each dialect,
-- {{json}}(x) exposes JSON text as the dialect's JSON (jsonb in PostgreSQL),
-- {{content}}(x) an asset content column as JSON, {{content_type}} is the
-- content column's type (compressed BLOB in SQLite, TEXT in PostgreSQL),
-- {{without_rowid}} clusters a SQLite table on its primary key. Times are RFC 3339 UTC text, so they sort and
-- compare the same way in both.

CREATE TABLE scan_records (
    id            {{id}},
    kind          TEXT NOT NULL,            -- snapshot, aws, iac
    scope         TEXT NOT NULL,            -- cloud, or iac:<paths>
    sources       TEXT NOT NULL,            -- JSON array
    started_at    TEXT NOT NULL,
    finished_at   TEXT NOT NULL,
    tool_version  TEXT NOT NULL,
    rules_version TEXT NOT NULL,            -- digest of the rule library
    rules         INTEGER NOT NULL,
    assets        INTEGER NOT NULL,
    pass          INTEGER NOT NULL,
    fail          INTEGER NOT NULL,
    unknown       INTEGER NOT NULL,
    suppressed    INTEGER NOT NULL,
    gaps          TEXT NOT NULL,            -- JSON array of coverage gaps
    accounts      TEXT NOT NULL,            -- JSON array of the accounts covered
    drift_added   INTEGER NOT NULL,
    drift_removed INTEGER NOT NULL,
    drift_changed INTEGER NOT NULL
);

-- Asset contents, addressed by the SHA-256 of their canonical JSON: an
-- asset that did not change costs no new row.
CREATE TABLE blobs (
    hash TEXT PRIMARY KEY,                  -- 128 bits of SHA-256, hex
    body {{content_type}} NOT NULL          -- the canonical JSON (compressed in SQLite)
) {{without_rowid}};

CREATE TABLE asset_records (
    id          {{id}},
    scope       TEXT NOT NULL,
    uid         TEXT NOT NULL,              -- type|account|region|id
    provider    TEXT NOT NULL,
    type        TEXT NOT NULL,
    account     TEXT NOT NULL,
    region      TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    name        TEXT NOT NULL,
    UNIQUE (scope, uid)
);

-- Each version of an asset is valid from the scan that first saw it to the
-- scan that saw it changed or gone (to_scan, exclusive; NULL while current).
CREATE TABLE asset_versions (
    asset_id  BIGINT NOT NULL REFERENCES asset_records(id),
    hash      TEXT NOT NULL REFERENCES blobs(hash),
    from_scan BIGINT NOT NULL REFERENCES scan_records(id),
    to_scan   BIGINT REFERENCES scan_records(id),
    PRIMARY KEY (asset_id, from_scan)
);
-- At most one current version per asset, whatever happens.
CREATE UNIQUE INDEX asset_versions_one_current ON asset_versions (asset_id) WHERE to_scan IS NULL;

-- One row per (rule, asset) that has ever failed or been unknown.
CREATE TABLE finding_records (
    id             {{id}},
    scope          TEXT NOT NULL,
    rule_id        TEXT NOT NULL,
    asset_uid      TEXT NOT NULL,
    title          TEXT NOT NULL,
    severity       TEXT NOT NULL,
    provider       TEXT NOT NULL,
    type           TEXT NOT NULL,
    account        TEXT NOT NULL,
    region         TEXT NOT NULL,
    resource_id    TEXT NOT NULL,
    resource_name  TEXT NOT NULL,
    state          TEXT NOT NULL,           -- open or resolved
    status         TEXT NOT NULL,           -- FAIL or UNKNOWN (the last seen)
    reason         TEXT NOT NULL,
    evidence       TEXT NOT NULL,           -- JSON
    location       TEXT NOT NULL,           -- JSON, or empty
    suppressed_by  TEXT NOT NULL,           -- exception id, or empty
    suppression    TEXT NOT NULL,           -- JSON, or empty
    first_seen     BIGINT NOT NULL REFERENCES scan_records(id),
    -- last_seen is written on transitions only: an open finding seen
    -- unchanged costs no write. While open and not unseen, it was last
    -- seen by the latest scan covering its account (scan_accounts).
    last_seen      BIGINT NOT NULL REFERENCES scan_records(id),
    unseen_since   BIGINT REFERENCES scan_records(id), -- open, but its asset or rule was not in a covering scan
    resolved_in    BIGINT REFERENCES scan_records(id),
    reopened       INTEGER NOT NULL,
    UNIQUE (scope, rule_id, asset_uid)
);
CREATE INDEX finding_records_state ON finding_records (scope, state, account);

-- The accounts each scan covered.
CREATE TABLE scan_accounts (
    scope   TEXT NOT NULL,
    account TEXT NOT NULL,
    scan_id BIGINT NOT NULL REFERENCES scan_records(id),
    PRIMARY KEY (scope, account, scan_id)
) {{without_rowid}};

CREATE TABLE finding_events (
    id         {{id}},
    finding_id BIGINT NOT NULL REFERENCES finding_records(id),
    scan_id    BIGINT NOT NULL REFERENCES scan_records(id),
    event      TEXT NOT NULL,               -- opened, resolved, reopened, status, suppressed, unsuppressed
    detail     TEXT NOT NULL
);
CREATE INDEX finding_events_finding ON finding_events (finding_id);

-- Every result counted per scan, rule and account (PASS included): the
-- posture over time.
CREATE TABLE scan_tallies (
    scan_id BIGINT NOT NULL REFERENCES scan_records(id),
    rule_id TEXT NOT NULL,
    account TEXT NOT NULL,
    pass    INTEGER NOT NULL,
    fail    INTEGER NOT NULL,
    unknown INTEGER NOT NULL,
    PRIMARY KEY (scan_id, rule_id, account)
) {{without_rowid}};

-- Approved states: drift --baseline reports every deviation from them.
CREATE TABLE baselines (
    id          {{id}},
    scope       TEXT NOT NULL,
    account     TEXT NOT NULL,              -- the account, or empty for an asset baseline
    asset_uid   TEXT NOT NULL,              -- the asset, or empty for an account baseline
    scan_id     BIGINT NOT NULL REFERENCES scan_records(id),
    approved_by TEXT NOT NULL,
    approved_at TEXT NOT NULL,
    note        TEXT NOT NULL
);

-- Exceptions kept in the store (exception add / revoke), with their audit trail.
CREATE TABLE exception_records (
    id                   TEXT PRIMARY KEY,
    reason               TEXT NOT NULL,
    owner                TEXT NOT NULL,
    expires              TEXT NOT NULL,
    created              TEXT NOT NULL,
    created_by           TEXT NOT NULL,
    compensating_control TEXT NOT NULL,
    ticket               TEXT NOT NULL,
    match                TEXT NOT NULL,     -- JSON array of selectors
    revoked_at           TEXT NOT NULL,     -- empty while in force
    revoked_by           TEXT NOT NULL,
    revoke_reason        TEXT NOT NULL
);

CREATE TABLE exception_events (
    exception_id TEXT NOT NULL,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,             -- added, revoked
    detail       TEXT NOT NULL              -- JSON of the record after the change
);

-- The documented views `cloudward query` reads (docs/store.md).

CREATE VIEW scans AS
SELECT id, kind, scope, sources, started_at, finished_at, tool_version, rules_version, rules, assets,
       pass, fail, unknown, suppressed, gaps, accounts, drift_added, drift_removed, drift_changed
FROM scan_records;

CREATE VIEW assets AS
SELECT a.scope, a.uid, a.provider, a.type, a.account, a.region, a.resource_id AS id, a.name,
       (SELECT MIN(f.from_scan) FROM asset_versions f WHERE f.asset_id = a.id) AS first_seen_scan,
       v.from_scan AS changed_in_scan, {{content}}(b.body) AS content
FROM asset_records a
JOIN asset_versions v ON v.asset_id = a.id AND v.to_scan IS NULL
JOIN blobs b ON b.hash = v.hash;

CREATE VIEW asset_history AS
SELECT a.scope, a.uid, a.provider, a.type, a.account, a.region, a.resource_id AS id, a.name,
       v.from_scan, v.to_scan, v.hash, {{content}}(b.body) AS content
FROM asset_records a
JOIN asset_versions v ON v.asset_id = a.id
JOIN blobs b ON b.hash = v.hash;

CREATE VIEW findings AS
SELECT id, scope, rule_id, title, severity, provider, type, account, region, resource_id, resource_name,
       state, status, reason, {{json}}(evidence) AS evidence, suppressed_by,
       first_seen AS first_seen_scan,
       CASE WHEN state = 'open' AND unseen_since IS NULL
            THEN COALESCE((SELECT MAX(sa.scan_id) FROM scan_accounts sa WHERE sa.scope = finding_records.scope AND sa.account = finding_records.account), last_seen)
            ELSE last_seen END AS last_seen_scan,
       resolved_in AS resolved_scan, reopened
FROM finding_records;

CREATE VIEW exceptions AS
SELECT id, reason, owner, expires, created, created_by, compensating_control, ticket, {{json}}(match) AS match,
       revoked_at, revoked_by, revoke_reason
FROM exception_records;
