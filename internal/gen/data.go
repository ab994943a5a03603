package gen

import (
	"strings"
	"time"

	"cel.dev/cel-go/common/types/ref"
)

// ---- RDS ----

type engine struct {
	engine, short string
	versions      []string
	port          int
	logs          [][]string // log export sets, the first complete, then partial
}

var engines = []engine{
	{"postgres", "postgres", []string{"17.2", "16.4", "15.8", "14.13"}, 5432,
		[][]string{{"postgresql", "upgrade"}, {"postgresql"}}},
	{"mysql", "mysql", []string{"8.0.39", "8.4.3"}, 3306,
		[][]string{{"audit", "error", "general", "slowquery"}, {"error", "slowquery"}}},
	{"mariadb", "mariadb", []string{"10.11.9", "10.6.19"}, 3306,
		[][]string{{"audit", "error", "general", "slowquery"}, {"error"}}},
	{"sqlserver-se", "mssql", []string{"15.00.4385.2.v1", "16.00.4135.4.v1"}, 1433,
		[][]string{{"agent", "error"}, {"error"}}},
	{"sqlserver-ex", "mssql-ex", []string{"16.00.4135.4.v1"}, 1433,
		[][]string{{"error"}}},
	{"oracle-ee", "oracle", []string{"19.0.0.0.ru-2024-10.rur-2024-10.r1"}, 1521,
		[][]string{{"alert", "audit", "listener", "trace"}, {"alert"}}},
}
var enginesW = cumulative(50, 28, 7, 6, 3, 6)

// tourEngines are the engines of the tour's RDS instances, so that even a
// small inventory has the engines engine-specific rules judge.
var tourEngines = []int{0, 2, 3}

var clusterEngines = []engine{
	{"aurora-postgresql", "aurora-pg", []string{"16.4", "15.8", "14.13"}, 5432, [][]string{{"postgresql"}}},
	{"aurora-mysql", "aurora-mysql", []string{"8.0.mysql_aurora.3.07.1", "8.0.mysql_aurora.3.05.2"}, 3306,
		[][]string{{"audit", "error", "slowquery"}, {"error", "slowquery"}}},
	{"postgres", "postgres-maz", []string{"16.4"}, 5432, [][]string{{"postgresql", "upgrade"}}},
}
var clusterEnginesW = cumulative(58, 37, 5)

var customPorts = []int{5433, 15432, 3307, 13306, 1434, 1522}

// RDS misconfigurations, with weights.
const (
	rPublic = iota
	rUnencrypted
	rNoBackups
	rNoMinorUpgrades
)

var rdsFlaws = cumulative(30, 35, 15, 20)

// dbRef is what a snapshot needs of a recent database.
type dbRef struct {
	ident, engine, version string
	encrypted              bool
	key, team              string
}

var rdsUnknowns = []unknownField{{"enabled_cloudwatch_logs_exports", throttled}}

// rdsHost is the account-and-region part of RDS endpoints.
func (g *generator) rdsHost() string {
	if g.slot.rdsHost == "" {
		g.slot.rdsHost = g.lowerAlnum(12)
	}
	return g.slot.rdsHost + "." + g.region() + ".rds.amazonaws.com"
}

// logExports picks the log types an engine exports: all, some or none.
func (g *generator) logExports(e engine) []string {
	switch {
	case g.good(0.45):
		return e.logs[0]
	case g.chance(0.45):
		return e.logs[len(e.logs)-1]
	}
	return nil
}

