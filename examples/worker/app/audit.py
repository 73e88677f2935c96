# @iso27001-file A.8.15 — the worker's audit trail
import json
import logging
from datetime import datetime, timezone

audit_logger = logging.getLogger("audit")


def record(event: str, **fields) -> None:
    """@iso27001 A.8.15, A.8.17 — UTC timestamps, one JSON object per line"""
    audit_logger.info(json.dumps({"at": datetime.now(timezone.utc).isoformat(), "event": event, **fields}))


def settlement_completed(batch_id: str, total_cents: int) -> None:
    record("settlement.completed", batch=batch_id, total=total_cents)
