"""The Django admin (`/beheer/`), registered here because access scopes it (decisions 0004, 0023):
every page shows only the acting user's board and asks `access.duties` who may open it. The
models stay in their apps (accounts, schools, people); their admin pages live in this package so
that those lower apps need not import access (decision 0019). Importing the package registers
every page: Django's autodiscovery imports `schoolprivacy.access.admin`.
"""

from schoolprivacy.access.admin import accounts, assignments, people, schools

__all__ = ["accounts", "assignments", "people", "schools"]
