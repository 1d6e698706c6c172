#!/usr/bin/env python3
"""Copies an AWS service model from botocore into Berth, without its documentation.

Berth validates requests against the same models the AWS CLI and SDKs are generated from, so
that member names, types, enums and required members agree with the clients by construction.
The models are Apache-2.0 data published by AWS in botocore; see NOTICE.

usage: tools/import-botocore-model.py SERVICE [SERVICE ...]   (e.g. ecs ecr logs ssm)
Needs a botocore on this machine (`pip show botocore`, or Debian's awscli package).
"""
import gzip
import json
import os
import sys

import botocore

DROP = {"documentation", "documentationUrl", "examples", "deprecatedMessage"}
OUT = os.path.join(os.path.dirname(__file__), "..", "api", "berth-aws", "src", "main", "resources",
                   "dev", "berth", "aws", "models")


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in DROP}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def load(service):
    root = os.path.join(os.path.dirname(botocore.__file__), "data", service)
    version = sorted(os.listdir(root))[-1]
    for name in ("service-2.json", "service-2.json.gz"):
        path = os.path.join(root, version, name)
        if os.path.exists(path):
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8") as f:
                return json.load(f)
    raise SystemExit(f"no model for {service} under {root}")


for service in sys.argv[1:]:
    model = strip(load(service))
    model["metadata"]["berthSource"] = f"botocore {botocore.__version__}"
    target = os.path.join(OUT, f"{service}.json")
    with open(target, "w", encoding="utf-8") as f:
        json.dump(model, f, separators=(",", ":"), sort_keys=False)
        f.write("\n")
    print(f"{service}: {len(model['operations'])} operations, {len(model['shapes'])} shapes -> {target}")
