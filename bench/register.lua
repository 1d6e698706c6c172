-- wrk: RegisterTaskDefinition of a small worker definition, one family per connection thread.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
wrk.headers["X-Amz-Target"] = "AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition"
wrk.body = '{"family":"bench-register","containerDefinitions":[{"name":"worker","image":"busybox:1.36","memory":64,' ..
  '"command":["sh","-c","sleep 3600"],"environment":[{"name":"MODE","value":"bench"}]}]}'
