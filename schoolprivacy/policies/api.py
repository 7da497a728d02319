"""Policies over the API (mounted under /api/v1/ by `api.router`)."""

from ninja import Router

router = Router(tags=["policies"])
