// Command seed provisions a synthetic AWS estate in an emulator (moto) for
// the collection benchmark (bench/collect.sh): N resources spread over
// regions, in a realistic mix of the types cloudward collects.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// mix is the share of each kind of resource.
var mix = []struct {
	kind  string
	share float64
}{
	{"instance", 0.34}, {"volume", 0.22}, {"security_group", 0.18}, {"iam_user", 0.10},
	{"kms_key", 0.08}, {"bucket", 0.08},
}

func main() {
	endpoint := flag.String("endpoint", "", "emulator URL")
	n := flag.Int("n", 5000, "resources to create")
	regions := flag.String("regions", "us-east-1,eu-west-1,ap-southeast-2", "regions")
	workers := flag.Int("workers", 16, "concurrent create calls")
	flag.Parse()
	if *endpoint == "" {
		log.Fatal("-endpoint is required")
	}
	ctx := context.Background()
	regs := strings.Split(*regions, ",")
	cfgs := map[string]aws.Config{}
	for _, r := range append(regs, "us-east-1") {
		cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(r), config.WithBaseEndpoint(*endpoint),
			config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("testing", "testing", "")),
			config.WithRetryMaxAttempts(10))
		if err != nil {
			log.Fatal(err)
		}
		cfgs[r] = cfg
	}
	cfgFor := func(region string) aws.Config { return cfgs[region] }
	start := time.Now()
	var created atomic.Int64
	jobs := make(chan func() error, 1024)
	var wg sync.WaitGroup
	for range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if err := j(); err != nil {
					log.Fatal(err)
				}
			}
		}()
	}
	for _, m := range mix {
		count := int(float64(*n) * m.share)
		for i := 0; i < count; {
			region := regs[i%len(regs)]
			cfg := cfgFor(region)
			i0 := i
			switch m.kind {
			case "instance": // RunInstances creates up to 100 per call
				batch := min(100, count-i)
				i += batch
				jobs <- func() error {
					_, err := ec2.NewFromConfig(cfg).RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12c6146b"),
						MinCount: aws.Int32(int32(batch)), MaxCount: aws.Int32(int32(batch)), InstanceType: ec2types.InstanceTypeT3Micro,
						MetadataOptions: &ec2types.InstanceMetadataOptionsRequest{HttpTokens: ec2types.HttpTokensStateRequired}})
					created.Add(int64(batch))
					return err
				}
				continue
			case "volume":
				jobs <- func() error {
					_, err := ec2.NewFromConfig(cfg).CreateVolume(ctx, &ec2.CreateVolumeInput{AvailabilityZone: aws.String(region + "a"),
						Size: aws.Int32(8), Encrypted: aws.Bool(i0%5 != 0)})
					created.Add(1)
					return err
				}
			case "security_group":
				jobs <- func() error {
					cl := ec2.NewFromConfig(cfg)
					out, err := cl.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String(fmt.Sprintf("sg-bench-%d", i0)),
						Description: aws.String("bench")})
					if err != nil {
						return err
					}
					_, err = cl.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: out.GroupId,
						IpPermissions: []ec2types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(443), ToPort: aws.Int32(443),
							IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}})
					created.Add(1)
					return err
				}
			case "iam_user":
				jobs <- func() error {
					_, err := iam.NewFromConfig(cfgFor("us-east-1")).CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(fmt.Sprintf("bench-user-%d", i0))})
					created.Add(1)
					return err
				}
			case "kms_key":
				jobs <- func() error {
					_, err := kms.NewFromConfig(cfg).CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String("bench")})
					created.Add(1)
					return err
				}
			case "bucket":
				jobs <- func() error {
					cl := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
					in := &s3.CreateBucketInput{Bucket: aws.String(fmt.Sprintf("bench-bucket-%d", i0))}
					if region != "us-east-1" {
						in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(region)}
					}
					_, err := cl.CreateBucket(ctx, in)
					created.Add(1)
					return err
				}
			}
			i++
		}
	}
	close(jobs)
	wg.Wait()
	fmt.Fprintf(os.Stderr, "seeded %d resources in %.1fs\n", created.Load(), time.Since(start).Seconds())
}