// rdsInstance emits a standalone RDS DB instance; about 80% are private,
// encrypted and backed up.
func (g *generator) rdsInstance() error {
	a, s, region := g.acct, g.slot, g.region()
	e := engines[pick(g.r, enginesW)]
	if g.tourNth >= 0 && g.tourNth < len(tourEngines) {
		e = engines[tourEngines[g.tourNth]]
	}
	team := g.one(teams)
	s.rds++
	ident := team + "-" + e.short + "-" + a.env + "-" + itoa(s.rds)
	x := g.newAsset(g.s.rds, region, g.arn("rds", region, "db:"+ident), ident)
	o := x.Root
	flaw := -1
	if g.flawed(0.2) {
		flaw = pick(g.r, rdsFlaws)
	}
	prod := a.env == "prod"
	version := e.versions[g.r.IntN(len(e.versions))]
	o.SetString("db_instance_identifier", ident)
	o.SetString("engine", e.engine)
	o.SetString("engine_version", version)
	o.SetString("db_instance_class", rdsClasses[pick(g.r, rdsClassesW)])
	o.SetBool("publicly_accessible", flaw == rPublic)
	ref := dbRef{ident: ident, engine: e.engine, version: version, team: team}
	if flaw == rUnencrypted {
		o.SetBool("storage_encrypted", false)
	} else {
		o.SetBool("storage_encrypted", true)
		o.SetString("kms_key_id", a.dataKey[g.reg])
		ref.encrypted, ref.key = true, a.dataKey[g.reg]
	}
	o.SetBool("multi_az", e.engine != "sqlserver-ex" && (prod && g.good(0.7) || g.chance(0.15)))
	backups := [...]int{7, 7, 14, 30, 35}[g.r.IntN(5)]
	if flaw == rNoBackups {
		backups = g.r.IntN(2)
	}
	o.SetInt("backup_retention_period", int64(backups))
	o.SetBool("auto_minor_version_upgrade", flaw != rNoMinorUpgrades)
	o.SetBool("deletion_protection", prod || g.good(0.4))
	o.SetBool("iam_database_authentication_enabled", g.good(0.35))
	v := s.vpcs[g.r.IntN(len(s.vpcs))]
	o.SetStrings("vpc_security_group_ids", []string{v.sgs[g.r.IntN(len(v.sgs))]})
	o.SetString("status", [...]string{"available", "available", "available", "available", "available",
		"available", "available", "available", "available", "available", "available", "available",
		"available", "available", "available", "available", "available", "available", "stopped", "backing-up"}[g.r.IntN(20)])
	o.SetString("db_cluster_identifier", "")
	o.SetString("vpc_id", v.id)
	o.SetString("endpoint_address", ident+"."+g.rdsHost())
	port := e.port
	if g.good(0.35) {
		port = customPorts[g.r.IntN(len(customPorts))]
	}
	o.SetInt("port", int64(port))
	o.SetStrings("enabled_cloudwatch_logs_exports", g.logExports(e))
	o.SetBool("copy_tags_to_snapshot", g.good(0.8))
	o.SetInt("monitoring_interval", int64(pickInt(g.good(0.65), [...]int{60, 60, 15}[g.r.IntN(3)], 0)))
	o.SetString("ca_certificate_identifier", [...]string{"rds-ca-rsa2048-g1", "rds-ca-rsa2048-g1", "rds-ca-rsa2048-g1",
		"rds-ca-rsa2048-g1", "rds-ca-ecc384-g1", "rds-ca-2019"}[g.r.IntN(6)])
	o.SetTime("instance_create_time", g.ago(20, 2000))
	x.SetTags(g.tags(team, ""))
	s.dbs.add(ref)
	return g.out(x, rdsUnknowns)
}

var clusterUnknowns = []unknownField{{"publicly_accessible", "AccessDenied: rds:DescribeDBInstances"}}

