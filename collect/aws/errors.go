package aws

import (
	"cloudward/asset"
	"context"
	"errors"
	"strings"

	"github.com/aws/smithy-go"
)

// Kind classifies an API error at the collector boundary.
type Kind int

// Error kinds.
const (
	KindOther        Kind = iota
	KindNotFound          // the thing is not configured / does not exist (a known absence)
	KindAccessDenied      // the credentials may not read it
	KindThrottled         // still throttled after every retry
	KindUnsupported       // region not enabled, service not subscribed, API not available
	KindCanceled          // the collection was interrupted
)

var kindNames = []string{"Error", "NotFound", "AccessDenied", "Throttled", "Unsupported", "Canceled"}

func (k Kind) String() string { return kindNames[k] }

var (
	accessDeniedCodes = set("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
		"AuthorizationError", "UnauthorizedAccess", "Forbidden", "AllAccessDisabled", "AuthorizationErrorException")
	throttleCodes = set("Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
		"TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
		"RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
		"SlowDown", "PriorRequestNotComplete", "EC2ThrottledException")
	unsupportedCodes = set("OptInRequired", "UnrecognizedClientException", "InvalidClientTokenId",
		"SubscriptionRequiredException", "UnsupportedOperation", "InvalidAction", "NotImplemented",
		"AWSOrganizationsNotInUseException", "UnsupportedOperationException", "NoSuchFeature")
)

func set(codes ...string) map[string]bool {
	m := make(map[string]bool, len(codes))
	for _, c := range codes {
		m[c] = true
	}
	return m
}

// Classify returns the kind of err and its API error code ("" when the
// error did not come from the API).
func Classify(err error) (Kind, string) {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return KindCanceled, ""
	}
	var nr *ErrNotRegistered
	if errors.As(err, &nr) {
		return KindOther, "NotRegistered"
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return KindOther, ""
	}
	code := ae.ErrorCode()
	switch {
	case accessDeniedCodes[code]:
		return KindAccessDenied, code
	case throttleCodes[code]:
		return KindThrottled, code
	case unsupportedCodes[code]:
		return KindUnsupported, code
	case strings.HasPrefix(code, "NoSuch") || strings.Contains(code, "NotFound"):
		return KindNotFound, code
	}
	return KindOther, code
}

// Reason is the short text recorded as an unknown attribute's reason:
// "AccessDenied: s3:GetEncryptionConfiguration" — the error code and the IAM
// action that would have read the value.
func Reason(op Op, err error) string {
	kind, code := Classify(err)
	if code == "" {
		code = kind.String()
	}
	return code + ": " + op.Action
}

// check sorts the outcome of a call that reads one field of o: ok when the
// call succeeded; absent when the API says the setting does not exist (a
// known absence, which the caller records as such); otherwise the field is
// marked unknown, the gap recorded, and both results are false.
func (s *Scope) check(o *asset.Object, field string, op Op, resource string, err error) (ok, absent bool) {
	if err == nil {
		return true, false
	}
	if k, _ := Classify(err); k == KindNotFound {
		return false, true
	}
	s.Unknown(o, field, op, resource, err)
	return false, false
}
