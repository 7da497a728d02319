"""One batch of the purge: which categories of each target have expired, and erasing (or, in a
dry run, counting) them through every app's `erase_many`, a few set-based queries per app for
the whole batch (privacy_registry.ManyEraser; `erase` per subject for an app without it).

Reads other apps only through the privacy registry (contract 4) and the base apps.
"""

from collections import Counter
from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta
from datetime import time as clock
from functools import cache

from django.utils import timezone

from schoolprivacy.accounts import privacy as accounts_privacy
from schoolprivacy.imports import privacy as imports_privacy
from schoolprivacy.privacy_registry import AppPrivacy, DataSubject, Erasure, registry
from schoolprivacy.retention import audit_log
from schoolprivacy.retention import rules as r
from schoolprivacy.retention.candidates import Target, unlinked_rules

# (school id or None, rule code, category) -> items erased
Tally = Counter[tuple[int | None, str, str]]
Found = list[tuple[Target, dict[str, r.CategoryRule]]]


@cache
def _erasers() -> list[tuple[AppPrivacy, frozenset[str]]]:
    """Every app's eraser with the categories it declares, later apps first (as erase_subject).
    Looked up once per process: the installed apps do not change while it runs."""
    return [
        (app, frozenset(k for d in app.personal for k in d.keys)) for app in reversed(registry())
    ]


def erase_batch(
    subjects: Sequence[DataSubject],
    categories: Collection[str],
    *,
    dry_run: bool,
    actor_id: int | None = None,
) -> dict[DataSubject, list[Erasure]]:
    """`privacy_registry.erase_subject` for many subjects and these categories: only the apps
    that declare one of them are asked (an app erases only what it declares), each once for the
    whole batch through its `erase_many`, in the registry's order (later apps first)."""
    wanted = sorted(set(categories))
    found: dict[DataSubject, list[Erasure]] = {s: [] for s in subjects}
    if not subjects:
        return found
    for app, declared in _erasers():
        if not declared.intersection(wanted):
            continue
        if app.erase_many is not None:
            results = app.erase_many(
                list(subjects), actor_id=actor_id, categories=wanted, dry_run=dry_run
            )
        else:
            results = {
                s: app.erase(s, actor_id=actor_id, categories=wanted, dry_run=dry_run)
                for s in subjects
            }
        for subject, erasure in results.items():
            found[subject].append(erasure)
    return found


def expired_batch(
    batch: list[Target], rules: r.Rules, day: date, *, unlinked: bool = False
) -> Found:
    """Each target with its categories whose rule has expired on `day` (none: left out).

    A conditional rule (rules.ONLY_WITH) holds only for a subject who has data of its category:
    the targets for whom that changes the answer are asked together, in one dry run."""
    if unlinked:
        mine = unlinked_rules(rules)
        return _keep(
            [
                (t, {k: rule for k, rule in mine.items() if rule.expired(t.event_day, day)})
                for t in batch
            ]
        )
    found: Found = []
    undecided: list[tuple[Target, dict[str, r.CategoryRule]]] = []
    if not batch:
        return found
    prefix = batch[0].subject.kind + "."
    mine_all = {key: rules_ for key, rules_ in rules.items() if key.startswith(prefix)}
    needed = sorted(m for m in r.markers(mine_all) if m in mine_all)
    plain = r.effective(mine_all, set())
    full = r.effective(mine_all, set(needed))

    def expired(target: Target, chosen: dict[str, r.CategoryRule]) -> dict[str, r.CategoryRule]:
        return {k: rule for k, rule in chosen.items() if rule.expired(target.event_day, day)}

    for target in batch:
        without, with_all = expired(target, plain), expired(target, full)
        if without == with_all:
            found.append((target, without))  # the conditional rules change nothing today
        else:
            undecided.append((target, without))
    if undecided:
        asked = erase_batch([t.subject for t, _ in undecided], needed, dry_run=True)
        for target, _without in undecided:
            present = {
                key for erasure in asked[target.subject] for key, n in erasure.counts.items() if n
            }
            found.append((target, expired(target, r.effective(mine_all, present))))
    return _keep(found)


def _keep(found: Found) -> Found:
    return [(target, expired) for target, expired in found if expired]


def erase_targets(
    found: Found, *, dry_run: bool, actor_id: int | None = None
) -> tuple[Tally, set[DataSubject]]:
    """Erase (or count) the expired categories of a batch: targets with the same expired
    categories are erased together through `erase_batch`. Held targets are skipped. Returns what
    went per school, rule and category, and the subjects that had something to erase."""
    tally: Tally = Counter()
    touched: set[DataSubject] = set()
    groups: dict[frozenset[str], list[tuple[Target, dict[str, r.CategoryRule]]]] = {}
    for target, expired in found:
        if expired and not target.held:
            groups.setdefault(frozenset(expired), []).append((target, expired))
    for keys, group in groups.items():
        by_subject = {target.subject: (target, expired) for target, expired in group}
        erased = erase_batch(list(by_subject), keys, dry_run=dry_run, actor_id=actor_id)
        for subject, erasures in erased.items():
            target, expired = by_subject[subject]
            for erasure in erasures:
                for key, count in erasure.counts.items():
                    if key in expired and key not in erasure.kept and count:
                        tally[(target.school_id, expired[key].rule, key)] += count
                        touched.add(subject)
    return tally, touched


def board_wide(board_id: int, phase: str, day: date, *, dry_run: bool) -> Tally:
    """The phases that are about no data subject: sign-in data and kept import files."""
    tally: Tally = Counter()
    midnight = timezone.make_aware(datetime.combine(day, clock.min))
    if phase == "sign_in":
        before = midnight - timedelta(days=r.SIGN_IN_DATA_DAYS)
        for key, n in accounts_privacy.sign_in_data_expire(before=before, dry_run=dry_run).items():
            tally[(None, r.SIGN_IN_RULE, key)] += n
    elif phase == "import_files":
        before = midnight - timedelta(days=r.KEPT_IMPORT_FILE_DAYS)
        ids = imports_privacy.kept_files_expire(
            board_id=board_id, finished_before=before, dry_run=dry_run
        )
        if ids:
            tally[(None, r.IMPORT_FILE_RULE, "imports.kept_file")] += len(ids)
    elif phase == audit_log.PHASE:
        tally += audit_log.expire_audit_log(board_id, day, dry_run=dry_run)
    return tally