// rdsCluster emits an Aurora (or Multi-AZ) DB cluster, its member
// instances and sometimes a manual snapshot, within a budget of n assets.
func (g *generator) rdsCluster(n int) (int, error) {
	a, s, region := g.acct, g.slot, g.region()
	e := clusterEngines[pick(g.r, clusterEnginesW)]
	team := g.one(teams)
	s.clusters++
	ident := team + "-" + e.short + "-" + a.env + "-" + itoa(s.clusters)
	arn := g.arn("rds", region, "cluster:"+ident)
	prod := a.env == "prod"
	version := e.versions[g.r.IntN(len(e.versions))]
	encrypted := g.good(0.92)
	backups := [...]int{7, 7, 14, 35}[g.r.IntN(4)]
	if g.flawed(0.08) {
		backups = 1
	}
	iam := g.good(0.4)
	public := g.flawed(0.04)
	members := [...]int{1, 2, 2, 3}[g.r.IntN(4)]
	memberIDs := make([]string, members)
	for i := range memberIDs {
		memberIDs[i] = ident + "-instance-" + itoa(i+1)
	}
	port := e.port
	if g.good(0.25) {
		port = customPorts[g.r.IntN(len(customPorts))]
	}
	logs := g.logExports(e)
	v := s.vpcs[g.r.IntN(len(s.vpcs))]
	sgs := []string{v.sgs[g.r.IntN(len(v.sgs))]}

	x := g.newAsset(g.s.rdsCluster, region, arn, ident)
	o := x.Root
	o.SetString("db_cluster_identifier", ident)
	o.SetString("engine", e.engine)
	o.SetString("engine_version", version)
	o.SetString("engine_mode", "provisioned")
	o.SetBool("storage_encrypted", encrypted)
	if encrypted {
		o.SetString("kms_key_id", a.dataKey[g.reg])
	}
	o.SetBool("deletion_protection", prod && g.good(0.85) || g.chance(0.35))
	o.SetInt("backup_retention_period", int64(backups))
	o.SetBool("iam_database_authentication_enabled", iam)
	o.SetBool("publicly_accessible", public)
	o.SetBool("multi_az", members > 1)
	o.SetBool("copy_tags_to_snapshot", g.good(0.8))
	o.SetStrings("members", memberIDs)
	o.SetStrings("enabled_cloudwatch_logs_exports", logs)
	o.SetStrings("vpc_security_group_ids", sgs)
	o.SetString("status", "available")
	host := g.rdsHost()
	o.SetString("endpoint", ident+".cluster-"+host)
	o.SetInt("port", int64(port))
	created := g.ago(30, 2000)
	o.SetTime("cluster_create_time", created)
	x.SetTags(g.tags(team, ""))
	if err := g.out(x, clusterUnknowns); err != nil {
		return 0, err
	}
	used := 1
	for i, id := range memberIDs {
		if used >= n {
			return used, nil
		}
		m := g.newAsset(g.s.rds, region, g.arn("rds", region, "db:"+id), id)
		mo := m.Root
		mo.SetString("db_instance_identifier", id)
		mo.SetString("engine", e.engine)
		mo.SetString("engine_version", version)
		mo.SetString("db_instance_class", [...]string{"db.r6g.large", "db.r6g.xlarge", "db.r7g.large", "db.t4g.medium"}[g.r.IntN(4)])
		mo.SetBool("publicly_accessible", public && i == 0)
		mo.SetBool("storage_encrypted", encrypted)
		if encrypted {
			mo.SetString("kms_key_id", a.dataKey[g.reg])
		}
		mo.SetBool("multi_az", false)
		mo.SetInt("backup_retention_period", int64(backups))
		mo.SetBool("auto_minor_version_upgrade", g.good(0.9))
		mo.SetBool("deletion_protection", false)
		mo.SetBool("iam_database_authentication_enabled", iam)
		mo.SetStrings("vpc_security_group_ids", sgs)
		mo.SetString("status", "available")
		mo.SetString("db_cluster_identifier", ident)
		mo.SetString("vpc_id", v.id)
		mo.SetString("endpoint_address", id+"."+host)
		mo.SetInt("port", int64(port))
		mo.SetStrings("enabled_cloudwatch_logs_exports", logs)
		mo.SetBool("copy_tags_to_snapshot", true)
		mo.SetInt("monitoring_interval", int64(pickInt(g.good(0.6), 60, 0)))
		mo.SetString("ca_certificate_identifier", "rds-ca-rsa2048-g1")
		mo.SetTime("instance_create_time", later(g.ago(0, 1500), created))
		m.SetTags(g.tags(team, ""))
		if err := g.out(m, rdsUnknowns); err != nil {
			return used, err
		}
		used++
	}
	if used < n && g.chance(0.3) {
		ref := dbRef{ident: ident, engine: e.engine, version: version, encrypted: encrypted, team: team}
		if encrypted {
			ref.key = a.dataKey[g.reg]
		}
		if err := g.dbSnapshot(ref, true); err != nil {
			return used, err
		}
		used++
	}
	return used, nil
}

// rdsSnapshot emits a manual snapshot of a recent standalone instance.
func (g *generator) rdsSnapshot() error {
	s := g.slot
	var ref dbRef
	if s.dbs.empty() {
		e := engines[0]
		ref = dbRef{ident: g.one(teams) + "-postgres-legacy", engine: e.engine, version: e.versions[len(e.versions)-1],
			encrypted: g.chance(0.7), team: "platform"}
		if ref.encrypted {
			ref.key = g.acct.dataKey[g.reg]
		}
	} else {
		ref = s.dbs.pick(g)
	}
	return g.dbSnapshot(ref, false)
}

