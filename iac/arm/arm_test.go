package arm

import (
	"cloudward/iac/internal/iactest"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"cloudward/iac"
)

// unknownPrefix matches an iac.Unknown whose reason starts with the text.
type unknownPrefix string

type resourceWant struct {
	addr       string
	typ, name  string
	start, end int
	region     string
	attrs      map[string]any // path -> value, or unknownPrefix
	absent     []string
	ranges     map[string][2]int
}

func checkResources(t *testing.T, file string, rs []iac.Resource, want []resourceWant) {
	t.Helper()
	var got []string
	for _, r := range rs {
		got = append(got, r.Address)
	}
	var addrs []string
	for _, w := range want {
		addrs = append(addrs, w.addr)
	}
	if diff := cmp.Diff(addrs, got); diff != "" {
		t.Fatalf("resource addresses (-want +got):\n%s", diff)
	}
	for i, w := range want {
		r := rs[i]
		t.Run(w.addr, func(t *testing.T) {
			if r.Format != iac.FormatARM || r.Type != w.typ || r.Name != w.name || r.Region != w.region {
				t.Errorf("got format=%q type=%q name=%q region=%q, want arm %q %q %q", r.Format, r.Type, r.Name, r.Region, w.typ, w.name, w.region)
			}
			if wr := (iac.Range{File: file, StartLine: w.start, EndLine: w.end}); r.Range != wr {
				t.Errorf("Range = %+v, want %+v", r.Range, wr)
			}
			for path, wv := range w.attrs {
				gv, ok := iactest.Lookup(r.Attrs, path)
				if !ok {
					t.Errorf("%s: missing", path)
					continue
				}
				if p, isPrefix := wv.(unknownPrefix); isPrefix {
					u, ok := gv.(iac.Unknown)
					if !ok || !strings.HasPrefix(u.Reason, string(p)) {
						t.Errorf("%s = %#v, want unknown %q...", path, gv, p)
					}
					continue
				}
				if diff := cmp.Diff(wv, gv); diff != "" {
					t.Errorf("%s (-want +got):\n%s", path, diff)
				}
			}
			for _, path := range w.absent {
				if v, ok := iactest.Lookup(r.Attrs, path); ok {
					t.Errorf("%s = %#v, want absent", path, v)
				}
			}
			for path, lines := range w.ranges {
				gr, ok := r.AttrRanges[path]
				if !ok {
					t.Errorf("AttrRanges[%s] missing", path)
					continue
				}
				if gr != (iac.Range{File: file, StartLine: lines[0], EndLine: lines[1]}) {
					t.Errorf("AttrRanges[%s] = %+v, want lines %v", path, gr, lines)
				}
			}
		})
	}
}

