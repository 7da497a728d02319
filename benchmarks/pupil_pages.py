"""How fast the pupil pages answer on a 10,000-pupil board, next to an unfiltered baseline query.

    uv run python benchmarks/pupil_pages.py [--pupils 10000] [--repeat 30]
    uv run python benchmarks/pupil_pages.py --database-url postgres://postgres@127.0.0.1:5432/sp_bench

Seeds one board with `schoolprivacy seed` (pupils, staff, dossier records) into a temporary SQLite
file, or into the given database (which must exist and be yours to fill: each run adds a board).
Then, for the care coordinator of one school and the teacher of one group, it times the pupil
list page, the API list and one pupil's page (the group's first pupil, who has a diagnosis and a
measure) through Django's test client, signed in as staff, after one warm-up request. Next to
each, the baseline: a plain ORM query of the same rows without policy, template or logging.

Then the need-to-know ratio (issue 18.4, goal at most 1.25): everything the policy adds to
answering the care coordinator's and the teacher's "my pupils" (its reads of the user's facts and
its filtered query) next to an unfiltered query of the same rows, the two taking turns; and the
teacher's pupil list page with the policy and with the policy's database work taken out.

Prints median and 95th-percentile milliseconds and queries per request; asserts nothing.
"""

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from typing import Any

from pupil_rows import Row, interleaved, people, plain_rows, time_runs


def _queries(action: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def _page(client: Any, url: str) -> Callable[[], Any]:
    def get() -> Any:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}; the benchmark is broken.")
        return response

    return get


def measure(board: Any, repeat: int) -> list[Row]:
    from django.test import Client

    from schoolprivacy.dossier.models import Record
    from schoolprivacy.people.models import Pupil
    from schoolprivacy.testing.sessions import sign_in_staff

    care, teacher, group, pupil = people(board)
    school_pupils = Pupil.objects.filter(school_id=group.school_id).order_by(
        "surname", "first_name"
    )
    group_pupils = school_pupils.filter(memberships__group=group)
    rows = []
    for label, user, same_rows in (
        ("care coordinator", care, school_pupils),
        ("teacher", teacher, group_pupils),
    ):
        client = sign_in_staff(Client(), user)
        for what, url in (
            ("pupil list page", "/leerlingen/"),
            ("pupil list API", "/api/v1/pupils?limit=50"),
            ("pupil page", f"/leerlingen/{pupil.pk}/"),
        ):
            get = _page(client, url)
            rows.append(Row(f"{label}: {what}", time_runs(repeat, get), _queries(get)))

        def baseline_list(rows_query: Any = same_rows) -> None:
            list(rows_query.select_related("school")[:50])

        rows.append(Row(f"{label}: baseline list query", time_runs(repeat, baseline_list), 1))

    def baseline_dossier() -> None:
        Pupil.objects.select_related("school").get(pk=pupil.pk)
        list(Record.objects.filter(pupil_id=pupil.pk).order_by("-recorded_at"))

    rows.append(Row("baseline pupil + records query", time_runs(repeat, baseline_dossier), 2))
    return rows


@dataclass
class Ratio:
    who: str
    pupils: int
    filtered: Row
    query_only: Row
    unfiltered: Row
    reused: Row
    policy_queries: int
    unfiltered_queries: int

    @property
    def ratio(self) -> float:
        return self.filtered.median / self.unfiltered.median

    @property
    def reused_ratio(self) -> float:
        return self.filtered.median / self.reused.median

    @property
    def query_ratio(self) -> float:
        return self.query_only.median / self.unfiltered.median


