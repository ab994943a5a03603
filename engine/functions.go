package engine

import (
	"net/netip"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// Function documents one helper function rules may call; docs are generated from this list.
type Function struct {
	Signature string
	Doc       string
}

// Functions lists the helper functions cloudward adds to standard CEL.
var Functions = []Function{
	{"days_since(timestamp) -> int", "Whole days from the timestamp to the scan time (negative for a future time)."},
	{"is_world_cidr(string) -> bool", "True for a CIDR that covers every address of its family (0.0.0.0/0, ::/0, or any /0)."},
}

func functions(now time.Time) []cel.EnvOption {
	return []cel.EnvOption{
		cel.Function("days_since",
			cel.Overload("days_since_timestamp", []*cel.Type{cel.TimestampType}, cel.IntType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					t, ok := v.(types.Timestamp)
					if !ok {
						return types.NoSuchOverloadErr()
					}
					return types.Int(int64(now.Sub(t.Time) / (24 * time.Hour)))
				}))),
		cel.Function("is_world_cidr",
			cel.Overload("is_world_cidr_string", []*cel.Type{cel.StringType}, cel.BoolType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					s, ok := v.(types.String)
					if !ok {
						return types.NoSuchOverloadErr()
					}
					if s == "0.0.0.0/0" || s == "::/0" {
						return types.True
					}
					p, err := netip.ParsePrefix(string(s))
					if err != nil {
						return types.False
					}
					return types.Bool(p.Bits() == 0)
				}))),
	}
}
