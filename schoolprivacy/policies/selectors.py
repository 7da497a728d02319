"""Reads of the policies app. The privacy officer sees every version of the board's documents;
everyone (the public statement, parents, staff) sees only published versions."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from schoolprivacy.access.duties import Duty, board_of_duty
from schoolprivacy.accounts.models import User
from schoolprivacy.policies.models import PolicyDocument, PolicyVersion, PrivacyContacts


def officer_board_id(user: User) -> int:
    """The board whose policies the user keeps, or 404."""
    board_id = board_of_duty(user, Duty.OVERSEE)
    if board_id is None:
        raise Http404
    return board_id


def documents_for_officer(user: User) -> QuerySet[PolicyDocument]:
    return PolicyDocument.objects.filter(board_id=officer_board_id(user)).prefetch_related(
        "versions"
    )


def get_document_for_officer(user: User, document_id: int) -> PolicyDocument:
    document = documents_for_officer(user).filter(pk=document_id).first()
    if document is None:
        raise Http404
    return document


def get_version_for_officer(user: User, version_id: int) -> PolicyVersion:
    version = (
        PolicyVersion.objects.select_related("document", "recorded_by", "published_by")
        .filter(pk=version_id, board_id=officer_board_id(user))
        .first()
    )
    if version is None:
        raise Http404
    return version


def current_version(document: PolicyDocument) -> PolicyVersion | None:
    """The newest published version: the one in force."""
    return (
        PolicyVersion.objects.filter(document=document, published_at__isnull=False)
        .order_by("-number")
        .first()
    )


@dataclass(frozen=True)
class Published:
    document: PolicyDocument
    version: PolicyVersion


def published_for_board(board_id: int) -> list[Published]:
    """Every document of the board with a version in force, regulation first."""
    versions = (
        PolicyVersion.objects.filter(board_id=board_id, published_at__isnull=False)
        .select_related("document")
        .order_by("document__kind", "document__title", "-number")
    )
    seen: dict[int, Published] = {}
    for version in versions:
        seen.setdefault(version.document_id, Published(version.document, version))
    kinds: list[str] = [PolicyDocument.Kind.REGULATION, PolicyDocument.Kind.PROTOCOL]
    return sorted(seen.values(), key=lambda p: (kinds.index(p.document.kind), p.document.title))


def get_published_document(board_id: int, document_id: int) -> Published:
    document = PolicyDocument.objects.filter(pk=document_id, board_id=board_id).first()
    version = current_version(document) if document is not None else None
    if document is None or version is None:
        raise Http404
    return Published(document, version)


def contacts_for(board_id: int) -> PrivacyContacts | None:
    return PrivacyContacts.objects.filter(board_id=board_id).first()
