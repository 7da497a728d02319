"""The purposes every board starts with (domain.md, Consent: per purpose and channel, not bundled).

Texts are the first published version; a board edits them by publishing a new version, which
needs fresh consent. `activity` is the key of the default register activity (register/defaults).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PurposeSpec:
    key: str
    name: str
    name_en: str
    channel_kind: str
    activity: str
    text_nl: str
    text_en: str


def _photo(where_nl: str, where_en: str) -> tuple[str, str]:
    return (
        f"Wij mogen foto's en video's waarop uw kind te zien is publiceren {where_nl}.",
        f"We may publish photos and videos in which your child can be seen {where_en}.",
    )


_SPECS: tuple[tuple[str, str, str, str, str, tuple[str, str]], ...] = (
    (
        "website",
        "Website",
        "Website",
        "public",
        "photos",
        _photo("op de website van de school", "on the school's website"),
    ),
    (
        "school_guide",
        "Schoolgids",
        "School guide",
        "public",
        "photos",
        _photo("in de schoolgids", "in the school guide"),
    ),
    (
        "social_media",
        "Sociale media",
        "Social media",
        "public",
        "photos",
        _photo(
            "op de sociale-media-accounts van de school", "on the school's social media accounts"
        ),
    ),
    (
        "newsletter",
        "Nieuwsbrief",
        "Newsletter",
        "closed_group",
        "photos",
        _photo("in de nieuwsbrief aan ouders", "in the newsletter to parents"),
    ),
    (
        "parent_app",
        "Ouderapp",
        "Parent app",
        "closed_group",
        "photos",
        _photo("in de besloten ouderapp", "in the closed parent app"),
    ),
    (
        "local_newspaper",
        "Lokale krant",
        "Local newspaper",
        "public",
        "photos",
        _photo("in de lokale krant", "in the local newspaper"),
    ),
    (
        "class_photo",
        "Klassenfoto en schoolfotograaf",
        "Class photo and school photographer",
        "closed_group",
        "photos",
        (
            "De schoolfotograaf mag uw kind fotograferen; wij geven daarvoor naam, groep en "
            "adres aan de fotograaf.",
            "The school photographer may photograph your child; for this we give the "
            "photographer the name, group and address.",
        ),
    ),
    (
        "parent_contact_list",
        "Contactlijst voor ouders",
        "Contact list for parents",
        "closed_group",
        "parent_communication",
        (
            "Uw naam en telefoonnummer staan op de contactlijst voor de ouders van de groep.",
            "Your name and phone number are on the contact list for the parents of the group.",
        ),
    ),
    (
        "research",
        "Onderzoek",
        "Research",
        "internal",
        "",
        # Specific enough to be valid consent (AVG art. 4(11), 7): who receives what, for what,
        # for how long, and how to withdraw (issue 19).
        (
            "Wie: de school geeft gegevens van uw kind aan onderzoekers van een universiteit of "
            "hogeschool waarmee het schoolbestuur een schriftelijke afspraak heeft gemaakt; de "
            "school noemt het onderzoek en de onderzoekers in de uitnodiging. Welke gegevens: "
            "leeftijd, groep, toetsresultaten en verzuim, zonder naam, adres of "
            "burgerservicenummer (onder een code). Waarvoor: alleen voor wetenschappelijk "
            "onderzoek naar leren en lesgeven, nooit om uw kind te beoordelen. Hoe lang: de "
            "onderzoekers vernietigen de gegevens uiterlijk twee jaar na het einde van het "
            "onderzoek. Intrekken: u kunt deze toestemming altijd intrekken in het ouderportaal of "
            "bij de administratie van de school; daarna geeft de school geen gegevens meer door.",
            "Who: the school gives your child's data to researchers of a university or university "
            "of applied sciences with whom the school board has a written agreement; the school "
            "names the study and the researchers in its invitation. What data: age, group, test "
            "results and absence, without name, address or citizen service number (under a "
            "code). What for: only scientific research into learning and teaching, never to "
            "assess your child. How long: the researchers destroy the data at the latest two "
            "years after the study ends. Withdrawing: you can withdraw this consent at any time "
            "in the parent portal or at the school's administration; after that the school passes "
            "on no more data.",
        ),
    ),
    (
        "farewell_first_name",
        "Voornaam bij afscheidsfoto",
        "First name on farewell photo",
        "closed_group",
        "photos",
        (
            "Bij de afscheidsfoto mag de voornaam van uw kind staan.",
            "Your child's first name may be shown with the farewell photo.",
        ),
    ),
)

DEFAULT_PURPOSES: tuple[PurposeSpec, ...] = tuple(
    PurposeSpec(key, nl, en, kind, activity, texts[0], texts[1])
    for key, nl, en, kind, activity, texts in _SPECS
)


# Other apps add purposes every board gets too (the disclosures app: one consent purpose per
# recipient that needs consent), from their AppConfig.ready(), so that consents imports none of
# them. `purposes_install_defaults` installs these after DEFAULT_PURPOSES, in registration order.
_REGISTERED: dict[str, PurposeSpec] = {}


def register_default_purposes(specs: "tuple[PurposeSpec, ...] | list[PurposeSpec]") -> None:
    """Add purposes to the defaults of every board. Idempotent per key; a key may not clash."""
    builtin = {spec.key for spec in DEFAULT_PURPOSES}
    for spec in specs:
        if spec.key in builtin or _REGISTERED.get(spec.key, spec) != spec:
            raise ValueError(f"default purpose {spec.key!r} is already defined differently")
        _REGISTERED[spec.key] = spec


def default_purposes() -> tuple[PurposeSpec, ...]:
    """Every purpose a board starts with: the ledger's own, then those other apps registered."""
    return DEFAULT_PURPOSES + tuple(_REGISTERED.values())
