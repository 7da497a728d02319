"""Dutch by default; the language buttons in the header switch the whole page to English."""

from django.urls import reverse


def test_it_is_dutch_by_default(world, staff_client):
    html = staff_client(world.teacher).get(reverse("web:group", args=[world.group_a.id]))

    text = html.content.decode()
    assert '<html lang="nl">' in text
    # Date formats come from Django's own locale, so this holds before our .po files exist: the
    # date of birth in the table, in the short Dutch format (web/templatetags/dates.py).
    assert "14-3-2017" in text


def test_it_switches_to_english(world, staff_client):
    client = staff_client(world.teacher)
    group_url = reverse("web:group", args=[world.group_a.id])

    response = client.post(reverse("set_language"), {"language": "en", "next": group_url})

    assert response.status_code == 302
    assert response["Location"] == group_url
    text = client.get(group_url).content.decode()
    assert '<html lang="en">' in text
    assert "03/14/2017" in text
    assert "Skip to main content" in text
    assert 'value="en" lang="en" class="header-button" aria-current="true"' in text


def test_anonymous_visitors_can_switch_too(db, client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert client.cookies["django_language"].value == "en"
