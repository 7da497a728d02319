"""The research purpose's default text is specific enough to be valid consent (AVG art. 4(11)
and 7; issue 19): it says who receives the data, which data, what for, how long, and how to
withdraw, in both languages."""

import pytest

from schoolprivacy.consents.defaults import DEFAULT_PURPOSES

# Each element of valid consent, as words the text must hold (Dutch, English).
ELEMENTS = {
    "who": (["onderzoekers", "schriftelijke afspraak"], ["researchers", "written agreement"]),
    "what data": (["toetsresultaten", "zonder naam"], ["test results", "without name"]),
    "what for": (["wetenschappelijk onderzoek"], ["scientific research"]),
    "how long": (["twee jaar"], ["two years"]),
    "withdrawing": (["intrekken", "ouderportaal"], ["withdraw", "parent portal"]),
}


@pytest.mark.parametrize("element", ELEMENTS)
def test_the_research_text_names_each_element_of_consent(element):
    (research,) = [spec for spec in DEFAULT_PURPOSES if spec.key == "research"]
    dutch, english = ELEMENTS[element]
    for words, text in ((dutch, research.text_nl), (english, research.text_en)):
        missing = [word for word in words if word not in text]
        assert not missing, f"{element}: {missing} not in {text!r}"
