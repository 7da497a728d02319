import random
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from schoolprivacy.demo.builders import build_board
from schoolprivacy.demo.personas import DEMO_BOARD_NUMBER
from schoolprivacy.demo.specs import GROUP_SIZE, generated_specs
from schoolprivacy.schools.models import Board

# Generated boards get the first free board number from here on, away from the demo's 99999.
FIRST_SEED_BOARD_NUMBER = 50000


class Command(BaseCommand):
    help = (
        "Create a large fictitious board for benchmarks: --schools schools (every third one "
        f"secondary) sharing --pupils pupils in groups of about {GROUP_SIZE}, with this and last "
        "school year's memberships (some pupils left last year), households of guardians (joint "
        "and sole authority, restrictions, voogd, foster parents) and staff with assignments. "
        "Written with bulk inserts in one transaction; progress goes to stderr. The same "
        "--random-seed on the same day gives the same board. Refuses to run in production mode: "
        "fictitious schools would take BRIN codes that real schools need."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pupils", type=int, default=10_000, help="Pupils (default 10000).")
        parser.add_argument(
            "--schools", type=int, help="Schools (default: one per 400 pupils, at least one)."
        )
        parser.add_argument(
            "--board-number",
            help=f"Five-digit board number (default: the first free one from "
            f"{FIRST_SEED_BOARD_NUMBER}).",
        )
        parser.add_argument(
            "--random-seed", type=int, help="Seed for the names and dates (default: random)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.MODE == "production":
            raise CommandError(
                "seed writes fictitious schools, which would take BRIN codes real schools need. "
                "Run it with SCHOOLPRIVACY_MODE=demo (or test) on a database of its own."
            )
        pupils = options["pupils"]
        schools = options["schools"] or max(1, pupils // 400)
        if schools < 1 or pupils < schools:
            raise CommandError("Give at least one school and at least one pupil per school.")
        number = options["board_number"] or _free_board_number()
        if not (len(number) == 5 and number.isdigit()):
            raise CommandError(f"--board-number must be five digits, not {number!r}.")
        if number == DEMO_BOARD_NUMBER:
            raise CommandError(f"Board number {number} is the demo board's; choose another.")
        if Board.objects.filter(board_number=number).exists():
            raise CommandError(f"Board {number} already exists; choose another --board-number.")
        seed = options["random_seed"]
        if seed is None:
            seed = random.SystemRandom().randrange(2**31)
        rng = random.Random(seed)

        reported = -1

        def progress(done: int, total: int) -> None:
            nonlocal reported
            tenth = done * 10 // total
            if tenth > reported:  # at most one line per 10%
                reported = tenth
                self.stderr.write(f"  {tenth * 10:3d}%  {done:,} of {total:,} pupils")

        started = time.perf_counter()
        self.stderr.write(f"Seeding board {number}: {pupils:,} pupils in {schools} schools…")
        with transaction.atomic():
            built = build_board(
                board_number=number,
                board_name=f"Stichting Proefscholen {number} (fictief)",
                specs=generated_specs(pupils, schools, rng),
                rng=rng,
                today=timezone.localdate(),
                command="seed",
                progress=progress,
            )
        seconds = time.perf_counter() - started
        c = built.counts
        self.stdout.write(
            f"Seeded board {number} (random seed {seed}): {c['schools']} schools, "
            f"{c['groups']} groups, {c['pupils']:,} pupils, {c['memberships']:,} memberships, "
            f"{c['guardians']:,} guardians, {c['guardian_relations']:,} guardian relations, "
            f"{c['staff']:,} staff in {seconds:.1f} s ({c['pupils'] / seconds:,.0f} pupils/s)."
        )


def _free_board_number() -> str:
    taken = set(
        Board.objects.filter(board_number__gte=str(FIRST_SEED_BOARD_NUMBER)).values_list(
            "board_number", flat=True
        )
    )
    number = FIRST_SEED_BOARD_NUMBER
    while f"{number:05d}" in taken or f"{number:05d}" == DEMO_BOARD_NUMBER:
        number += 1
    return f"{number:05d}"
