package dev.berth.domain.taskdefinition;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A realistic two-container web app: an nginx proxy in front of an app, sharing a volume of
 * static files, with secrets from SSM and Secrets Manager, awslogs and a health check the proxy
 * waits for. Valid as given; tests change one thing at a time.
 */
final class WebApp {
    static final String TEXT = """
            {
              "family": "shop-web",
              "taskRoleArn": "arn:aws:iam::123456789012:role/shop-task",
              "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
              "networkMode": "awsvpc",
              "cpu": "512",
              "memory": "1024",
              "volumes": [{"name": "static"}],
              "containerDefinitions": [
                {
                  "name": "proxy",
                  "image": "public.ecr.aws/nginx/nginx:1.27-alpine",
                  "cpu": 128,
                  "memory": 256,
                  "essential": true,
                  "portMappings": [{"containerPort": 80, "hostPort": 80, "protocol": "tcp", "name": "http"}],
                  "mountPoints": [{"sourceVolume": "static", "containerPath": "/usr/share/nginx/html", "readOnly": true}],
                  "dependsOn": [{"containerName": "app", "condition": "HEALTHY"}],
                  "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": {"awslogs-group": "/ecs/shop-web", "awslogs-region": "us-west-1",
                                "awslogs-stream-prefix": "proxy", "awslogs-create-group": "true"}
                  }
                },
                {
                  "name": "app",
                  "image": "123456789012.dkr.ecr.us-west-1.amazonaws.com/shop/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                  "cpu": 256,
                  "memoryReservation": 512,
                  "portMappings": [{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp", "name": "app-http", "appProtocol": "http"}],
                  "environment": [{"name": "PORT", "value": "8080"}, {"name": "STATIC_DIR", "value": "/srv/static"}],
                  "mountPoints": [{"sourceVolume": "static", "containerPath": "/srv/static"}],
                  "secrets": [
                    {"name": "DB_PASSWORD", "valueFrom": "db_password"},
                    {"name": "DB_URL", "valueFrom": "arn:aws:ssm:us-west-1:123456789012:parameter/shop/db/url"},
                    {"name": "API_KEY", "valueFrom": "arn:aws:secretsmanager:us-west-1:123456789012:secret:shop/api-AbCdEf:api-key::"}
                  ],
                  "healthCheck": {
                    "command": ["CMD-SHELL", "wget -q -O- http://localhost:8080/health || exit 1"],
                    "interval": 10, "timeout": 5, "retries": 3, "startPeriod": 20
                  },
                  "ulimits": [{"name": "nofile", "softLimit": 65536, "hardLimit": 65536}],
                  "dockerLabels": {"com.example.team": "shop"},
                  "stopTimeout": 30,
                  "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": {"awslogs-group": "/ecs/shop-web", "awslogs-region": "us-west-1",
                                "awslogs-stream-prefix": "app", "mode": "non-blocking", "max-buffer-size": "25m"}
                  }
                }
              ],
              "tags": [{"key": "team", "value": "shop"}, {"key": "cost-centre", "value": "1234"}]
            }
            """;

    private WebApp() {
    }

    static ObjectNode request() {
        return TaskDefinitions.object(TEXT);
    }
}
