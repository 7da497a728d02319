"""The import preview names the pupils it lists, not only their numbers (issue 19): the
administration checks a list of people, not of numbers. The run's counts keep numbers only."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schoolprivacy.imports.models import ImportRun
from schoolprivacy.imports.tests.helpers import SAMPLES


def test_the_preview_names_new_pupils(world, staff_client):
    client = staff_client(world.administration)
    upload = SimpleUploadedFile("parnassys.csv", (SAMPLES / "parnassys.csv").read_bytes())
    response = client.post(
        reverse("imports:upload", args=[world.school_a.slug]),
        {"file": upload, "format_name": "auto"},
    )
    page = client.get(response["Location"]).text

    assert "Sem de Vries (1001)" in page
    assert "Lotte Jansen (1002)" in page
    assert "200000007" not in page  # the education number is never shown
    assert not ImportRun.objects.exists()  # a preview changes nothing
