"""Stable subContentIds: H5P keys xAPI statements and saved state on them, so a rebuild must keep them."""

from __future__ import annotations

import uuid

# Fixed for ever: changing it would change every subContentId of every package already deployed.
NAMESPACE = uuid.UUID("5b0d6a3e-7c2f-4f1e-9a57-3f6c2d8e1b40")


def sub_content_id(slug: str, purpose: str) -> str:
    """UUIDv5 of the resource and the item's purpose (not its position), so that adding or removing
    the video item leaves the ids of the other items unchanged."""
    return str(uuid.uuid5(NAMESPACE, f"{slug}/{purpose}"))
