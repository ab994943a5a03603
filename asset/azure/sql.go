package azure

import . "cloudward/asset"

// SQLServer is an Azure SQL Database logical server (Microsoft.Sql/servers)
// with its firewall rules, auditing and Microsoft Entra settings folded in.
var SQLServer = Define("azure.sql.server",
	"An Azure SQL Database logical server: TLS, public network access, firewall rules, auditing and Microsoft Entra (Azure AD) authentication, from the server and its child resources (firewallRules, auditingSettings, extendedAuditingSettings, administrators, azureADOnlyAuthentications).",
	String("version", "SQL Server version of the logical server (12.0)."),
	String("minimal_tls_version", "Minimum TLS version clients must use: None, 1.0, 1.1, 1.2 or 1.3 (minimalTlsVersion). Unknown when omitted: the value a new server gets is not documented for the API."),
	String("public_network_access", "Enabled, Disabled or SecuredByPerimeter (publicNetworkAccess). Unknown when omitted."),
	NestedList("firewall_rules", "Server-level IP firewall rules (Microsoft.Sql/servers/firewallRules). A rule from 0.0.0.0 to 0.0.0.0 is \"Allow Azure services and resources to access this server\".", Block("One firewall rule.",
		String("name", "Rule name."),
		String("start_ip_address", "First IPv4 address of the range."),
		String("end_ip_address", "Last IPv4 address of the range."),
	)),
	Bool("auditing_enabled", "Server auditing is on: an auditingSettings or extendedAuditingSettings child resource with state Enabled. Default when no such resource is declared: false (auditing is off on a new server)."),
	Int("auditing_retention_days", "Days audit logs are kept in the storage account destination (retentionDays; 0 keeps them forever)."),
	Bool("aad_admin_configured", "A Microsoft Entra administrator is set (properties.administrators, or a Microsoft.Sql/servers/administrators resource). Default: false."),
	Bool("aad_only_authentication", "Only Microsoft Entra authentication is allowed: SQL logins are disabled (administrators.azureADOnlyAuthentication or a Microsoft.Sql/servers/azureADOnlyAuthentications resource). Default: false."),
)

func init() { types = append(types, SQLServer) }
