"""A parent's consent page of a child of 16 or older says that the child now decides (issue 19);
a younger child's page asks the parent."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

DECIDES = "is 16 or older and now decides about consent"


def _born_years_ago(years: int) -> date:
    """Someone who turned `years` about a month ago."""
    return timezone.localdate() - timedelta(days=round(365.25 * years) + 30)


def test_the_page_of_a_sixteen_year_old_says_she_decides(consent, parent_client, settings):
    settings.LANGUAGE_CODE = "en"  # this test reads the English text
    pupil = consent.world.pupil_a
    pupil.date_of_birth = _born_years_ago(16)
    pupil.save()

    page = parent_client(consent.world.parent).get(reverse("consents:portal_list", args=[pupil.pk]))

    assert page.context["decides_alone"] is True
    assert f"{pupil.first_name} {DECIDES}" in page.text


def test_a_younger_child_s_page_asks_the_parent(consent, parent_client, settings):
    settings.LANGUAGE_CODE = "en"
    pupil = consent.world.pupil_a
    pupil.date_of_birth = _born_years_ago(10)
    pupil.save()

    page = parent_client(consent.world.parent).get(reverse("consents:portal_list", args=[pupil.pk]))

    assert page.context["decides_alone"] is False
    assert DECIDES not in page.text


def test_the_history_names_the_text_by_its_date_not_a_version_number(
    consent, parent_client, settings
):
    settings.LANGUAGE_CODE = "en"
    from schoolprivacy.consents.tests.conftest import by_portal

    pupil = consent.world.pupil_a
    by_portal(consent.mother, pupil, consent.website, "granted")
    url = reverse("consents:portal_detail", args=[pupil.pk, consent.website.pk])

    page = parent_client(consent.world.parent).get(url).text

    assert "About the text of" in page
    assert "Text version" not in page
