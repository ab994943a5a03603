package adapt

import (
	"fmt"
	"strconv"
	"strings"

	"cloudward/asset"
	"cloudward/iac"
)

// Azure Resource Manager templates (iac/arm) → azure.* assets.
//
// ARM reads property names case-insensitively, so every lookup here does
// too (armGet), and reports the path as the template spells it, which is
// what AttrRanges is keyed by: findings point at the property's line.
//
// Child resources (declared nested, or at the top level with a name
// "parent/child") fold into their parent's asset: the parent is the
// primary of the same file whose address is the child's type and name
// minus their last segment (compared case-insensitively, as ARM compares
// them). A child whose parent name is known but not declared in the file
// configures a resource deployed elsewhere and is skipped silently; one
// whose parent cannot be told (an unknown name shared by several parents,
// or no parent) is reported.

// armPrimaries and armAttachments map ARM resource types
// (Microsoft.Storage/storageAccounts) to their adapters.
var (
	armPrimaries = map[string]func(c *ctx) *prim{
		"Microsoft.Storage/storageAccounts":       armStorageAccount,
		"Microsoft.Network/networkSecurityGroups": armNSG,
		"Microsoft.Sql/servers":                   armSQLServer,
		"Microsoft.KeyVault/vaults":               armKeyVault,
	}
	armAttachments = map[string]func(c *ctx){
		"Microsoft.Storage/storageAccounts/blobServices":        armBlobService,
		"Microsoft.Network/networkSecurityGroups/securityRules": armSecurityRule,
		"Microsoft.Sql/servers/firewallRules":                   armSQLFirewallRule,
		"Microsoft.Sql/servers/auditingSettings":                armSQLAuditing,
		"Microsoft.Sql/servers/extendedAuditingSettings":        armSQLAuditing,
		"Microsoft.Sql/servers/administrators":                  armSQLAdministrator,
		"Microsoft.Sql/servers/azureADOnlyAuthentications":      armSQLAADOnly,
	}
)

// armGet reads the attribute at a dotted path (properties.networkAcls.defaultAction),
// matching member names case-insensitively. It returns the value (nil when
// absent; an iac.Unknown met on the way is returned) and the path as the
// template spells it.
func (c *ctx) armGet(path string) (any, string) {
	return armLookup(c.r.Attrs, "", path)
}

// armLookup is armGet from value v at attribute path prefix.
func armLookup(v any, prefix, path string) (any, string) {
	actual := prefix
	for _, part := range strings.Split(path, ".") {
		switch m := v.(type) {
		case map[string]any:
			k := foldKey(m, part)
			if k == "" {
				return nil, armJoin(actual, part)
			}
			actual = armJoin(actual, k)
			v = m[k]
		case iac.Unknown:
			return m, actual
		default:
			return nil, armJoin(actual, part)
		}
	}
	return v, actual
}

// foldKey returns the member of m named key, case-insensitively ("" when
// none); an exact match wins.
func foldKey(m map[string]any, key string) string {
	if _, ok := m[key]; ok {
		return key
	}
	for k := range m {
		if strings.EqualFold(k, key) {
			return k
		}
	}
	return ""
}