var dbSnapshotUnknowns = []unknownField{
	{"public", "AccessDenied: rds:DescribeDBSnapshotAttributes"},
}

var snapshotPurposes = []string{"pre-upgrade", "final", "before-migration", "manual", "quarterly", "dr-copy"}

// dbSnapshot emits a manual snapshot of a database instance or cluster:
// encrypted like its source, mostly private, sometimes shared with another
// account, rarely public.
func (g *generator) dbSnapshot(src dbRef, cluster bool) error {
	s, region := g.slot, g.region()
	s.snapN++
	taken := g.ago(1, 700)
	id := "awsbackup:job-" + g.uuid()
	if g.chance(0.5) {
		id = src.ident + "-" + g.one(snapshotPurposes) + "-" + taken.Format("2006-01-02") + "-" + itoa(s.snapN)
	}
	ts, kind := g.s.rdsSnapshot, "snapshot:"
	if cluster {
		ts, kind = g.s.rdsClusterSnapshot, "cluster-snapshot:"
	}
	x := g.newAsset(ts, region, g.arn("rds", region, kind+id), id)
	o := x.Root
	if cluster {
		o.SetString("db_cluster_snapshot_identifier", id)
		o.SetString("db_cluster_identifier", src.ident)
		o.SetBool("storage_encrypted", src.encrypted)
	} else {
		o.SetString("db_snapshot_identifier", id)
		o.SetString("db_instance_identifier", src.ident)
		o.SetBool("encrypted", src.encrypted)
	}
	o.SetString("snapshot_type", "manual")
	o.SetString("engine", src.engine)
	o.SetString("engine_version", src.version)
	if src.encrypted {
		o.SetString("kms_key_id", src.key)
	}
	public := g.flawed(0.015)
	o.SetBool("public", public)
	var shared []string
	if !public && g.chance(0.08) {
		shared = []string{g.otherAccount()}
	}
	o.SetStrings("shared_with_accounts", shared)
	o.SetString("status", pickStr(g.chance(0.98), "available", "creating"))
	o.SetTime("snapshot_create_time", taken)
	x.SetTags(g.tags(src.team, ""))
	return g.out(x, dbSnapshotUnknowns)
}

// ---- SQS and SNS ----

var queueUnknowns = []unknownField{{"sqs_managed_sse_enabled", "AccessDenied: sqs:GetQueueAttributes"}}

// queue emits an SQS queue, sometimes preceded by its dead-letter queue.
func (g *generator) queue(n int) (int, error) {
	a, s := g.acct, g.slot
	c, round := combo(s.queueN, g.slotSalt(), len(teams), len(entities))
	s.queueN++
	team := teams[c[0]]
	name := withDash(a.env+"-"+team+"-"+entities[c[1]], round)
	fifo := g.chance(0.1)
	suffix := pickStr(fifo, ".fifo", "")
	used := 0
	dlq := ""
	if n >= 2 && g.chance(0.3) {
		dlq = g.arn("sqs", g.region(), name+"-dlq"+suffix)
		if err := g.queueAsset(name+"-dlq"+suffix, team, fifo, "", 1209600); err != nil {
			return 0, err
		}
		used++
	}
	if err := g.queueAsset(name+suffix, team, fifo, dlq, 345600); err != nil {
		return used, err
	}
	return used + 1, nil
}

