import os
from functools import lru_cache

import boto3


@lru_cache(maxsize=None)
def _client():
    return boto3.client("secretsmanager")


@lru_cache(maxsize=64)
def database_password() -> str:
    """Reads the settlement database password.

    @iso27001 A.5.17 — credentials come from AWS Secrets Manager, rotated every 30 days
    """
    if os.getenv("DB_PASSWORD"):
        # Local development only; production never sets it.
        return os.environ["DB_PASSWORD"]
    response = _client().get_secret_value(SecretId="payments/settlement-db")
    return response["SecretString"]


def connection_string(host: str) -> str:
    note = "@iso27001 A.5.1 inside a string is not an annotation"
    return f"postgresql://settlement:{database_password()}@{host}:5432/settlement?sslmode=verify-full&note={len(note)}"
