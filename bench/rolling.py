#!/usr/bin/python3
# A 10-task service, then UpdateService to the other revision ROUNDS times, each timed from the
# UpdateService call until DescribeServices shows one deployment, COMPLETED, with 10 running tasks
# of the new revision. One keep-alive connection, DescribeServices every 20 ms.
# Usage: BENCH_PORT=7796 rolling.py SERVICE MIN_HEALTHY MAX_PERCENT ROUNDS INTERVAL
import http.client
import json
import os
import statistics
import sys
import time

service, minimum, maximum, rounds, interval = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
COUNT = 10
connection = http.client.HTTPConnection("127.0.0.1", int(os.environ["BENCH_PORT"]))


def ecs(operation, body):
    connection.request("POST", "/", json.dumps(body), {"X-Amz-Target": "AmazonEC2ContainerServiceV20141113." + operation,
                                                      "Content-Type": "application/x-amz-json-1.1"})
    reply = connection.getresponse()
    answer = json.loads(reply.read())
    if reply.status != 200:
        sys.exit(f"{operation}: {reply.status} {answer}")
    return answer


def definition(marker):
    # The health check passes at its first probe, one interval after the start; SIGTERM ends the task at once.
    return {"family": service, "containerDefinitions": [{
        "name": "app", "image": "berth-test/busybox:1", "memory": 16, "stopTimeout": 2,
        "command": ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"], "environment": [{"name": "V", "value": marker}],
        "healthCheck": {"command": ["CMD-SHELL", "true"], "interval": interval, "timeout": 2, "retries": 1}}]}


def settled(revision):
    answer = ecs("DescribeServices", {"services": [service]})["services"][0]
    deployments = answer["deployments"]
    return (len(deployments) == 1 and deployments[0]["rolloutState"] == "COMPLETED"
            and answer["taskDefinition"].endswith(revision) and answer["runningCount"] == COUNT
            and answer["pendingCount"] == 0)


def wait(revision):
    while not settled(revision):
        time.sleep(0.02)


revisions = [ecs("RegisterTaskDefinition", definition(marker))["taskDefinition"]["taskDefinitionArn"].split("/")[-1]
             for marker in ("blue", "green")]
ecs("CreateService", {"serviceName": service, "taskDefinition": revisions[0], "desiredCount": COUNT,
                      "deploymentConfiguration": {"minimumHealthyPercent": minimum, "maximumPercent": maximum}})
wait(revisions[0])
times = []
for round in range(rounds):
    target = revisions[(round + 1) % 2]
    started = time.monotonic()
    ecs("UpdateService", {"service": service, "taskDefinition": target})
    wait(target)
    times.append(time.monotonic() - started)
    print(f"  {service} round {round + 1}: {times[-1]:.2f} s", file=sys.stderr)
    time.sleep(3)  # the old containers' removal is not part of the next round
ecs("UpdateService", {"service": service, "desiredCount": 0})
ecs("DeleteService", {"service": service, "force": True})
print(json.dumps({"min": min(times), "median": statistics.median(times), "max": max(times), "runs": times}))
