"""The admin's section titles are the apps' verbose names: each one goes through gettext, so a
Dutch screen shows no "ACCESS" or "PEOPLE" (issue 19)."""

from django.apps import apps
from django.utils.functional import Promise


def test_every_app_of_the_product_has_a_translatable_name():
    ours = [c for c in apps.get_app_configs() if c.name.startswith("schoolprivacy.")]
    assert len(ours) > 10
    untranslated = [c.name for c in ours if not isinstance(c.verbose_name, Promise)]
    assert not untranslated, f"verbose_name not through gettext_lazy: {untranslated}"
