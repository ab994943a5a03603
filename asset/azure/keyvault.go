package azure

import . "cloudward/asset"

// KeyVault is a Key Vault (Microsoft.KeyVault/vaults).
var KeyVault = Define("azure.keyvault.vault",
	"A Key Vault: recovery protection (soft delete, purge protection), network exposure and the data-plane authorization model.",
	String("sku_name", "standard or premium."),
	String("tenant_id", "Microsoft Entra tenant that authenticates requests to the vault."),
	Bool("soft_delete_enabled", "Deleted vaults and objects are recoverable for a retention period (enableSoftDelete). Default when omitted: true (\"If it's not set to any value (true or false) when creating new key vault, it will be set to true by default\", Key Vault REST API reference)."),
	Int("soft_delete_retention_days", "Days deleted vaults and objects are kept (softDeleteRetentionInDays, 7-90). Default: 90."),
	Bool("purge_protection_enabled", "Deleted vaults and objects cannot be purged before the retention period ends (enablePurgeProtection). Default when omitted: false."),
	Bool("rbac_authorization_enabled", "Data-plane requests are authorized with Azure RBAC instead of access policies (enableRbacAuthorization). Default when omitted: false with API versions before 2026-02-01, true from 2026-02-01 (\"Azure Key Vault API version 2026-02-01 and later change the default access control model for new vaults to Azure RBAC\"); unknown when the API version is not known."),
	String("public_network_access", "Enabled or Disabled (publicNetworkAccess; Disabled blocks all traffic except private endpoints and trusted services). Default when omitted: Enabled."),
	String("network_default_action", "Action for traffic matching no network rule: Allow or Deny (networkAcls.defaultAction). Default when networkAcls is omitted: Allow."),
	String("network_bypass", "AzureServices or None (networkAcls.bypass). Default: AzureServices."),
)

func init() { types = append(types, KeyVault) }
