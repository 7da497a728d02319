"""How a guardian in the file is recognised among the school's: the keys of rules 2 and 3 of
`imports.guardians` (the same email address; the same name and phone number)."""

import re

from schoolprivacy.imports.parsing import GuardianRow
from schoolprivacy.people.models import Guardian


def name_key(first: str, prefix: str, surname: str) -> str:
    return " ".join(f"{first} {prefix} {surname}".lower().split())


def phone_key(phone: str) -> str:
    return re.sub(r"\D", "", phone)[-9:]  # +31 6 ... and 06 ... are one number


def email_match(email: str) -> str:
    return f"email {email}"


def name_phone_match(name: str, phone: str) -> str:
    return f"name and phone {name} {phone_key(phone)}"


def match_keys(first: str, prefix: str, surname: str, email: str, phone: str) -> list[str]:
    keys = [email_match(email.lower())] if email else []
    if phone:
        keys.append(name_phone_match(name_key(first, prefix, surname), phone))
    return keys


def keys_of(person: GuardianRow | Guardian) -> list[str]:
    return match_keys(
        person.first_name, person.surname_prefix, person.surname, person.email, person.phone
    )
