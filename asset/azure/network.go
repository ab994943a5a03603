package azure

import . "cloudward/asset"

// NetworkSecurityGroup is a network security group
// (Microsoft.Network/networkSecurityGroups) with its security rules.
var NetworkSecurityGroup = Define("azure.network.nsg",
	"A network security group and its security rules: those declared inline (properties.securityRules) and those declared as Microsoft.Network/networkSecurityGroups/securityRules resources. The default rules Azure adds to every group (AllowVnetInBound, AllowAzureLoadBalancerInBound, DenyAllInBound and their outbound counterparts, priorities 65000-65500) are not listed.",
	NestedList("security_rules", "Security rules, inline ones first.", Block("One security rule.",
		String("name", "Rule name."),
		String("description", "Rule description."),
		String("direction", "Inbound or Outbound."),
		String("access", "Allow or Deny."),
		String("protocol", "Tcp, Udp, Icmp, Esp, Ah or * (any)."),
		Int("priority", "Priority, 100-4096: lower numbers are evaluated first and the first matching rule decides."),
		StringList("source_address_prefixes", "Source addresses: sourceAddressPrefix and sourceAddressPrefixes together. CIDRs, IP addresses, * (any) or service tags (Internet, VirtualNetwork, AzureLoadBalancer, …). Empty when the source is application security groups."),
		StringList("destination_address_prefixes", "Destination addresses: destinationAddressPrefix and destinationAddressPrefixes together."),
		StringList("source_port_ranges", "Source ports as written: sourcePortRange and sourcePortRanges together (\"*\", \"80\", \"1024-65535\")."),
		StringList("destination_port_ranges", "Destination ports as written: destinationPortRange and destinationPortRanges together."),
		NestedList("destination_ports", "destination_port_ranges as numeric ranges; * is 0-65535. Unknown when a range is not a port, a range or *.", Block("An inclusive port range.",
			Int("from_port", "First port."),
			Int("to_port", "Last port."),
		)),
	)),
)

func init() { types = append(types, NetworkSecurityGroup) }
