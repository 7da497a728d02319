"""Words for the codes the erasure plan and the purge preview use."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schoolprivacy.taxonomy import BY_KEY

KEEP_REASONS: dict[str, Promise] = {
    "legal_retention": _("kept: the law requires keeping it for now"),
    "ongoing_care": _("kept: the pupil is still at school and needs it"),
    "legal_hold": _("kept: a legal hold is open"),
    "accountability": _("kept: proof of what was done and by whom"),
    "append_only_audit_log": _("kept: the audit log cannot be changed (IDs and codes only)"),
    "register_history": _("kept: history of the processing register"),
    "needed_for_retention": _("kept: the date the retention rules count from"),
    "photos_own_rule": _("follows the photo library's own rule"),
}
REFUSALS: dict[str, Promise] = {
    "changed_since_dry_run": _(
        "The data changed after the dry run (a new or edited record, a new legal hold). Make a "
        "new dry run and check it again."
    ),
    "subject_gone": _("This pupil's data is no longer here."),
}
OTHER_ITEMS: dict[str, Promise] = {
    "accounts.signinattempt": _("Failed sign-in counters"),
    "accounts.parentsigninlink": _("Used or expired parent sign-in links"),
    "accounts.apitoken": _("Ended API tokens"),
    "imports.kept_file": _("Kept import files"),
}
OTHER_RULES: dict[str, Promise] = {
    "sign_in_data": _("Sign-in data (30 days)"),
    "kept_import_files": _("Kept import files (30 days after the import)"),
    "guardian_unlinked": _("Parents linked to no pupil (one month after the purge found them)"),
}


def category_label(key: str) -> str:
    if key in BY_KEY:
        return str(BY_KEY[key].label)
    return str(OTHER_ITEMS.get(key, key))


def reason_label(code: str) -> str:
    return str(KEEP_REASONS.get(code, code))
