package aws

import (
	"context"
	"fmt"
	"sort"

	"cloudward/asset"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
)

var (
	opListKeys             = Op{"KMS", "ListKeys", "kms:ListKeys"}
	opListAliases          = Op{"KMS", "ListAliases", "kms:ListAliases"}
	opDescribeKey          = Op{"KMS", "DescribeKey", "kms:DescribeKey"}
	opGetKeyRotationStatus = Op{"KMS", "GetKeyRotationStatus", "kms:GetKeyRotationStatus"}
	opGetKeyPolicy         = Op{"KMS", "GetKeyPolicy", "kms:GetKeyPolicy"}
	opListResourceTags     = Op{"KMS", "ListResourceTags", "kms:ListResourceTags"}
)

var kmsService = &Service{
	Name: "kms",
	Ops: []Op{opListKeys, opListAliases, opDescribeKey, opGetKeyRotationStatus, opGetKeyPolicy,
		opListResourceTags},
	Collect: collectKMS,
}

// kmsDescribeFields are the fields DescribeKey fills.
var kmsDescribeFields = []string{"key_manager", "key_state", "key_spec", "key_usage", "origin",
	"description", "creation_date", "multi_region"}

// collectKMS emits the KMS keys of one region, AWS managed keys included.
func collectKMS(ctx context.Context, s *Scope) error {
	cl := kms.NewFromConfig(s.Config)
	var keys []kmstypes.KeyListEntry
	p := kms.NewListKeysPaginator(cl, &kms.ListKeysInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", opListKeys.Action, err)
		}
		keys = append(keys, page.Keys...)
	}
	if len(keys) == 0 {
		return nil
	}
	aliases, aliasErr := kmsAliases(ctx, cl)
	if aliasErr != nil {
		s.Gap(opListAliases, s.ARN("kms", "alias/*"), aliasErr)
	}
	each(len(keys), func(i int) {
		k := keys[i]
		a := readKey(ctx, s, cl, k, aliases[aws.ToString(k.KeyId)], aliasErr)
		_ = s.Emit(a)
	})
	return nil
}

// kmsAliases maps each key id to its aliases, sorted, with one listing of
// the region's aliases.
func kmsAliases(ctx context.Context, cl *kms.Client) (map[string][]string, error) {
	out := map[string][]string{}
	p := kms.NewListAliasesPaginator(cl, &kms.ListAliasesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, al := range page.Aliases {
			if id := aws.ToString(al.TargetKeyId); id != "" { // AWS managed aliases of keys not created yet have none
				out[id] = append(out[id], aws.ToString(al.AliasName))
			}
		}
	}
	for _, names := range out {
		sort.Strings(names)
	}
	return out, nil
}

// readKey reads one key: its metadata, rotation status, policy and tags.
func readKey(ctx context.Context, s *Scope, cl *kms.Client, k kmstypes.KeyListEntry, aliases []string, aliasErr error) *asset.Asset {
	id := aws.ToString(k.KeyId)
	arn := aws.ToString(k.KeyArn)
	if arn == "" {
		arn = s.ARN("kms", "key/"+id)
	}
	name := id
	if len(aliases) > 0 {
		name = aliases[0]
	}
	a := s.New("aws.kms.key", arn, name)
	o := a.Root
	o.SetString("key_id", id).SetString("arn", arn)
	if aliasErr != nil {
		o.SetUnknown("aliases", Reason(opListAliases, aliasErr))
	} else {
		o.SetStrings("aliases", aliases)
	}
	keyID := aws.String(id)

	var md *kmstypes.KeyMetadata
	d, err := cl.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: keyID})
	if err == nil && d.KeyMetadata != nil {
		md = d.KeyMetadata
		o.SetString("key_manager", string(md.KeyManager)).
			SetString("key_state", string(md.KeyState)).
			SetString("key_spec", string(md.KeySpec)).
			SetString("key_usage", string(md.KeyUsage)).
			SetString("origin", string(md.Origin)).
			SetString("description", aws.ToString(md.Description)).
			SetTime("creation_date", aws.ToTime(md.CreationDate)).
			SetBool("multi_region", aws.ToBool(md.MultiRegion))
	} else if err != nil {
		s.Unknown(o, kmsDescribeFields[0], opDescribeKey, arn, err)
		reason := Reason(opDescribeKey, err)
		for _, f := range kmsDescribeFields[1:] {
			o.SetUnknown(f, reason)
		}
		// Whether rotation applies depends on the metadata.
		o.SetUnknown("rotation_enabled", reason)
	}

	if md != nil && rotationApplies(md) {
		rot, err := cl.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: keyID})
		if ok, _ := s.check(o, "rotation_enabled", opGetKeyRotationStatus, arn, err); ok {
			o.SetBool("rotation_enabled", rot.KeyRotationEnabled)
			if rot.KeyRotationEnabled && rot.RotationPeriodInDays != nil {
				o.SetInt("rotation_period_days", int64(*rot.RotationPeriodInDays))
			}
		}
	}

	pol, err := cl.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: keyID, PolicyName: aws.String("default")})
	if ok, _ := s.check(o, "policy", opGetKeyPolicy, arn, err); ok && pol.Policy != nil {
		if err := o.SetJSON("policy", aws.ToString(pol.Policy)); err != nil {
			o.SetUnknown("policy", "the key policy is not valid JSON")
		}
	}

	// AWS managed keys cannot be tagged.
	if md != nil && md.KeyManager == kmstypes.KeyManagerTypeCustomer {
		readKeyTags(ctx, s, cl, a, keyID, arn)
	}
	return a
}

// rotationApplies reports whether automatic rotation can be configured on
// the key: an enabled, customer managed, symmetric encryption key with key
// material generated by KMS. Rotation of other keys is left absent (AWS
// managed keys are rotated by AWS; KMS refuses the call for asymmetric, HMAC,
// imported and custom key store keys).
func rotationApplies(md *kmstypes.KeyMetadata) bool {
	return md.KeyManager == kmstypes.KeyManagerTypeCustomer &&
		md.KeySpec == kmstypes.KeySpecSymmetricDefault &&
		md.KeyState == kmstypes.KeyStateEnabled &&
		md.Origin == kmstypes.OriginTypeAwsKms
}

func readKeyTags(ctx context.Context, s *Scope, cl *kms.Client, a *asset.Asset, keyID *string, arn string) {
	tags := map[string]string{}
	p := kms.NewListResourceTagsPaginator(cl, &kms.ListResourceTagsInput{KeyId: keyID})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			s.Gap(opListResourceTags, arn, err)
			return
		}
		for _, t := range page.Tags {
			tags[aws.ToString(t.TagKey)] = aws.ToString(t.TagValue)
		}
	}
	if len(tags) > 0 {
		a.SetTags(tags)
	}
}
