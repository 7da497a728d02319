"""Dutch sorting of names: tussenvoegsels ignored, accents with their base letter (issue 19)."""

from schoolprivacy.lib.collation import dutch_name_key, dutch_text_key, strip_prefix


def test_celik_sorts_before_de_wit():
    people = [("Wit", "Ayla", "de"), ("Çelik", "Emre", ""), ("Bakker", "Daan", "")]

    ordered = sorted(people, key=lambda p: dutch_name_key(p[0], p[1]))

    assert [p[0] for p in ordered] == ["Bakker", "Çelik", "Wit"]


def test_a_prefix_inside_the_surname_field_is_ignored_too():
    surnames = ["de Wit", "Çelik", "van der Berg", "Visser", "'t Hart", "Aydın"]  # noqa: RUF001 (a Turkish name)

    ordered = sorted(surnames, key=lambda s: dutch_name_key(s))

    assert ordered == ["Aydın", "van der Berg", "Çelik", "'t Hart", "Visser", "de Wit"]  # noqa: RUF001


def test_only_a_whole_prefix_word_is_removed():
    assert strip_prefix("Devries") == "devries"
    assert strip_prefix("Van") == "van"  # a surname that is only a prefix stays
    assert strip_prefix("van den Heuvel") == "heuvel"


def test_first_names_break_ties_accent_blind():
    assert dutch_name_key("Jansen", "Émile") < dutch_name_key("Jansen", "Fleur")
    assert dutch_text_key("Groep 5a") == dutch_text_key("groep 5A")
