"""Who needs a pupil's parents and guardians for their work: the rules as data (issue 19).

`access.policy` merges these into its routine reads. Already there: the administration reads
every guardian category (enrolment, contact, legal reporting) and the care coordinator the
parents' names, contact details and authority (special guidance is done with the parents);
emergency access opens every guardian category of the one pupil (an allergic reaction on a trip:
the phone number). Added here:

- A teacher contacts the parents of their own group's pupils (the privacy statement names
  teachers under "contact with parents"): names and contact details, not who holds parental
  authority or why information is restricted. That a parent must not be given information is
  shown with the contact details all the same (guardian_contacts.py), never the reason.

The location director runs the school and reads no parents' data routinely: what they need goes
through the administration, or through a grant.
"""

from schoolprivacy.access.models import Role

GUARDIAN_READS: dict[Role, frozenset[str]] = {
    Role.TEACHER: frozenset({"guardian.identity", "guardian.contact"}),
}
