"""The agreement's documents (the signed agreement, the privacy information sheet, the security
annex) in private storage: random names, no URLs, read back only through the register's pages.

They share the private storage of the photos (`STORAGES["photos"]`: local disk without URLs, or a
private S3 bucket) under their own prefix, so a board configures one private store, not two.
"""

import secrets
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.utils.translation import gettext as _

from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.suppliers.models import Agreement

KINDS = ("agreement_document", "privacy_sheet_document", "security_annex_document")
MAX_BYTES = 20 * 1024 * 1024


def storage() -> Storage:
    return storages["photos"]


@transaction.atomic
def document_store(*, agreement: Agreement, actor: User, kind: str, upload: IO[bytes]) -> str:
    if kind not in KINDS:
        raise ValidationError(_("Unknown document."))
    head = upload.read(5)
    if head != b"%PDF-":
        raise ValidationError(_("Upload the document as a PDF file."))
    upload.seek(0, 2)
    if upload.tell() > MAX_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."))
    upload.seek(0)
    name = storage().save(
        f"agreements/{agreement.board_id}/{secrets.token_hex(16)}.pdf", File(upload)
    )
    old = getattr(agreement, kind)
    setattr(agreement, kind, name)
    agreement.save(update_fields=[kind])
    audit_record(
        action="suppliers.document.stored",
        board_id=agreement.board_id,
        actor_id=actor.pk,
        subjects=[Subject(subjects.AGREEMENT, agreement.pk)],
        fields=[kind],
    )
    if old:
        transaction.on_commit(lambda: storage().delete(old))
    return name


def document_open(agreement: Agreement, kind: str) -> IO[bytes]:
    name = getattr(agreement, kind) if kind in KINDS else ""
    if not name:
        raise FileNotFoundError(kind)
    handle: IO[bytes] = storage().open(name, "rb")
    return handle
