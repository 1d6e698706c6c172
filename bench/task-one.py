#!/usr/bin/python3 -S
# One RunTask, then DescribeTasks every 2 ms on one keep-alive connection until the task is RUNNING.
# Only the socket module: the client's own start-up (~8 ms) stays near the docker CLI's (~10 ms), as
# an SDK inside a running program would have none; json and http.client alone cost ~25 ms to import.
import os
import socket
import sys
import time

connection = socket.create_connection(("127.0.0.1", int(os.environ["BENCH_PORT"])))
connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
replies = connection.makefile("rb")


def ecs(operation, body):
    payload = body.encode()
    connection.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
                       b"X-Amz-Target: AmazonEC2ContainerServiceV20141113." + operation.encode()
                       + b"\r\nContent-Length: " + str(len(payload)).encode() + b"\r\n\r\n" + payload)
    status = replies.readline()
    length = 0
    while (line := replies.readline()) not in (b"\r\n", b""):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    reply = replies.read(length)
    if b" 200 " not in status:
        sys.exit(f"{operation}: {status!r} {reply[:200]!r}")
    return reply


reply = ecs("RunTask", '{"taskDefinition":"bench-sleeper"}')
start = reply.find(b'"taskArn":"')
if start < 0:
    sys.exit(f"RunTask placed nothing: {reply[:300]!r}")
arn = reply[start + 11:reply.index(b'"', start + 11)].decode()
while b'"lastStatus":"RUNNING","launchType"' not in ecs("DescribeTasks", '{"tasks":["' + arn + '"]}'):
    time.sleep(0.002)
