"""The REST API: every app's router mounted under /api/v1/ (OpenAPI at /api/v1/openapi.json)."""

from schoolprivacy.accounts.api_auth import api_auth
from schoolprivacy.api.audit_events import router as audit_router
from schoolprivacy.api.me import router as me_router
from schoolprivacy.api.pupils import router as pupils_router
from schoolprivacy.api.refusals import RefusalsDocumentedAPI
from schoolprivacy.api.schools import router as schools_router
from schoolprivacy.breaches.api import router as breaches_router
from schoolprivacy.consents.api import router as consents_router
from schoolprivacy.disclosures.api import router as disclosures_router
from schoolprivacy.photos.api import router as photos_router
from schoolprivacy.policies.api import router as policies_router
from schoolprivacy.register.api import router as register_router
from schoolprivacy.requests.api import router as requests_router
from schoolprivacy.retention.api import router as retention_router
from schoolprivacy.suppliers.api import router as suppliers_router
from schoolprivacy.videos.api import router as videos_router

api = RefusalsDocumentedAPI(
    title="Schoolprivacy API",
    version="1",
    urls_namespace="api",
    auth=api_auth,
    description=(
        "Staff API. Authenticate with `Authorization: Bearer <token>`; create a token with "
        "`schoolprivacy create-token USERNAME`. Anything the caller may not see answers 404."
    ),
)
api.add_router("/", me_router)
api.add_router("/schools", schools_router)
api.add_router("/pupils", pupils_router)
api.add_router("/audit", audit_router)
api.add_router("/register", register_router)
api.add_router("/", consents_router)
api.add_router("/", photos_router)
api.add_router("/", videos_router)
api.add_router("/", suppliers_router)
api.add_router("/", disclosures_router)
api.add_router("/", policies_router)
api.add_router("/", requests_router)
api.add_router("/", retention_router)
api.add_router("/", breaches_router)
