// Package asset defines cloudward's resource model: the Asset every source
// produces (live collectors, IaC adapters, recorded inventories), the schema
// each asset type is written against, and the runtime values rules read.
//
// An asset type is named <provider>.<service>.<resource> (aws.s3.bucket). Its
// schema is declared once, in Go, with the constructors in schema.go; the rule
// engine type-checks conditions against it and the generated reference under
// docs/assets/ is produced from it, so the three cannot disagree.
//
// Attribute values are stored as CEL values so evaluation needs no conversion.
// A value that could not be read is Unknown (see Object.UnknownReason): it is
// distinct from an absent field (not configured, read as the type's zero
// value), from false and from empty, and a rule that depends on it yields
// UNKNOWN rather than PASS or FAIL.
package asset
