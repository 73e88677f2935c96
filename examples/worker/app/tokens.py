"""Refresh-token handling for the settlement worker."""
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass

import jwt


@dataclass
class RefreshToken:
    user_id: str
    digest: str


class TokenStore:
    """Persists refresh tokens as HMAC digests.

    @iso27001 A.8.5, A.8.24 — only keyed digests of refresh tokens are stored
    """

    def __init__(self, key: bytes):
        self._key = key

    def issue(self, user_id: str) -> tuple[str, RefreshToken]:
        raw = secrets.token_urlsafe(32)  # @iso27001 A.8.24 — 256 bits from the OS CSPRNG
        return raw, RefreshToken(user_id, self._digest(raw))

    def matches(self, raw: str, token: RefreshToken) -> bool:
        return hmac.compare_digest(self._digest(raw), token.digest)

    def _digest(self, raw: str) -> str:
        return hmac.new(self._key, raw.encode(), hashlib.sha256).hexdigest()


# Deliberate problems: A.8.99 does not exist, and A8.5 lacks the dot.
# @iso27001 A.8.99, A8.5 — verifies service-to-service tokens
def verify_service_token(token: str) -> dict:
    return jwt.decode(token, os.environ["SERVICE_JWT_KEY"], algorithms=["HS256"])


def fingerprint(data: bytes) -> str:
    # @iso27001-ignore crypto — sha1 here only deduplicates uploaded statements, not a security use
    return hashlib.sha1(data).hexdigest()
