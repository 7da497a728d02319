"""A console email backend that prints what a person reads, not the MIME wire format.

Django's console backend prints quoted-printable text, which breaks long sign-in links over lines
ending in "=" — unusable in the demo, where the parent's link is read from the console.
"""

from typing import Any

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend


class EmailBackend(DjangoConsoleBackend):
    def write_message(self, message: Any) -> None:
        rule = "-" * 79
        self.stream.write(
            f"{rule}\nEmail to: {', '.join(message.to)}\nSubject: {message.subject}\n\n"
            f"{message.body.rstrip()}\n{rule}\n"
        )