def need_to_know(board: Any, repeat: int) -> list[Ratio]:
    """Everything the policy adds to answering "my pupils", next to a plain query of the same rows.

    With the policy: `visible_pupils` as a request asks it first, in a fresh request memo, for the
    user as sign-in leaves it (read before timing: session, user and second-factor reads are
    paid with or without a policy). It counts every read the policy makes (the user's board,
    assignments, grants and emergency accesses) and its filtered query, all rows loaded with
    their school. Without: the plainest query of the same rows (`plain_rows`), built in the
    call as a view without a policy must build it, and loaded the same way; the goal's ratio is
    against this one. Also shown: that query built once and reused (cloned) on every call, which
    no request can do (the date and the group are the request's), as a stricter figure. The
    sides take turns; they must return the same ids, or the benchmark stops.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from schoolprivacy.access.policy import visible_pupils
    from schoolprivacy.accounts.models import User
    from schoolprivacy.lib.request_memo import request_memo

    care, teacher, _group, _pupil = people(board)
    plain = plain_rows(board)
    order = ("surname", "first_name", "id")
    ratios = []
    for who, signed_in in (("care coordinator", care), ("teacher", teacher)):
        build = plain[who]
        reused_query = build().select_related("school").order_by(*order)
        # A new user object per request, as the authentication middleware gives each request.
        users = iter([User.objects.get(pk=signed_in.pk) for _ in range(repeat + 2)])

        def filtered(users: Any = users) -> list[Any]:
            with request_memo():
                return list(visible_pupils(next(users)).order_by(*order))

        query_times: list[float] = []

        def query_only(user: Any = signed_in, times: list[float] = query_times) -> list[Any]:
            # As later in a request: the user's facts already read.
            with request_memo():
                visible_pupils(user)
                pupils = visible_pupils(user).order_by(*order)
                started = time.perf_counter()
                rows = list(pupils)
                times.append((time.perf_counter() - started) * 1000)
            return rows

        def unfiltered(build: Callable[[], Any] = build) -> list[Any]:
            return list(build().select_related("school").order_by(*order))

        def reused(query: Any = reused_query) -> list[Any]:
            return list(query.all())

        with CaptureQueriesContext(connection) as policy_reads:
            ids = [p.pk for p in filtered()]
        with CaptureQueriesContext(connection) as plain_reads:
            same = [p.pk for p in unfiltered()]
        if ids != same or [p.pk for p in reused()] != same:
            raise SystemExit(f"The {who}'s plain query returns other pupils; benchmark broken.")
        sides = {"filtered": filtered, "unfiltered": unfiltered, "reused": reused}
        times = interleaved(repeat, sides)
        time_runs(repeat, query_only)
        ratios.append(
            Ratio(
                who,
                len(ids),
                Row("with the policy", times["filtered"]),
                Row("policy query alone", query_times[1:]),
                Row("unfiltered, same rows", times["unfiltered"]),
                Row("unfiltered, built once and reused", times["reused"]),
                len(policy_reads),
                len(plain_reads),
            )
        )
    return ratios


def _print_ratios(ratios: list[Ratio]) -> None:
    print(
        "\nneed-to-know filtering vs an unfiltered query of the same rows (goal: ratio <= 1.25)\n"
    )
    header = (
        f"{'whose pupils':<16}  {'rows':>5}  {'unfiltered ms':>13}  {'policy ms':>9}  "
        f"{'ratio':>5}  {'queries':>7}  {'reused ms':>9}  {'ratio':>5}  "
        f"{'its query alone ms':>18}  {'ratio':>5}"
    )
    print(header)
    print("-" * len(header))
    for r in ratios:
        queries = f"{r.policy_queries} vs {r.unfiltered_queries}"
        print(
            f"{r.who:<16}  {r.pupils:>5}  {r.unfiltered.median:>13.2f}  "
            f"{r.filtered.median:>9.2f}  {r.ratio:>5.2f}  {queries:>7}  "
            f"{r.reused.median:>9.2f}  {r.reused_ratio:>5.2f}  "
            f"{r.query_only.median:>18.2f}  {r.query_ratio:>5.2f}"
        )
    print(
        "(medians, the three sides taking turns. unfiltered: the plain query of the same rows,\n"
        " built in the call as a request must build it. policy: everything the policy adds to\n"
        " answering the request, its reads of the user's board, assignments, grants and\n"
        " emergency access and its filtered query, for a user as sign-in leaves them; session,\n"
        " user and second-factor reads are paid either way and counted on neither side.\n"
        " reused: the plain query built once before timing and cloned on each call, a stricter\n"
        " baseline than any request has. its query alone: the filtered query once those facts\n"
        " were read earlier in the request, against the unfiltered)"
    )


def whole_page(board: Any, repeat: int) -> list[Row]:
    """The teacher's pupil list page, with the policy and with its database work taken out.

    Without: the user's facts are handed over without reading them (`access.user_facts._read`
    returns what it read before) and the list is the plain query of the same rows
    (`pupil_search.visible_pupils` replaced). Everything else on the page is the same: the
    sign-in reads, the navigation, the group filter, the Dutch order, the template. The two
    take turns, after one warm-up each.
    """
    from unittest import mock

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from schoolprivacy.access import pupil_search, user_facts
    from schoolprivacy.testing.sessions import sign_in_staff

    _care, teacher, _group, _pupil = people(board)
    build_plain = plain_rows(board)["teacher"]
    known = user_facts._read(teacher.pk, timezone.localdate(), timezone.now())
    client = sign_in_staff(Client(), teacher)
    get = _page(client, "/leerlingen/")

    def without_policy() -> Any:
        with (
            mock.patch.object(user_facts, "_read", lambda *_args: known),
            mock.patch.object(
                pupil_search,
                "visible_pupils",
                lambda *_a, **_k: build_plain().select_related("school"),
            ),
        ):
            return get()

    with_html, without_html = get().content, without_policy().content
    if with_html.count(b"/leerlingen/") != without_html.count(b"/leerlingen/"):
        raise SystemExit("The page without the policy lists other pupils; benchmark broken.")
    counts = []
    for action in (get, without_policy):
        with CaptureQueriesContext(connection) as captured:
            action()
        counts.append(len(captured))
    times = interleaved(repeat, {"with": get, "without": without_policy})
    return [
        Row("teacher: pupil list page, with the policy", times["with"], counts[0]),
        Row("teacher: same page, policy's reads taken out", times["without"], counts[1]),
    ]


def _print(rows: list[Row], engine: str, pupils: int, repeat: int) -> None:
    print(f"\npupil pages on {engine}, {pupils:,} pupils, {repeat} requests each\n")
    width = max(len(r.what) for r in rows)
    print(f"{'what':<{width}}  {'median ms':>9}  {'p95 ms':>8}  {'queries':>7}")
    print(f"{'-' * width}  {'-' * 9}  {'-' * 8}  {'-' * 7}")
    for r in rows:
        queries = "" if r.queries is None else str(r.queries)
        print(f"{r.what:<{width}}  {r.median:>9.1f}  {r.p95:>8.1f}  {queries:>7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=10_000)
    parser.add_argument("--schools", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=30, help="Timed requests per row.")
    parser.add_argument("--random-seed", type=int, default=1)
    parser.add_argument("--database-url", help="Default: a temporary SQLite file.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sp-pages-bench-") as tmp:
        # Settings are read from the environment once, at import: set it up before Django loads.
        os.environ["SCHOOLPRIVACY_MODE"] = "demo"
        os.environ["SCHOOLPRIVACY_VAR_DIR"] = tmp
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schoolprivacy.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from schoolprivacy.schools.models import Board

        call_command("migrate", interactive=False, verbosity=0)
        print(f"seeding {args.pupils:,} pupils on {connection.vendor}…", file=sys.stderr)
        call_command(
            "seed",
            pupils=args.pupils,
            schools=args.schools,
            random_seed=args.random_seed,
            stdout=StringIO(),
            stderr=StringIO(),
        )
        if connection.vendor == "postgresql":
            # A running server's autovacuum would have analysed the new rows by now; without
            # statistics the planner takes 10,000 pupils for a handful and picks nested loops.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        board = Board.objects.order_by("-id").first()
        rows = measure(board, args.repeat)
        _print(rows, connection.vendor, args.pupils, args.repeat)
        _print_ratios(need_to_know(board, args.repeat))
        page = whole_page(board, args.repeat)
        _print(page, connection.vendor, args.pupils, args.repeat)
        print(f"ratio {page[0].median / page[1].median:.2f}")
        print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")


if __name__ == "__main__":
    main()
