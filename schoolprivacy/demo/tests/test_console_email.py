from io import StringIO

from django.core.mail import EmailMessage

from schoolprivacy.demo.console_email import EmailBackend


def test_a_long_sign_in_link_stays_on_one_line():
    link = "http://127.0.0.1:8000/ouders/inloggen/" + "x" * 60 + "/"
    stream = StringIO()
    message = EmailMessage(
        subject="Uw inloglink",
        body=f"Met deze link logt u in:\n\n{link}\n\nDe link werkt één keer.",
        to=["ouder@voorbeeld.nl"],
    )
    EmailBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert link in printed.splitlines()
    assert "één keer" in printed
    assert "Email to: ouder@voorbeeld.nl" in printed
