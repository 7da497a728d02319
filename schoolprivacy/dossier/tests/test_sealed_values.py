"""lib/sealed.py: AES-256-GCM envelopes that name their key and are bound to their column."""

import pytest

from schoolprivacy.lib import sealed

KEYS = {1: b"k" * 32, 2: b"n" * 32}
PURPOSE = "dossier_record.body"


def test_a_sealed_value_opens_again():
    envelope = sealed.seal("Dyslexie vastgesteld", keys=KEYS, purpose=PURPOSE)
    assert sealed.unseal(envelope, keys=KEYS, purpose=PURPOSE) == "Dyslexie vastgesteld"


def test_it_seals_with_the_newest_key_and_names_it():
    envelope = sealed.seal("x", keys=KEYS, purpose=PURPOSE)
    assert envelope.startswith("v1:2:")
    assert sealed.key_id_of(envelope) == 2


def test_the_same_text_seals_differently_every_time():
    assert sealed.seal("x", keys=KEYS, purpose=PURPOSE) != sealed.seal(
        "x", keys=KEYS, purpose=PURPOSE
    )


def test_an_old_key_still_opens_what_it_sealed():
    envelope = sealed.seal("oud", keys=KEYS, purpose=PURPOSE, key_id=1)
    assert sealed.unseal(envelope, keys=KEYS, purpose=PURPOSE) == "oud"


def test_a_missing_key_is_named_in_a_clear_error():
    envelope = sealed.seal("x", keys=KEYS, purpose=PURPOSE, key_id=1)
    with pytest.raises(sealed.UnknownKey, match="data key 1, which is not in DATA_KEYS"):
        sealed.unseal(envelope, keys={2: KEYS[2]}, purpose=PURPOSE)


def test_a_different_key_under_the_same_id_is_refused():
    envelope = sealed.seal("geheim", keys=KEYS, purpose=PURPOSE)
    with pytest.raises(sealed.CannotOpen, match="different key") as refused:
        sealed.unseal(envelope, keys={2: b"z" * 32}, purpose=PURPOSE)
    assert "geheim" not in str(refused.value)


def test_a_changed_ciphertext_is_detected():
    envelope = sealed.seal("geheim", keys=KEYS, purpose=PURPOSE)
    key_id, raw = sealed.parse(envelope)
    flipped = bytes([raw[-1] ^ 1])
    import base64

    tampered = sealed.prefix_for(key_id) + base64.urlsafe_b64encode(raw[:-1] + flipped).decode()
    with pytest.raises(sealed.CannotOpen):
        sealed.unseal(tampered, keys=KEYS, purpose=PURPOSE)


def test_a_changed_key_id_is_detected():
    envelope = sealed.seal("geheim", keys={1: b"k" * 32, 2: b"k" * 32}, purpose=PURPOSE)
    relabelled = envelope.replace("v1:2:", "v1:1:", 1)
    with pytest.raises(sealed.CannotOpen):
        sealed.unseal(relabelled, keys={1: b"k" * 32, 2: b"k" * 32}, purpose=PURPOSE)


def test_a_value_copied_to_another_column_does_not_open():
    envelope = sealed.seal("Dyslexie", keys=KEYS, purpose="dossier_record.body")
    with pytest.raises(sealed.CannotOpen, match="another column"):
        sealed.unseal(envelope, keys=KEYS, purpose="dossier_record.title")


@pytest.mark.parametrize(
    "text", ["", "plain text", "v2:1:abc", "v1:x:abc", "v1:1:!!!", "v1:1:YQ=="]
)
def test_anything_else_is_not_an_envelope(text):
    assert not sealed.is_envelope(text)
    with pytest.raises(sealed.MalformedEnvelope):
        sealed.unseal(text, keys=KEYS, purpose=PURPOSE)


def test_lookup_hashes_are_keyed_and_name_their_key():
    one = sealed.lookup_hash("123456782", keys=KEYS, purpose="p")
    assert one.startswith("2:") and len(one) == 2 + 64
    assert one == sealed.lookup_hash("123456782", keys=KEYS, purpose="p")
    assert one != sealed.lookup_hash("123456782", keys={2: b"z" * 32}, purpose="p")
    assert one != sealed.lookup_hash("123456782", keys=KEYS, purpose="other")
    assert sealed.lookup_hashes("123456782", keys=KEYS, purpose="p")[1] == one
