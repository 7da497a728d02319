"""The app serves its own stylesheet and icon: no CDN, no separate web server."""

from django.templatetags.static import static


def test_it_serves_the_stylesheet(db, client):
    response = client.get(static("schoolprivacy/app.css"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")


def test_it_serves_the_icon(db, client):
    assert client.get(static("schoolprivacy/favicon.svg")).status_code == 200