func read(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseStorageNSG(t *testing.T) {
	const file = "testdata/storage-nsg.json"
	rs, diags := Parse(file, read(t, file), Options{})
	wantDiags := []iac.Diagnostic{{File: file, Line: 222, Column: 18, Severity: iac.SeverityWarning,
		Message: `the count of resource copy loop "adminLoop" is not known before deployment; the resource is read once, with copyIndex() unknown`}}
	if diff := cmp.Diff(wantDiags, diags); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	sshRule := func(i int64, src string) map[string]any {
		return map[string]any{
			"name": "allow-ssh-" + strconv.FormatInt(i, 10),
			"properties": map[string]any{
				"priority": 200 + i, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
				"sourceAddressPrefix": src, "sourcePortRange": "*",
				"destinationAddressPrefix": "VirtualNetwork", "destinationPortRange": "22",
			},
		}
	}
	checkResources(t, file, rs, []resourceWant{
		{
			addr: "Microsoft.Storage/storageAccounts/acmeprod{unknown}",
			typ:  "Microsoft.Storage/storageAccounts", name: "acmeprod{unknown}",
			start: 85, end: 128,
			attrs: map[string]any{
				"name":                                 unknownPrefix("uniqueString() is known only at deployment"),
				"location":                             unknownPrefix("resourceGroup() is known only at deployment"),
				"sku.name":                             "Standard_GRS",
				"kind":                                 "StorageV2",
				"properties.supportsHttpsTrafficOnly":  true,
				"properties.minimumTlsVersion":         "TLS1_2",
				"properties.allowBlobPublicAccess":     false,
				"properties.networkAcls.defaultAction": "Deny",
				"properties.networkAcls.ipRules":       []any{},
				"properties.encryption.services.blob":  map[string]any{"enabled": true},
				// "[[" escapes a literal '['.
				"tags": map[string]any{"environment": "prod", "costCenter": "cc-1042", "template": "[managed by ARM]"},
			},
			absent: []string{"resources", "copy"},
			ranges: map[string][2]int{
				"sku":                          {90, 92},
				"sku.name":                     {91, 91},
				"tags":                         {94, 94},
				"properties.minimumTlsVersion": {97, 97},
			},
		},
		{
			// Nested child: type and name joined with the parent's.
			addr: "Microsoft.Storage/storageAccounts/blobServices/acmeprod{unknown}/default",
			typ:  "Microsoft.Storage/storageAccounts/blobServices", name: "acmeprod{unknown}/default",
			start: 113, end: 126,
			attrs: map[string]any{
				"name":                                  unknownPrefix("uniqueString()"),
				"type":                                  "Microsoft.Storage/storageAccounts/blobServices",
				"properties.deleteRetentionPolicy.days": int64(7),
			},
		},
		{
			addr: "Microsoft.Storage/storageAccounts/acmelogs07",
			typ:  "Microsoft.Storage/storageAccounts", name: "acmelogs07",
			start: 129, end: 142, region: "eastus",
			attrs: map[string]any{
				"name":                                "acmelogs07",
				"location":                            "East US",
				"properties.supportsHttpsTrafficOnly": false,
				"properties.minimumTlsVersion":        "TLS1_0",
				"properties.allowBlobPublicAccess":    true,
			},
		},
		{
			// Resource copy loop with copyIndex(1) and copyIndex().
			addr: "Microsoft.Storage/storageAccounts/blobServices/containers/acmelogs07/default/logs1",
			typ:  "Microsoft.Storage/storageAccounts/blobServices/containers", name: "acmelogs07/default/logs1",
			start: 143, end: 154,
			attrs: map[string]any{"properties.publicAccess": "None"},
		},
		{
			addr: "Microsoft.Storage/storageAccounts/blobServices/containers/acmelogs07/default/logs2",
			typ:  "Microsoft.Storage/storageAccounts/blobServices/containers", name: "acmelogs07/default/logs2",
			start: 143, end: 154,
			attrs: map[string]any{"properties.publicAccess": "Blob"},
		},
		{
			// Variables, a variable copy loop, concat of arrays, union.
			addr: "Microsoft.Network/networkSecurityGroups/nsg-prod-web",
			typ:  "Microsoft.Network/networkSecurityGroups", name: "nsg-prod-web",
			start: 155, end: 164,
			attrs: map[string]any{
				"properties.securityRules[0].name":                            "allow-https",
				"properties.securityRules[0].properties.destinationPortRange": "443",
				"properties.securityRules[1]":                                 sshRule(0, "10.0.0.0/24"),
				"properties.securityRules[2]":                                 sshRule(1, "192.168.10.0/24"),
				"tags":                                                        map[string]any{"environment": "prod", "costCenter": "cc-1042", "template": "[managed by ARM]", "tier": "web"},
			},
			absent: []string{"properties.securityRules[3]"},
			ranges: map[string][2]int{
				"properties.securityRules": {162, 162},
			},
		},
		{
			addr: "Microsoft.Network/networkSecurityGroups/securityRules/nsg-prod-web/allow-rdp-any",
			typ:  "Microsoft.Network/networkSecurityGroups/securityRules", name: "nsg-prod-web/allow-rdp-any",
			start: 165, end: 182,
			attrs: map[string]any{
				"properties.sourceAddressPrefix":  "*",
				"properties.destinationPortRange": "3389",
				"properties.access":               "Allow",
				"dependsOn[0]":                    unknownPrefix("resource ID of providers/Microsoft.Network/networkSecurityGroups/nsg-prod-web depends on"),
			},
		},
		{
			// Property copy loop.
			addr: "Microsoft.Network/virtualNetworks/vnet-prod",
			typ:  "Microsoft.Network/virtualNetworks", name: "vnet-prod",
			start: 183, end: 206,
			attrs: map[string]any{
				"properties.addressSpace.addressPrefixes":                  []any{"10.1.0.0/16"},
				"properties.subnets[0].name":                               "snet-0",
				"properties.subnets[1].name":                               "snet-1",
				"properties.subnets[1].properties.addressPrefix":           "10.1.1.0/24",
				"properties.subnets[1].properties.networkSecurityGroup.id": unknownPrefix("resource ID of"),
			},
			absent: []string{"properties.copy", "properties.subnets[2]"},
			ranges: map[string][2]int{
				"properties":            {188, 205},
				"properties.subnets":    {191, 203},
				"properties.subnets[1]": {194, 202},
				"properties.subnets[1].properties.addressPrefix": {197, 197},
			},
		},
		// pip-debug has condition not(isProd) = false: not deployed.
		{
			// Unknown copy count: one resource, copyIndex() unknown.
			addr: "Microsoft.Authorization/roleAssignments/{unknown}",
			typ:  "Microsoft.Authorization/roleAssignments", name: "{unknown}",
			start: 216, end: 229,
			attrs: map[string]any{
				"name":                        unknownPrefix("guid() is known only at deployment"),
				"properties.principalId":      unknownPrefix(`parameter "adminPrincipalIds" has no default value`),
				"properties.principalType":    "User",
				"properties.roleDefinitionId": unknownPrefix("resource ID of providers/Microsoft.Authorization/roleDefinitions/b7e6dc6d-f1e8-4753-8033-0f276bb0955b depends on the deployment's subscription"),
			},
		},
	})
}

func TestParseWithParametersFile(t *testing.T) {
	params, diags := ParseParameters("p.json", read(t, "testdata/storage-nsg.parameters.json"))
	if len(diags) != 0 {
		t.Fatalf("ParseParameters diagnostics: %v", diags)
	}
	wantParams := map[string]any{
		"environment":       "dev",
		"location":          "westeurope",
		"adminPrincipalIds": []any{"4f1c6b1e-0000-4000-8000-000000000001", "4f1c6b1e-0000-4000-8000-000000000002"},
		"containerCount":    int64(0),
		"sqlPassword":       iac.Unknown{Reason: "Key Vault secret reference, resolved at deployment"},
	}
	if diff := cmp.Diff(wantParams, params); diff != "" {
		t.Fatalf("params (-want +got):\n%s", diff)
	}
	const file = "testdata/storage-nsg.json"
	rs, diags := Parse(file, read(t, file), Options{Params: params})
	wantDiags := []iac.Diagnostic{{File: file, Severity: iac.SeverityWarning,
		Message: `parameter "sqlPassword" is given a value but is not declared in the template; the value is ignored`}}
	if diff := cmp.Diff(wantDiags, diags); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	checkResources(t, file, rs, []resourceWant{
		{
			addr: "Microsoft.Storage/storageAccounts/acmedev{unknown}", typ: "Microsoft.Storage/storageAccounts",
			name: "acmedev{unknown}", start: 85, end: 128, region: "westeurope",
			attrs: map[string]any{"sku.name": "Standard_LRS", "location": "westeurope"},
		},
		{
			addr: "Microsoft.Storage/storageAccounts/blobServices/acmedev{unknown}/default", typ: "Microsoft.Storage/storageAccounts/blobServices",
			name: "acmedev{unknown}/default", start: 113, end: 126,
		},
		{
			addr: "Microsoft.Storage/storageAccounts/acmelogs07", typ: "Microsoft.Storage/storageAccounts",
			name: "acmelogs07", start: 129, end: 142, region: "eastus",
		},
		// containerCount 0: no containers.
		{
			addr: "Microsoft.Network/networkSecurityGroups/nsg-dev-web", typ: "Microsoft.Network/networkSecurityGroups",
			name: "nsg-dev-web", start: 155, end: 164, region: "westeurope",
			attrs: map[string]any{"tags.environment": "dev"},
		},
		{
			addr: "Microsoft.Network/networkSecurityGroups/securityRules/nsg-dev-web/allow-rdp-any", typ: "Microsoft.Network/networkSecurityGroups/securityRules",
			name: "nsg-dev-web/allow-rdp-any", start: 165, end: 182,
		},
		{
			addr: "Microsoft.Network/virtualNetworks/vnet-dev", typ: "Microsoft.Network/virtualNetworks",
			name: "vnet-dev", start: 183, end: 206, region: "westeurope",
		},
		{
			// The condition is true in dev.
			addr: "Microsoft.Network/publicIPAddresses/pip-debug", typ: "Microsoft.Network/publicIPAddresses",
			name: "pip-debug", start: 207, end: 215, region: "westeurope",
			attrs: map[string]any{"condition": true, "properties.publicIPAllocationMethod": "Dynamic"},
		},
		{
			addr: "Microsoft.Authorization/roleAssignments/{unknown}", typ: "Microsoft.Authorization/roleAssignments",
			name: "{unknown}", start: 216, end: 229,
			attrs: map[string]any{"properties.principalId": "4f1c6b1e-0000-4000-8000-000000000001"},
		},
		{
			addr: "Microsoft.Authorization/roleAssignments/{unknown}", typ: "Microsoft.Authorization/roleAssignments",
			name: "{unknown}", start: 216, end: 229,
			attrs: map[string]any{"properties.principalId": "4f1c6b1e-0000-4000-8000-000000000002"},
		},
	})
}

func TestParseNestedDeployments(t *testing.T) {
	const file = "testdata/nested.json"
	rs, diags := Parse(file, read(t, file), Options{Params: map[string]any{"ENV": "prod"}})
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	checkResources(t, file, rs, []resourceWant{
		{
			addr: "Microsoft.Resources/deployments/vault", typ: "Microsoft.Resources/deployments", name: "vault",
			start: 31, end: 58,
			attrs: map[string]any{
				"properties.mode":     "Incremental",
				"properties.template": unknownPrefix("inline template of a nested deployment"),
			},
			ranges: map[string][2]int{"properties.template": {38, 56}},
		},
		{
			// Outer scope, user-defined function, "Properties" spelled
			// with a capital letter.
			addr: "Microsoft.KeyVault/vaults/kv-billing-prod", typ: "Microsoft.KeyVault/vaults", name: "kv-billing-prod",
			start: 42, end: 54, region: "westeurope",
			attrs: map[string]any{
				"properties.enablePurgeProtection": true,
				"properties.enableSoftDelete":      true,
				"properties.tenantId":              unknownPrefix("subscription() is known only at deployment"),
			},
			ranges: map[string][2]int{"properties.enablePurgeProtection": {51, 51}},
		},
		{
			addr: "Microsoft.Resources/deployments/sql", typ: "Microsoft.Resources/deployments", name: "sql",
			start: 59, end: 113,
			attrs: map[string]any{
				"properties.parameters.serverName.value":                   "sql-billing",
				"properties.parameters.adminPassword.reference.secretName": "sql-admin",
			},
		},
		{
			// Inner scope: the deployment's parameters, an expression as
			// a property name, a Key Vault reference.
			addr: "Microsoft.Sql/servers/sql-billing", typ: "Microsoft.Sql/servers", name: "sql-billing",
			start: 84, end: 109, region: "northeurope",
			attrs: map[string]any{
				"tags":                                  map[string]any{"owner-sql-billing": "dba-team"},
				"properties.publicNetworkAccess":        "Disabled",
				"properties.administratorLoginPassword": unknownPrefix("Key Vault secret reference"),
			},
			ranges: map[string][2]int{"tags.owner-sql-billing": {90, 90}},
		},
		{
			addr: "Microsoft.Sql/servers/firewallRules/sql-billing/AllowAllWindowsAzureIps", typ: "Microsoft.Sql/servers/firewallRules",
			name: "sql-billing/AllowAllWindowsAzureIps", start: 99, end: 107,
			attrs: map[string]any{"properties.startIpAddress": "0.0.0.0"},
		},
	})
}

func TestParseSymbolicNames(t *testing.T) {
	const file = "testdata/symbolic.json"
	rs, diags := Parse(file, read(t, file), Options{Params: map[string]any{"retentionDays": 120}})
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	// The existing virtual network is a reference, not a declaration.
	checkResources(t, file, rs, []resourceWant{{
		addr: "Microsoft.OperationalInsights/workspaces/log-acme", typ: "Microsoft.OperationalInsights/workspaces",
		name: "log-acme", start: 16, end: 26, region: "westus2",
		attrs: map[string]any{
			"properties.retentionInDays":                 int64(120),
			"properties.publicNetworkAccessForIngestion": "Disabled",
		},
	}})
}