func (g *generator) queueAsset(name, team string, fifo bool, dlq string, retention int) error {
	a, s, region := g.acct, g.slot, g.region()
	arn := g.arn("sqs", region, name)
	x := g.newAsset(g.s.queue, region, arn, name)
	o := x.Root
	o.SetString("queue_name", name)
	o.SetString("arn", arn)
	o.SetString("url", "https://sqs."+region+".amazonaws.com/"+a.id+"/"+name)
	switch x := g.r.IntN(100); {
	case g.flawed(0.1):
		o.SetBool("sqs_managed_sse_enabled", false)
		o.SetString("kms_master_key_id", "")
	case x < 65:
		o.SetBool("sqs_managed_sse_enabled", true)
		o.SetString("kms_master_key_id", "")
	case x < 75:
		o.SetBool("sqs_managed_sse_enabled", false)
		o.SetString("kms_master_key_id", "alias/aws/sqs")
		o.SetInt("kms_data_key_reuse_period_seconds", 300)
	case x < 90:
		o.SetBool("sqs_managed_sse_enabled", false)
		o.SetString("kms_master_key_id", a.dataKey[g.reg])
		o.SetInt("kms_data_key_reuse_period_seconds", 300)
	default:
		o.SetBool("sqs_managed_sse_enabled", true)
		o.SetString("kms_master_key_id", "")
	}
	switch x := g.r.IntN(100); {
	case x < 2:
		o.Set("policy", doc("Version", policyVersion, "Id", arn+"/SQSDefaultPolicy", "Statement", []ref.Val{
			doc("Sid", "AllowAnyoneToSend", "Effect", "Allow", "Principal", "*", "Action", "sqs:SendMessage", "Resource", arn)}))
	case x < 35 && !s.topics.empty():
		o.Set("policy", doc("Version", policyVersion, "Id", arn+"/SQSDefaultPolicy", "Statement", []ref.Val{
			doc("Sid", "AllowTopic", "Effect", "Allow", "Principal", doc("Service", "sns.amazonaws.com"),
				"Action", "sqs:SendMessage", "Resource", arn,
				"Condition", doc("ArnEquals", doc("aws:SourceArn", s.topics.pick(g))))}))
	}
	if dlq != "" {
		o.Set("redrive_policy", doc("deadLetterTargetArn", dlq, "maxReceiveCount", integer(5)))
	}
	o.SetBool("fifo_queue", fifo)
	o.SetInt("message_retention_period", int64(retention))
	o.SetInt("visibility_timeout", int64([...]int{30, 30, 60, 120, 300, 900}[g.r.IntN(6)]))
	o.SetTime("created_timestamp", g.ago(5, 1800))
	x.SetTags(g.tags(team, ""))
	s.queues.add(arn)
	return g.out(x, queueUnknowns)
}

var topicUnknowns = []unknownField{{"kms_master_key_id", "AuthorizationError: sns:GetTopicAttributes"}}

// topic emits an application SNS topic and its subscriptions.
func (g *generator) topic(n int) (int, error) {
	a, s, region := g.acct, g.slot, g.region()
	c, round := combo(s.topicN, g.slotSalt(), len(teams), len(entities))
	s.topicN++
	team := teams[c[0]]
	fifo := g.chance(0.05)
	name := withDash(a.env+"-"+team+"-"+entities[c[1]], round) + pickStr(fifo, ".fifo", "")
	arn := g.arn("sns", region, name)
	type sub struct {
		protocol, endpoint string
		pending            bool
	}
	var subs []sub
	for range [...]int{0, 1, 1, 1, 2, 2, 3}[g.r.IntN(7)] {
		sb := sub{pending: g.chance(0.08)}
		switch x := g.r.IntN(100); {
		case x < 40 && !s.queues.empty():
			sb.protocol, sb.endpoint, sb.pending = "sqs", s.queues.pick(g), false
		case x < 60 && !s.lambdas.empty():
			sb.protocol, sb.endpoint, sb.pending = "lambda", s.lambdas.pick(g), false
		case x < 80:
			sb.protocol, sb.endpoint = "email", team+"-alerts@"+g.company+".example"
		case x < 96:
			sb.protocol, sb.endpoint = "https", pickStr(g.chance(0.5), "https://hooks.slack.com", "https://api.opsgenie.com")
		default:
			sb.protocol, sb.endpoint = "http", "http://legacy-hooks."+g.company+".example"
		}
		subs = append(subs, sb)
	}
	confirmed, pending := 0, 0
	for _, sb := range subs {
		if sb.pending {
			pending++
		} else {
			confirmed++
		}
	}
	x := g.newAsset(g.s.topic, region, arn, name)
	o := x.Root
	o.SetString("topic_name", name)
	switch x := g.r.IntN(100); {
	case g.flawed(0.45):
		o.SetString("kms_master_key_id", "")
	case x < 65:
		o.SetString("kms_master_key_id", "alias/aws/sns")
	default:
		o.SetString("kms_master_key_id", a.dataKey[g.reg])
	}
	policy := g.topicPolicy(arn, false)
	if g.flawed(0.02) {
		policy = doc("Version", policyVersion, "Statement", []ref.Val{
			doc("Sid", "PublicPublish", "Effect", "Allow", "Principal", doc("AWS", "*"), "Action", "SNS:Publish", "Resource", arn)})
	}
	o.Set("policy", policy)
	o.SetInt("subscriptions_confirmed", int64(confirmed))
	o.SetInt("subscriptions_pending", int64(pending))
	o.SetBool("fifo", fifo)
	x.SetTags(g.tags(team, ""))
	if err := g.out(x, topicUnknowns); err != nil {
		return 0, err
	}
	s.topics.add(arn)
	used := 1
	for _, sb := range subs {
		if used >= n {
			break
		}
		if err := g.subscription(arn, sb.protocol, sb.endpoint, sb.pending); err != nil {
			return used, err
		}
		used++
	}
	return used, nil
}

