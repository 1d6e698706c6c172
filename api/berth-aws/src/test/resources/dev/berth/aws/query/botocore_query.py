"""What the AWS CLI's own botocore makes of Berth's query protocol; used by QueryBotocoreTest.

usage: botocore_query.py parse MODEL OPERATION STATUS XML_FILE   -> the parsed response as JSON
       botocore_query.py sign REGION SERVICE BODY_FILE            -> the SigV4 headers as JSON
Needs Debian's awscli on PYTHONPATH (/usr/lib/python3/dist-packages/awscli).
"""
import datetime
import json
import sys

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.model import ServiceModel
from botocore.parsers import QueryParser


def parse(model_file, operation, status, xml_file):
    with open(model_file, encoding="utf-8") as f:
        model = ServiceModel(json.load(f))
    with open(xml_file, "rb") as f:
        body = f.read()
    response = {"body": body, "headers": {}, "status_code": int(status)}
    parsed = QueryParser().parse(response, model.operation_model(operation).output_shape)
    print(json.dumps(parsed, default=lambda o: o.isoformat() if isinstance(o, datetime.datetime) else str(o)))


def sign(region, service, body_file):
    with open(body_file, "rb") as f:
        body = f.read()
    request = AWSRequest(method="POST", url="http://localhost/", data=body,
                         headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    SigV4Auth(Credentials("AKIDBERTHTEST", "berth-test-secret"), service, region).add_auth(request)
    print(json.dumps({name: value for name, value in request.headers.items()}))


if __name__ == "__main__":
    {"parse": parse, "sign": sign}[sys.argv[1]](*sys.argv[2:])
