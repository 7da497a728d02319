from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone

from schoolprivacy.people.accounts import accounts_sync
from schoolprivacy.people.invitations import invitation_preview, invitations_send
from schoolprivacy.schools.models import Group, School


class Command(BaseCommand):
    help = (
        "Invite the parents with parental authority (and pupils aged 16+) of a school or one of "
        "its groups to the portal by email. Brings the accounts in step with the pupil "
        "administration first. Parents without an address, without authority or under an "
        "information restriction are listed, not invited; whoever already has an open "
        "invitation of the school gets no second one. --dry-run only lists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="The school's BRIN number.")
        parser.add_argument("--group", default="", help="Only this group (its name, e.g. 5a).")
        parser.add_argument("--dry-run", action="store_true", help="List; send nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        school = School.objects.filter(brin=options["school"].strip().upper()).first()
        if school is None:
            raise CommandError(f"No school with BRIN {options['school']}.")
        group = None
        if options["group"]:
            today = timezone.localdate()
            group = (
                Group.objects.filter(school=school, name__iexact=options["group"].strip())
                .filter(Q(school_year__starts_on__lte=today, school_year__ends_on__gte=today))
                .first()
            )
            if group is None:
                raise CommandError(f"No current group {options['group']} at this school.")
        if not options["dry_run"]:
            accounts_sync(board_id=school.board_id, actor_id=None, channel="command")
        preview = invitation_preview(school=school, group=group)
        for invitee in preview.invite:
            self.stdout.write(f"invite  {invitee.user.email}  ({', '.join(invitee.names)})")
        for left in preview.cannot:
            self.stdout.write(f"cannot  {left.name} ({left.child}): {left.reason_label}")
        if options["dry_run"]:
            self.stdout.write(
                f"Dry run: {len(preview.invite)} would be invited, {len(preview.cannot)} cannot."
            )
            return
        result = invitations_send(school=school, group=group, actor=None, channel="command")
        self.stdout.write(
            f"Sent {result.sent} invitations; {result.already} already had an open one; "
            f"{len(preview.cannot)} cannot be invited."
        )
