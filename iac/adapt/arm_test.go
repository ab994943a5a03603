package adapt

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cloudward/asset"
	"cloudward/iac"
	"cloudward/iac/arm"
	"cloudward/scan"
)

// loadARM adapts an ARM template fixture.
func loadARM(t *testing.T, name string, params map[string]any) (map[string]*asset.Asset, []iac.Diagnostic) {
	t.Helper()
	file := filepath.Join("testdata", "arm", name)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rs, ds := arm.Parse(file, data, arm.Options{Params: params})
	for _, d := range ds {
		if d.Severity == iac.SeverityError {
			t.Fatalf("arm: %v", d)
		}
	}
	as, ads := Assets(scan.Registry(), rs)
	return byID(t, as), ads
}

func TestARM(t *testing.T) {
	as, ds := loadARM(t, "main.json", nil)
	if len(ds) != 0 {
		t.Errorf("diagnostics = %v", ds)
	}
	logs := check(t, as, "Microsoft.Storage/storageAccounts/acmelogs", "azure.storage.account",
		want{"supports_https_traffic_only", true},
		want{"minimum_tls_version", "TLS1_2"},
		want{"allow_blob_public_access", false},
		want{"allow_shared_key_access", true}, // omitted: Shared Key allowed
		want{"network_default_action", "Deny"},
		want{"infrastructure_encryption_enabled", false},
		want{"blob_soft_delete_enabled", true}, // from the nested blobServices resource
		want{"blob_soft_delete_retention_days", int64(14)},
		want{"container_soft_delete_enabled", false},
	)
	if logs != nil {
		if logs.Account != UnknownAccount || logs.Region != "westeurope" || logs.Name != "acmelogs" || logs.Tags["env"] != "prod" {
			t.Errorf("envelope: account %q region %q name %q tags %v", logs.Account, logs.Region, logs.Name, logs.Tags)
		}
		if sp := spanOf(logs, "minimum_tls_version"); sp.StartLine != 22 {
			t.Errorf("span of minimum_tls_version = %+v, want line 22", sp)
		}
		if sp := spanOf(logs, "blob_soft_delete_enabled"); sp.StartLine != 33 {
			t.Errorf("span of blob_soft_delete_enabled = %+v, want line 33 (the blob service's property)", sp)
		}
	}
	// API version 2019-01-01: secure transfer defaults to off; member names
	// are matched case-insensitively ("Properties", "AllowBlobPublicAccess").
	check(t, as, "Microsoft.Storage/storageAccounts/acmelegacy", "azure.storage.account",
		want{"supports_https_traffic_only", false},
		want{"allow_blob_public_access", true},
		want{"minimum_tls_version", unk(`parameter "tlsVersion" has no default value and no value was given (pass a parameters file)`)},
		want{"network_default_action", "Allow"},
		want{"blob_soft_delete_enabled", false},
	)
	nsg := check(t, as, "Microsoft.Network/networkSecurityGroups/web-nsg", "azure.network.nsg",
		want{"security_rules[0].name", "allow-https"},
		want{"security_rules[0].destination_ports", []any{map[string]any{"from_port": int64(443), "to_port": int64(443)}}},
		// The child resource named [concat(parameters('nsgName'), '/allow-ssh')] folds in.
		want{"security_rules[1].name", "allow-ssh"},
		want{"security_rules[1].protocol", "*"},
		want{"security_rules[1].priority", int64(110)},
		want{"security_rules[1].source_address_prefixes", strs("Internet")},
		want{"security_rules[1].destination_port_ranges", strs("22", "3380-3390")},
		want{"security_rules[1].destination_ports[1].to_port", int64(3390)},
	)
	if nsg != nil {
		if sp := spanOf(nsg, "security_rules[1].source_address_prefixes"); sp.StartLine != 83 {
			t.Errorf("span of the child rule's source = %+v, want line 83", sp)
		}
	}
	check(t, as, "Microsoft.Sql/servers/acme-sql", "azure.sql.server",
		want{"minimal_tls_version", "1.0"},
		want{"firewall_rules[0].start_ip_address", "0.0.0.0"},
		want{"firewall_rules[0].end_ip_address", "255.255.255.255"},
		want{"auditing_enabled", true},
		want{"auditing_retention_days", int64(90)},
		want{"aad_admin_configured", false},
	)
	if a := as["Microsoft.Sql/servers/acme-sql"]; a != nil && a.Region != UnknownRegion {
		t.Errorf("region of a server at resourceGroup().location = %q, want unknown", a.Region)
	}
	check(t, as, "Microsoft.KeyVault/vaults/acme-kv", "azure.keyvault.vault",
		want{"soft_delete_enabled", true},
		want{"soft_delete_retention_days", int64(90)},
		want{"purge_protection_enabled", true},
		want{"rbac_authorization_enabled", false}, // API version before 2026-02-01
		want{"public_network_access", "Disabled"},
		want{"network_default_action", "Allow"},
		want{"tenant_id", unk("subscription() is known only at deployment")},
	)

	// Rules judge the assets; an unknown value never fails.
	res := evaluate(t, values(as))
	for _, c := range []struct{ rule, id, want string }{
		{"CW-AZURE-STORAGE-001", "Microsoft.Storage/storageAccounts/acmelegacy", "FAIL"},
		{"CW-AZURE-STORAGE-002", "Microsoft.Storage/storageAccounts/acmelegacy", "UNKNOWN"},
		{"CW-AZURE-STORAGE-002", "Microsoft.Storage/storageAccounts/acmelogs", "PASS"},
		{"CW-AZURE-NETWORK-001", "Microsoft.Network/networkSecurityGroups/web-nsg", "FAIL"},
		{"CW-AZURE-NETWORK-002", "Microsoft.Network/networkSecurityGroups/web-nsg", "FAIL"},
		{"CW-AZURE-NETWORK-003", "Microsoft.Network/networkSecurityGroups/web-nsg", "PASS"},
		{"CW-AZURE-SQL-001", "Microsoft.Sql/servers/acme-sql", "FAIL"},
		{"CW-AZURE-SQL-003", "Microsoft.Sql/servers/acme-sql", "PASS"},
		{"CW-AZURE-KEYVAULT-001", "Microsoft.KeyVault/vaults/acme-kv", "PASS"},
	} {
		if st := res[c.rule][c.id]; st.String() != c.want {
			t.Errorf("%s on %s = %s, want %s", c.rule, c.id, st, c.want)
		}
	}
}

