package gen

import (
	"cel.dev/cel-go/common/types"
)

var instanceUnknowns = []unknownField{{"metadata_options", throttled}}

var instanceStates = []string{"running", "stopped", "pending", "stopping", "terminated"}
var instanceStatesW = cumulative(82, 14, 1, 1, 2)

// instanceUnit emits an EC2 instance and its EBS volumes (a root volume and
// sometimes a data volume) within a budget of n assets.
func (g *generator) instanceUnit(n int) (int, error) {
	a, s, region := g.acct, g.slot, g.region()
	v := s.vpcs[g.r.IntN(len(s.vpcs))]
	team, comp := g.one(teams), g.one(components)
	id := g.hexID("i-")
	name := a.env + "-" + team + "-" + comp + "-" + itoa(101 + g.r.IntN(99))[1:]
	x := g.newAsset(g.s.instance, region, "arn:aws:ec2:"+region+":"+a.id+":instance/"+id, name)
	o := x.Root
	o.Set("instance_id", str(id))
	o.Set("instance_type", str(instanceTypes[pick(g.r, instanceTypeW)]))
	state := instanceStates[pick(g.r, instanceStatesW)]
	o.Set("state", str(state))
	o.Set("image_id", str(s.amis[g.r.IntN(len(s.amis))]))
	o.Set("vpc_id", str(v.id))
	o.Set("subnet_id", str(v.subnets[g.r.IntN(len(v.subnets))]))
	live := state == "running" || state == "pending"
	public := live && (v.web != "" && g.chance(0.2) || g.chance(0.06))
	if public {
		o.Set("public_ip", str(g.publicIP()))
	}
	sgs := []string{v.sgs[g.r.IntN(len(v.sgs))]}
	if len(v.sgs) > 1 && g.chance(0.3) {
		if other := v.sgs[g.r.IntN(len(v.sgs))]; other != sgs[0] {
			sgs = append(sgs, other)
		}
	}
	o.Set("security_group_ids", strList(sgs...))
	if g.chance(0.8) {
		o.Set("iam_instance_profile_arn", str("arn:aws:iam::"+a.id+":instance-profile/"+team+"-"+comp+"-instance"))
	}
	md := newObject(g.s.imds)
	md.Set("http_tokens", str(pickStr(g.chance(0.8), "required", "optional")))
	md.Set("http_endpoint", str(pickStr(g.chance(0.96), "enabled", "disabled")))
	md.Set("http_put_response_hop_limit", integer(pickInt(g.chance(0.75), 1, 2)))
	o.Set("metadata_options", md)
	o.Set("ebs_optimized", boolean(g.chance(0.9)))
	o.Set("launch_time", timestamp(g.ago(0, 720)))
	x.SetTags(g.tags(team, name))
	if err := g.out(x, instanceUnknowns); err != nil {
		return 0, err
	}
	used := 1
	if state == "terminated" {
		return used, nil
	}
	vols := 1
	if g.chance(0.2) {
		vols = 2
	}
	for i := 0; i < vols && used < n; i++ {
		if err := g.volume(id, team, i == 0); err != nil {
			return used, err
		}
		used++
	}
	return used, nil
}

func (g *generator) publicIP() string {
	var buf [15]byte
	b := append(buf[:0], g.one(publicIPFirst)...)
	for range 3 {
		b = append(b, '.')
		b = appendInt(b, g.r.IntN(254)+1)
	}
	return string(b)
}

func appendInt(b []byte, i int) []byte {
	if i >= 100 {
		b = append(b, byte('0'+i/100))
	}
	if i >= 10 {
		b = append(b, byte('0'+i/10%10))
	}
	return append(b, byte('0'+i%10))
}

var engines = []struct {
	engine, short string
	versions      []string
}{
	{"postgres", "postgres", []string{"16.4", "15.8", "14.13"}},
	{"mysql", "mysql", []string{"8.0.39", "8.4.3"}},
	{"aurora-postgresql", "aurora-pg", []string{"15.4", "16.2"}},
	{"aurora-mysql", "aurora-mysql", []string{"8.0.mysql_aurora.3.05.2"}},
	{"mariadb", "mariadb", []string{"10.11.9"}},
	{"sqlserver-se", "mssql", []string{"15.00.4385.2.v1"}},
}
var enginesW = cumulative(45, 25, 15, 8, 4, 3)

// RDS misconfigurations, with weights.
const (
	rPublic = iota
	rUnencrypted
	rNoBackups
	rNoMinorUpgrades
)

var rdsFlaws = cumulative(30, 35, 15, 20)

// rdsInstance emits an RDS DB instance; about 80% are private, encrypted
// and backed up.
func (g *generator) rdsInstance() error {
	a, s, region := g.acct, g.slot, g.region()
	e := engines[pick(g.r, enginesW)]
	team := g.one(teams)
	s.rds++
	ident := team + "-" + e.short + "-" + a.env + "-" + itoa(s.rds)
	x := g.newAsset(g.s.rds, region, "arn:aws:rds:"+region+":"+a.id+":db:"+ident, ident)
	o := x.Root
	flaw := -1
	if g.chance(0.2) {
		flaw = pick(g.r, rdsFlaws)
	}
	prod := a.env == "prod"
	o.Set("db_instance_identifier", str(ident))
	o.Set("engine", str(e.engine))
	o.Set("engine_version", str(e.versions[g.r.IntN(len(e.versions))]))
	o.Set("db_instance_class", str(rdsClasses[pick(g.r, rdsClassesW)]))
	o.Set("publicly_accessible", boolean(flaw == rPublic))
	if flaw == rUnencrypted {
		o.Set("storage_encrypted", types.False)
	} else {
		o.Set("storage_encrypted", types.True)
		o.Set("kms_key_id", str(a.dataKey[g.reg]))
	}
	o.Set("multi_az", boolean(prod && g.chance(0.7) || g.chance(0.15)))
	backups := [...]int{7, 7, 14, 30, 35}[g.r.IntN(5)]
	if flaw == rNoBackups {
		backups = g.r.IntN(2)
	}
	o.Set("backup_retention_period", integer(backups))
	o.Set("auto_minor_version_upgrade", boolean(flaw != rNoMinorUpgrades))
	o.Set("deletion_protection", boolean(prod || g.chance(0.4)))
	o.Set("iam_database_authentication_enabled", boolean(g.chance(0.35)))
	v := s.vpcs[g.r.IntN(len(s.vpcs))]
	o.Set("vpc_security_group_ids", strList(v.sgs[g.r.IntN(len(v.sgs))]))
	x.SetTags(g.tags(team, ""))
	return g.out(x, nil)
}