// armJoin appends a member name to an attribute path as iac/arm writes
// AttrRanges keys: names that would make the path ambiguous are quoted.
func armJoin(prefix, key string) string {
	if key == "" || strings.ContainsAny(key, `.[]"`) {
		return prefix + "[" + strconv.Quote(key) + "]"
	}
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// az sets field from the attribute at path, or def when it is absent (nil
// def: left absent).
func (c *ctx) az(o *asset.Object, field, path string, def any) {
	v, p := c.armGet(path)
	c.setd(o, field, p, v, def)
}

// azUnknown sets field from the attribute at path, or makes it unknown with
// reason when the template omits it.
func (c *ctx) azUnknown(o *asset.Object, field, path, reason string) {
	v, p := c.armGet(path)
	if v == nil {
		o.SetUnknown(field, reason)
		return
	}
	c.set(o, field, p, v)
}

// azName is the resource's own name when it is known, for the envelope.
func (c *ctx) azName() any {
	if s, ok := c.r.Attrs["name"].(string); ok {
		if i := strings.LastIndexByte(s, '/'); i >= 0 {
			return s[i+1:]
		}
		return s
	}
	return nil
}

// armAsset makes the asset of an ARM resource. Two resources of a file
// whose names are unknown before deployment can render the same address;
// the later one's id gets its line ("#L<line>") so ids stay unique.
func (c *ctx) armAsset(typ string) *prim {
	p := c.newAsset(typ, c.azName(), false)
	for _, q := range c.b.order {
		if q.r.Format == iac.FormatARM && q.r.Range.File == c.r.Range.File && q.a.ID == p.a.ID {
			p.a.ID = fmt.Sprintf("%s#L%d", c.r.Address, c.r.Range.StartLine)
			break
		}
	}
	return p
}

// apiVersion returns the resource's API version when it is a known string.
func (c *ctx) apiVersion() (string, bool) {
	v, _ := c.armGet("apiVersion")
	s, ok := v.(string)
	return s, ok && s != ""
}

// apiAtLeast reports whether the resource's API version (YYYY-MM-DD with
// an optional -preview suffix) is date or later; ok is false when the
// version is unknown or unreadable.
func (c *ctx) apiAtLeast(date string) (atLeast, ok bool) {
	s, known := c.apiVersion()
	if !known || len(s) < len(date) {
		return false, false
	}
	return s[:len(date)] >= date, true
}

// armParent finds the primary a child resource configures. It reports
// the child (and returns nil) when the parent cannot be told.
func (c *ctx) armParent(what string) *prim {
	ti := strings.LastIndexByte(c.r.Type, '/')
	ni := strings.LastIndexByte(c.r.Name, '/')
	if ti < 0 || ni < 0 {
		c.warn("name", fmt.Sprintf("the name of a %s must be <parent name>/<%s name>; it is not applied to any parent", what, what))
		return nil
	}
	addr := c.r.Type[:ti] + "/" + c.r.Name[:ni]
	var found []*prim
	for _, p := range c.b.order {
		if p.r.Format == iac.FormatARM && p.r.Range.File == c.r.Range.File && strings.EqualFold(p.r.Address, addr) {
			found = append(found, p)
		}
	}
	switch {
	case len(found) == 1:
		return found[0]
	case len(found) > 1:
		c.warn("name", fmt.Sprintf("cannot tell which of %d resources named %s this %s belongs to (their names are not known before deployment); it is not applied to any", len(found), addr, what))
	case strings.Contains(addr, "{unknown}"):
		c.warn("name", fmt.Sprintf("cannot tell which resource this %s belongs to (its parent's name is not known before deployment); it is not applied to any", what))
	}
	// A known parent name not declared in this file: a resource deployed
	// elsewhere, which the scan does not describe.
	return nil
}

// childSpan records that field of o is configured by the current (child)
// resource, when the attribute itself is not written.
func (c *ctx) childSpan(o *asset.Object, field string) {
	o.SetSpan(field, asset.Span{File: c.r.Range.File, StartLine: c.r.Range.StartLine, EndLine: c.r.Range.EndLine})
}

// Storage accounts.

// trueSince is the default of a property that became true at an API
// version: true from it, false before, unknown when the template's API
// version is not known.
func (c *ctx) trueSince(version, property string) any {
	atLeast, ok := c.apiAtLeast(version)
	if !ok {
		return iac.Unknown{Reason: property + " is not set and the API version is not known: the default is true from API version " + version + ", false before"}
	}
	return atLeast
}

func armStorageAccount(c *ctx) *prim {
	p := c.armAsset("azure.storage.account")
	o := p.a.Root
	c.az(o, "kind", "kind", nil)
	c.az(o, "sku_name", "sku.name", nil)
	c.az(o, "supports_https_traffic_only", "properties.supportsHttpsTrafficOnly", c.trueSince("2019-04-01", "supportsHttpsTrafficOnly"))
	c.az(o, "minimum_tls_version", "properties.minimumTlsVersion", "TLS1_0")
	c.az(o, "allow_blob_public_access", "properties.allowBlobPublicAccess", false)
	c.az(o, "allow_shared_key_access", "properties.allowSharedKeyAccess", true)
	c.az(o, "public_network_access", "properties.publicNetworkAccess", "")
	c.az(o, "network_default_action", "properties.networkAcls.defaultAction", "Allow")
	c.az(o, "network_bypass", "properties.networkAcls.bypass", "AzureServices")
	c.az(o, "infrastructure_encryption_enabled", "properties.encryption.requireInfrastructureEncryption", false)
	c.az(o, "encryption_key_source", "properties.encryption.keySource", "Microsoft.Storage")
	// The blob service's settings, unless a blobServices resource says otherwise.
	o.SetBool("blob_soft_delete_enabled", false)
	o.SetBool("container_soft_delete_enabled", false)
	o.SetBool("blob_versioning_enabled", false)
	return p
}

func armBlobService(c *ctx) {
	p := c.armParent("blob service")
	if p == nil {
		return
	}
	o := p.a.Root
	for _, f := range []struct{ field, path string }{
		{"blob_soft_delete_enabled", "properties.deleteRetentionPolicy.enabled"},
		{"container_soft_delete_enabled", "properties.containerDeleteRetentionPolicy.enabled"},
		{"blob_versioning_enabled", "properties.isVersioningEnabled"},
	} {
		v, path := c.armGet(f.path)
		if v == nil {
			c.childSpan(o, f.field)
			continue // the default (false) stays
		}
		c.set(o, f.field, path, v)
	}
	if on, _ := c.armGet("properties.deleteRetentionPolicy.enabled"); on == true {
		c.az(o, "blob_soft_delete_retention_days", "properties.deleteRetentionPolicy.days", int64(7))
	}
}

// Network security groups.

func armNSG(c *ctx) *prim {
	p := c.armAsset("azure.network.nsg")
	v, path := c.armGet("properties.securityRules")
	switch l := v.(type) {
	case nil:
	case iac.Unknown:
		p.unknownRules("security_rules", l.Reason)
	case []any:
		for i, e := range l {
			prefix := fmt.Sprintf("%s[%d]", path, i)
			switch b := e.(type) {
			case iac.Unknown:
				p.unknownRules("security_rules", b.Reason)
			case map[string]any:
				name, npath := armLookup(b, prefix, "name")
				props, ppath := armLookup(b, prefix, "properties")
				p.entries = append(p.entries, c.nsgRule(p.a.Root, name, npath, props, ppath))
			default:
				c.warn(prefix, "a security rule is not an object; ignored")
			}
		}
	default:
		c.warn(path, "securityRules is not a list; ignored")
	}
	p.finish = func(*ctx) {
		if why, unk := p.rulesUnknown["security_rules"]; unk {
			p.a.Root.SetUnknown("security_rules", why)
			return
		}
		p.a.Root.SetObjects("security_rules", p.entries)
	}
	return p
}

func armSecurityRule(c *ctx) {
	p := c.armParent("security rule")
	if p == nil {
		return
	}
	props, ppath := c.armGet("properties")
	p.entries = append(p.entries, c.nsgRule(p.a.Root, c.azName(), "name", props, ppath))
}

// nsgRule converts one security rule: its name, and its properties object
// found at attribute path ppath.
func (c *ctx) nsgRule(o *asset.Object, name any, namePath string, props any, ppath string) *asset.Object {
	r := o.Nested("security_rules")
	c.set(r, "name", namePath, name)
	if u, ok := props.(iac.Unknown); ok {
		for _, f := range []string{"direction", "access", "protocol", "priority", "source_address_prefixes",
			"destination_address_prefixes", "source_port_ranges", "destination_port_ranges", "destination_ports"} {
			r.SetUnknown(f, u.Reason)
		}
		return r
	}
	get := func(k string) (any, string) { return armLookup(props, ppath, k) }
	one := func(field, k string) {
		v, p := get(k)
		c.set(r, field, p, v)
	}
	one("description", "description")
	one("direction", "direction")
	one("access", "access")
	one("protocol", "protocol")
	one("priority", "priority")
	// Singular and plural forms together.
	var span asset.Span // of the last list read
	both := func(field, single, plural string) []string {
		var out []string
		span = asset.Span{}
		for _, k := range []string{single, plural} {
			v, p := get(k)
			if v == nil {
				continue
			}
			if rg, ok := c.r.AttrRanges[p]; ok {
				span = asset.Span{File: rg.File, StartLine: rg.StartLine, EndLine: rg.EndLine}
				r.SetSpan(field, span)
			}
			l, u, ok := toStrings(v)
			if u != nil {
				r.SetUnknown(field, u.Reason)
				return nil
			}
			if !ok {
				c.warn(p, fmt.Sprintf("unexpected value %v for %s", v, field))
				continue
			}
			out = append(out, l...)
		}
		if out == nil {
			out = []string{}
		}
		r.SetStrings(field, out)
		return out
	}
	both("source_address_prefixes", "sourceAddressPrefix", "sourceAddressPrefixes")
	both("destination_address_prefixes", "destinationAddressPrefix", "destinationAddressPrefixes")
	both("source_port_ranges", "sourcePortRange", "sourcePortRanges")
	ports := both("destination_port_ranges", "destinationPortRange", "destinationPortRanges")
	r.SetSpan("destination_ports", span)
	if why, unk := r.UnknownReason("destination_port_ranges"); unk {
		r.SetUnknown("destination_ports", why)
		return r
	}
	var objs []*asset.Object
	for _, s := range ports {
		from, to, ok := portRange(s)
		if !ok {
			r.SetUnknown("destination_ports", fmt.Sprintf("destination port range %q is not a port, a range or *", s))
			return r
		}
		objs = append(objs, r.Nested("destination_ports").SetInt("from_port", from).SetInt("to_port", to))
	}
	r.SetObjects("destination_ports", objs)
	r.SetSpan("destination_ports", span)
	return r
}

// portRange reads an NSG port range: "*", "22" or "1024-65535".
func portRange(s string) (from, to int64, ok bool) {
	s = strings.TrimSpace(s)
	if s == "*" {
		return 0, 65535, true
	}
	a, b, isRange := strings.Cut(s, "-")
	from, err1 := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
	to = from
	var err2 error
	if isRange {
		to, err2 = strconv.ParseInt(strings.TrimSpace(b), 10, 64)
	}
	if err1 != nil || err2 != nil || from < 0 || to > 65535 || from > to {
		return 0, 0, false
	}
	return from, to, true
}

// SQL servers.

func armSQLServer(c *ctx) *prim {
	p := c.armAsset("azure.sql.server")
	o := p.a.Root
	c.az(o, "version", "properties.version", nil)
	c.azUnknown(o, "minimal_tls_version", "properties.minimalTlsVersion",
		"minimalTlsVersion is not set: the minimum TLS version a new server gets is not documented for the API")
	c.azUnknown(o, "public_network_access", "properties.publicNetworkAccess",
		"publicNetworkAccess is not set: the value a new server gets is not documented for the API")
	o.SetBool("auditing_enabled", false)
	admins, apath := c.armGet("properties.administrators")
	switch a := admins.(type) {
	case nil:
		o.SetBool("aad_admin_configured", false)
		o.SetBool("aad_only_authentication", false)
	case iac.Unknown:
		c.set(o, "aad_admin_configured", apath, a)
		c.set(o, "aad_only_authentication", apath, a)
	default:
		login, _ := armLookup(a, apath, "login")
		sid, _ := armLookup(a, apath, "sid")
		// A login or sid, even one known only at deployment, names an admin.
		c.set(o, "aad_admin_configured", apath, login != nil || sid != nil)
		v, p := armLookup(a, apath, "azureADOnlyAuthentication")
		c.setd(o, "aad_only_authentication", p, v, false)
	}
	p.finish = func(*ctx) {
		p.a.Root.SetObjects("firewall_rules", p.entries)
	}
	return p
}

func armSQLFirewallRule(c *ctx) {
	p := c.armParent("firewall rule")
	if p == nil {
		return
	}
	r := p.a.Root.Nested("firewall_rules")
	c.set(r, "name", "name", c.azName())
	v, path := c.armGet("properties.startIpAddress")
	c.set(r, "start_ip_address", path, v)
	v, path = c.armGet("properties.endIpAddress")
	c.set(r, "end_ip_address", path, v)
	p.entries = append(p.entries, r)
}

func armSQLAuditing(c *ctx) {
	p := c.armParent("auditing setting")
	if p == nil {
		return
	}
	o := p.a.Root
	state, path := c.armGet("properties.state")
	switch s := state.(type) {
	case string:
		on := strings.EqualFold(s, "Enabled")
		if v, ok := o.Get("auditing_enabled"); !on && ok && asset.Native(v) == true {
			return // another auditing resource enables it
		}
		c.set(o, "auditing_enabled", path, on)
		if on {
			c.az(o, "auditing_retention_days", "properties.retentionDays", int64(0))
		}
	case iac.Unknown:
		c.set(o, "auditing_enabled", path, s)
	case nil:
		c.warn("properties.state", "auditing settings without a state (Enabled or Disabled); ignored")
	default:
		c.warn(path, fmt.Sprintf("unexpected value %v for the auditing state", s))
	}
}

func armSQLAdministrator(c *ctx) {
	p := c.armParent("administrator")
	if p == nil {
		return
	}
	c.childSpan(p.a.Root, "aad_admin_configured")
	p.a.Root.SetBool("aad_admin_configured", true)
}

func armSQLAADOnly(c *ctx) {
	p := c.armParent("Microsoft Entra-only authentication setting")
	if p == nil {
		return
	}
	c.childSpan(p.a.Root, "aad_only_authentication")
	c.az(p.a.Root, "aad_only_authentication", "properties.azureADOnlyAuthentication", false)
}

// Key Vaults.

func armKeyVault(c *ctx) *prim {
	p := c.armAsset("azure.keyvault.vault")
	o := p.a.Root
	c.az(o, "sku_name", "properties.sku.name", nil)
	c.az(o, "tenant_id", "properties.tenantId", nil)
	c.az(o, "soft_delete_enabled", "properties.enableSoftDelete", true)
	c.az(o, "soft_delete_retention_days", "properties.softDeleteRetentionInDays", int64(90))
	c.az(o, "purge_protection_enabled", "properties.enablePurgeProtection", false)
	c.az(o, "rbac_authorization_enabled", "properties.enableRbacAuthorization", c.trueSince("2026-02-01", "enableRbacAuthorization"))
	c.az(o, "public_network_access", "properties.publicNetworkAccess", "Enabled")
	c.az(o, "network_default_action", "properties.networkAcls.defaultAction", "Allow")
	c.az(o, "network_bypass", "properties.networkAcls.bypass", "AzureServices")
	return p
}
