from django.http import Http404


class DossierNotFound(Http404):
    """The user may not see or change this: answered as "not found" (design.md, contract 1).

    A subclass of Http404, so a view or API endpoint that forgets to catch it still fails closed
    with a 404 rather than a 500 or a 403 that would confirm the pupil or record exists.
    """