// TestARMParams: parameter values given (a parameters file or --param)
// replace the unknowns.
func TestARMParams(t *testing.T) {
	as, _ := loadARM(t, "main.json", map[string]any{"tlsVersion": "TLS1_2", "adminLogin": "sqladmin", "nsgName": "edge"})
	check(t, as, "Microsoft.Storage/storageAccounts/acmelegacy", "azure.storage.account", want{"minimum_tls_version", "TLS1_2"})
	check(t, as, "Microsoft.Network/networkSecurityGroups/edge", "azure.network.nsg", want{"security_rules[1].name", "allow-ssh"})
}

// TestARMUnlinked: a child whose parent cannot be told is reported; one
// configuring a resource deployed elsewhere is skipped; unknown rule lists
// and unreadable port ranges are unknown.
func TestARMUnlinked(t *testing.T) {
	as, ds := loadARM(t, "ambiguous.json", nil)
	if len(as) != 3 {
		t.Errorf("%d assets, want 3", len(as))
	}
	var found bool
	for _, d := range ds {
		if strings.Contains(d.Message, "cannot tell which of 2 resources") && d.Line == 25 {
			found = true
		} else {
			t.Errorf("unexpected diagnostic %v", d)
		}
	}
	if !found {
		t.Errorf("no diagnostic for the ambiguous security rule: %v", ds)
	}
	for _, a := range as {
		if a.Type != "azure.network.nsg" {
			continue
		}
		if v := at(a, "security_rules"); v != nil {
			if m, ok := v.(map[string]any); !ok || m[asset.UnknownKey] == nil {
				if l, ok := v.([]any); !ok || len(l) != 0 {
					t.Errorf("%s.security_rules = %v, want unknown or empty", a.ID, v)
				}
			}
		}
	}
	check(t, as, "Microsoft.KeyVault/vaults/kv-new", "azure.keyvault.vault", want{"rbac_authorization_enabled", true})

	// A port range that is not a port is unknown, not a guess.
	r := iac.Resource{Format: iac.FormatARM, Type: "Microsoft.Network/networkSecurityGroups", Address: "Microsoft.Network/networkSecurityGroups/x", Name: "x",
		Attrs: map[string]any{"name": "x", "properties": map[string]any{"securityRules": []any{map[string]any{"name": "odd",
			"properties": map[string]any{"destinationPortRange": "ssh", "sourceAddressPrefix": "*"}}}}}}
	out, _ := Assets(scan.Registry(), []iac.Resource{r})
	if got := at(out[0], "security_rules[0].destination_ports"); got == nil || got.(map[string]any)[asset.UnknownKey] == nil {
		t.Errorf("destination_ports = %v, want unknown", got)
	}
}

func TestPortRange(t *testing.T) {
	for _, c := range []struct {
		in       string
		from, to int64
		ok       bool
	}{{"*", 0, 65535, true}, {"22", 22, 22, true}, {"1024-65535", 1024, 65535, true}, {" 80 ", 80, 80, true},
		{"ssh", 0, 0, false}, {"90-80", 0, 0, false}, {"70000", 0, 0, false}, {"", 0, 0, false}} {
		from, to, ok := portRange(c.in)
		if from != c.from || to != c.to || ok != c.ok {
			t.Errorf("portRange(%q) = %d, %d, %v", c.in, from, to, ok)
		}
	}
}
