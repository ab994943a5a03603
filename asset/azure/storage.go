package azure

import . "cloudward/asset"

// StorageAccount is a storage account (Microsoft.Storage/storageAccounts)
// with its blob service settings folded in.
var StorageAccount = Define("azure.storage.account",
	"A storage account: transport security, anonymous and key-based access, network exposure, encryption and the blob service's data protection. Omitted properties get the value the Storage resource provider applies at creation (noted per field).",
	String("kind", "Account kind: StorageV2, Storage, BlobStorage, BlockBlobStorage or FileStorage."),
	String("sku_name", "SKU: Standard_LRS, Standard_GRS, Premium_LRS, …"),
	Bool("supports_https_traffic_only", "Secure transfer required: only HTTPS requests are accepted (supportsHttpsTrafficOnly). Default when omitted: true with API version 2019-04-01 or later, false before (\"The default value is true since API version 2019-04-01\", Storage REST API reference)."),
	String("minimum_tls_version", "Minimum TLS version accepted: TLS1_0, TLS1_1, TLS1_2 or TLS1_3 (minimumTlsVersion). Default when omitted: TLS1_0 (\"The default interpretation is TLS 1.0 for this property\", Storage REST API reference). Azure Storage itself has refused TLS 1.0 and 1.1 on its public endpoints since 3 February 2026, whatever this setting says."),
	Bool("allow_blob_public_access", "Containers may be configured for anonymous read access (allowBlobPublicAccess). Default when omitted: false, for new accounts of every API version since Azure Storage's 2023 change of defaults (the REST API reference: \"The default interpretation is false for this property\"); accounts created before then with the property unset allow it."),
	Bool("allow_shared_key_access", "Requests may be authorized with the account keys (Shared Key, including account and service SAS) (allowSharedKeyAccess). Default when omitted: true (\"The default value is null, which is equivalent to true\")."),
	String("public_network_access", "Enabled, Disabled or SecuredByPerimeter (publicNetworkAccess). Empty when omitted: the network rules (network_default_action) then decide which public networks may connect."),
	String("network_default_action", "Action for traffic matching no network rule: Allow or Deny (networkAcls.defaultAction). Default when networkAcls is omitted: Allow (a new account accepts connections from any network)."),
	String("network_bypass", "Services that bypass the network rules: AzureServices, Logging, Metrics, None or a comma-separated combination (networkAcls.bypass). Default: AzureServices."),
	Bool("infrastructure_encryption_enabled", "Data is encrypted a second time at the infrastructure layer (encryption.requireInfrastructureEncryption). Default: false."),
	String("encryption_key_source", "Microsoft.Storage (Microsoft-managed keys, the default) or Microsoft.Keyvault (customer-managed keys) (encryption.keySource)."),
	Bool("blob_soft_delete_enabled", "Deleted blobs are kept for a retention period (the blob service's deleteRetentionPolicy.enabled, from a Microsoft.Storage/storageAccounts/blobServices resource). Default when the template declares no blob service settings: false (soft delete is off for accounts created through the API, CLI, PowerShell or templates; only the portal turns it on)."),
	Int("blob_soft_delete_retention_days", "Days deleted blobs are kept when blob soft delete is on."),
	Bool("container_soft_delete_enabled", "Deleted containers are kept for a retention period (containerDeleteRetentionPolicy.enabled of the blob service). Default: false, as for blob soft delete."),
	Bool("blob_versioning_enabled", "Blob versioning is on (isVersioningEnabled of the blob service). Default: false."),
)

func init() { types = append(types, StorageAccount) }
