package scan

import "testing"

func TestMatchElements(t *testing.T) {
	for _, c := range []struct {
		pattern, key string
		want         bool
	}{
		{"ingress[*].cidr_ipv4", "ingress[1].cidr_ipv4", true},
		{"ingress[*].cidr_ipv4", "ingress[12].cidr_ipv4", true},
		{"ingress[*].cidr_ipv4", "ingress[1].cidr_ipv6", false},
		{"ingress[*].cidr_ipv4", "egress[1].cidr_ipv4", false},
		{"ingress[*].cidr_ipv4", "ingress[x].cidr_ipv4", false},
		{"a[*].b[*].c", "a[0].b[3].c", true},
		{"a[*].b[*].c", "a[0].b.c", false},
	} {
		if got := matchElements(c.pattern, c.key); got != c.want {
			t.Errorf("matchElements(%q, %q) = %v", c.pattern, c.key, got)
		}
	}
}
