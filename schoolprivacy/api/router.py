"""The REST API: every app's router mounted under /api/v1/."""

from ninja import NinjaAPI

api = NinjaAPI(title="Schoolprivacy API", version="1", urls_namespace="api")
