package aws

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// BenchmarkCallOverhead measures the client-side CPU of one guarded,
// limited, signed S3 call against a keep-alive endpoint (as AWS is), so
// the collector's per-call cost can be told from an emulator's.
func BenchmarkCallOverhead(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>`)
	}))
	defer srv.Close()
	c, err := New(nil, Options{})
	if err != nil {
		b.Fatal(err)
	}
	cfg := c.withAccount(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Retryer: c.retryer,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", "")}, "123456789012")
	cl := s3Client(cfg)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cl.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String("b")}); err != nil {
			b.Fatal(err)
		}
	}
}
