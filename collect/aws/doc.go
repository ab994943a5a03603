// Package aws collects an inventory of AWS resources through the AWS SDK
// for Go v2, read-only.
//
// Every API call goes through the operation registry (ops.go): a middleware
// installed on every client refuses an operation that is not registered as
// read-only, counts calls, and the same registry prints the least-privilege
// IAM policy (`cloudward permissions aws`). Work is scheduled per throttle
// bucket (account × region × service, limit.go), the SDK retryer never runs
// out of retry tokens, and an error never aborts the collection: the
// affected attributes become unknown and the failure is recorded as a gap
// (errors.go). Each service lives in its own file (s3.go, ec2.go, …) and is
// listed once in services.go.
package aws
