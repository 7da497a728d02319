"""The letter to the people concerned (GDPR art. 34(2)), in Dutch and in English.

It says in clear language what happened, which data is concerned, the likely consequences, the
measures taken, and whom to contact (the board's privacy contact). The school sends it to the
parents of the pupils concerned (and to pupils of 16 and older); the text is the privacy
officer's to check before it goes out.

The letters are two templates with their own wording rather than one translated template: a
letter to parents is read as a whole and worded for its language.
"""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from schoolprivacy.breaches.models import Breach
from schoolprivacy.schools.models import Board
from schoolprivacy.taxonomy import BY_KEY

LANGUAGES = ("nl", "en")


def letter(breach: Breach, language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"No letter in {language!r}.")
    board = Board.objects.get(pk=breach.board_id)
    with translation.override(language):
        categories = [
            str(BY_KEY[k].label)
            for k in breach.categories
            if k in BY_KEY and k.startswith("pupil.")
        ]
        return render_to_string(
            f"breaches/letters/letter_{language}.txt",
            {
                "board": board,
                "breach": breach,
                "aware_on": timezone.localtime(breach.aware_at).date(),
                "categories": categories,
            },
        )
