"""Texts of Django and other libraries that show on our pages but have no Dutch of their own.

Listed here so that `makemessages` puts them in our catalogue, whose translations come first
(LOCALE_PATHS). Found by `web/tests/test_translations.py::test_every_page_of_every_demo_persona
_is_dutch`; add a text here when that test names one from a library.
"""

from django.utils.translation import gettext_noop

LIBRARY_TEXTS = (
    # django.db.models.fields.BLANK_CHOICE_LABEL (Django 6.1): the empty choice of a select.
    gettext_noop("- Select an option -"),
)