// ---- Secrets Manager ----

// secret emits a Secrets Manager secret's metadata.
func (g *generator) secret() error {
	a, s, region := g.acct, g.slot, g.region()
	c, round := combo(s.secretN, g.slotSalt(), len(teams), len(components), len(secretKinds))
	s.secretN++
	team, comp, kind := teams[c[0]], components[c[1]], secretKinds[c[2]]
	name := withDash(a.env+"/"+team+"/"+comp+"/"+kind, round)
	owner := ""
	if g.chance(0.08) {
		owner = "rds"
		name = "rds!db-" + g.uuid()
	}
	arn := g.arn("secretsmanager", region, "secret:"+name+"-"+randomSuffix(g))
	x := g.newAsset(g.s.secret, region, arn, name)
	o := x.Root
	o.SetString("arn", arn)
	desc := team + " " + comp + " " + strings.ReplaceAll(kind, "-", " ")
	if owner != "" {
		desc = "Secret associated with primary RDS DB instance: " + g.arn("rds", region, "db:"+team+"-postgres-"+a.env+"-1")
	}
	o.SetString("description", desc)
	o.SetString("kms_key_id", pickStr(g.good(0.55), a.dataKey[g.reg], ""))
	created := g.ago(5, 1500)
	o.SetTime("created_date", created)
	rotating := owner == "rds" || g.good(pickFloat(kind == "db-credentials", 0.75, 0.4))
	o.SetBool("rotation_enabled", rotating)
	lastChanged := later(g.ago(0, 400), created)
	if rotating {
		interval := [...]int{7, 30, 30, 30, 60, 90}[g.r.IntN(6)]
		if g.chance(0.3) {
			o.SetString("rotation_schedule_expression", "rate("+itoa(interval)+" days)")
		} else {
			o.SetInt("rotation_interval_days", int64(interval))
		}
		fn := g.arn("lambda", region, "function:SecretsManagerRDSPostgreSQLRotationSingleUser")
		if kind != "db-credentials" {
			fn = g.arn("lambda", region, "function:"+a.env+"-"+team+"-secret-rotation")
		}
		if owner == "" {
			o.SetString("rotation_lambda_arn", fn)
		}
		last := later(g.ago(0, interval-1), created)
		next := last.Add(time.Duration(interval) * day)
		if g.flawed(0.12) { // the rotation function has been failing
			last = later(g.ago(interval+30, interval+200), created)
			next = last.Add(time.Duration(interval) * day)
		}
		o.SetTime("last_rotated_date", last)
		o.SetTime("next_rotation_date", next)
		lastChanged = last
	} else if g.chance(0.3) {
		o.SetTime("last_rotated_date", later(g.ago(100, 900), created))
	}
	o.SetTime("last_changed_date", lastChanged)
	switch x := g.r.IntN(100); {
	case x < 85:
		o.SetTime("last_accessed_date", g.ago(0, 7).Truncate(day))
	case x < 95:
		o.SetTime("last_accessed_date", later(g.ago(91, 400), created).Truncate(day))
	}
	o.SetString("owning_service", owner)
	primary := ""
	if g.reg > 0 && owner == "" && g.chance(0.05) {
		primary = g.opts.Regions[0]
	}
	o.SetString("primary_region", primary)
	x.SetTags(g.tags(team, ""))
	return g.out(x, nil)
}

// randomSuffix is the six characters Secrets Manager appends to ARNs.
func randomSuffix(g *generator) string {
	const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	var b [6]byte
	for i := range b {
		b[i] = alnum[g.r.IntN(len(alnum))]
	}
	return string(b[:])
}
