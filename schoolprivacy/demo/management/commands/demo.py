import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from schoolprivacy.demo.personas import (
    DemoConflict,
    create_demo_board,
    demo_board,
    persona_table,
)
from schoolprivacy.demo.serving import DEFAULT_ADDR, parse_addr
from schoolprivacy.lib.demo_marker import write_marker


class Command(BaseCommand):
    help = (
        "Run the demo: migrate the database, seed a fictitious board with two schools, about 200 "
        "pupils and fixed personas (only once: a second run finds the demo board by its number "
        "and adds nothing), print how to sign in as each persona, then serve. Demo-only data "
        "with a published password, so it refuses to run in production mode."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--addr", default=DEFAULT_ADDR, help=f"HOST:PORT to serve on (default {DEFAULT_ADDR})."
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="Seed and print the personas, then stop."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.MODE == "production":
            raise CommandError(
                "The demo creates accounts with a published password, so it does not run in "
                "production mode. Run it as `schoolprivacy demo` (demo mode) on its own database."
            )
        addr = options["addr"]
        parse_addr(addr)  # refuse a bad address before seeding, not after
        self.stdout.write("Preparing the database (migrate)…")
        call_command("migrate", interactive=False, verbosity=0)
        if settings.MODE == "demo":
            # Later commands from this folder find the demo's settings by themselves.
            write_marker(settings.VAR_DIR, os.environ.get("DATABASE_URL", ""))
        board = demo_board()
        if board is None:
            self.stdout.write("Seeding the fictitious demo board…")
            try:
                board = create_demo_board(today=timezone.localdate())
            except DemoConflict as exc:
                raise CommandError(f"{exc} Use an empty database for the demo.") from None
        else:
            self.stdout.write("The demo board is already there; nothing added.")
        self.stdout.write("")
        self.stdout.write(persona_table(board, addr))
        self.stdout.write("")
        if not options["no_serve"]:
            call_command("serve", addr=addr)
