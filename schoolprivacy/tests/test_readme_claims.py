"""The README's description of the product promises only what the running system does (issue 17
item 6): each promise in "What it does today" is tied to a capability an installed app provides
(schoolprivacy/capabilities.py), and features of apps that do not provide their capability yet
may not be described as done.
"""

from pathlib import Path

import pytest

from schoolprivacy import capabilities

README = Path(__file__).resolve().parents[2] / "README.md"

# Words of the "What it does today" list -> the capabilities that make them true.
PROMISES: dict[str, tuple[str, ...]] = {
    "public privacy\n  statement generated from it": ("register.live_statement",),
    "need-to-know access": ("access.need_to_know",),
    "are encrypted": ("dossier.encryption",),
    "every read of\n  special data is logged": ("access.special_read_log",),
    "tamper-evident audit log": ("audit.tamper_evident_log",),
    "parents can consult for their child": ("portal.special_reads_for_parents",),
    "consent per purpose and channel": ("consents.online",),
    "photos are published only through a consent gate": ("photos.consent_gate",),
}
# Features whose mention in "What it does today" needs the capability of the app building them.
FEATURES: dict[str, tuple[str, ...]] = {
    "online requests": ("requests.online",),
    "legal deadlines": ("requests.deadlines",),
    "suppliers": ("suppliers.agreements",),
    "disclosures": ("disclosures.log",),
    "retention for data other than photos": ("retention.purge",),
    "breach register": ("breaches.register",),
    "privacy regulation": ("policies.regulation",),
}


def _does_today() -> str:
    text = README.read_text()
    start = text.index("What it does today:")
    end = text.index("\n\n", text.index("\n- ", start) + 1)
    # The list runs until the first paragraph that is not a list item.
    while text[end + 2 : end + 4] == "- ":
        end = text.index("\n\n", end + 2)
    return text[start:end]


def test_the_readme_has_a_list_of_what_the_product_does():
    assert "need-to-know access" in _does_today()


@pytest.mark.parametrize("words", sorted(PROMISES))
def test_each_promise_in_the_readme_is_made_true_by_a_capability(words):
    listed = _does_today()
    if words not in listed:
        pytest.skip("no longer in the README")
    provided = capabilities.provided()
    for key in PROMISES[words]:
        assert key in provided, f"README promises {words!r}, but nothing provides {key}"


@pytest.mark.parametrize("words", sorted(FEATURES))
def test_the_readme_does_not_describe_unbuilt_features_as_done(words):
    provided = capabilities.provided()
    if words.lower() in _does_today().lower():
        missing = [key for key in FEATURES[words] if key not in provided]
        assert not missing, f"README says {words!r} works today; nothing provides {missing}"
