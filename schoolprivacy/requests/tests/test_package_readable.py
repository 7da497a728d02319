"""The package PDF reads back as a parent needs it: the text is really in the PDF (headings, the
child's name, the school, each category with its records, the rights), and page 1 renders to a
page with visible text on it rather than a blank page (pypdfium2, the PDF engine of Chromium)."""

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from django.utils import translation

from schoolprivacy.conftest import World
from schoolprivacy.dossier.services import record_create
from schoolprivacy.requests import package as packages
from schoolprivacy.requests.services import request_submit


def test_the_pdf_holds_what_a_parent_needs_and_page_one_is_not_blank(world: World) -> None:
    record_create(
        actor=world.teacher,
        pupil=world.pupil_a,
        category_key="pupil.observations",
        title="Rekenobservatie groep 5",
        body="Werkt geconcentreerd aan breuken.\nVraagt hulp bij verhaalsommen.",
    )
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind="access")
    built = packages.build(request)
    document = pdfium.PdfDocument(packages.as_pdf(built))
    pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    # pdfium breaks lines with \r\n; a parent reads the words, so compare on words.
    text = " ".join(" ".join(pages).split())
    first = " ".join(pages[0].split())

    with translation.override(built.language):
        from django.utils.translation import gettext as _

        headings = [_("Who read special data"), _("Your rights")]
    assert built.pupil and built.pupil in first  # the title page names the child
    assert str(world.pupil_a.school.name) in first
    for heading in headings:
        assert heading in text
    labels = [section.label for section in built.sections if section.readable]
    assert labels and all(str(label) in text for label in labels)
    assert "Rekenobservatie groep 5" in text
    assert "Werkt geconcentreerd aan breuken. Vraagt hulp bij verhaalsommen." in text

    image = document[0].render(scale=1).to_pil().convert("L")
    width, height = image.size
    assert width > 500 and height > 800  # A4 at 72 dpi: 595 by 842 points
    dark = sum(image.histogram()[:128])
    # Text on a white page: clearly some dark pixels, far from all of them.
    assert width * height // 200 < dark < width * height // 4
