-- wrk: DescribeTaskDefinition of the latest ACTIVE revision of a realistic two-container definition.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
wrk.headers["X-Amz-Target"] = "AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition"
wrk.body = '{"taskDefinition":"planscape-web"}'
