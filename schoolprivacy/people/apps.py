from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "schoolprivacy.people"
    label = "people"
    verbose_name = _("Pupils and parents")

    def ready(self) -> None:
        # A saved or deleted parent link can change who holds consent (people/changes.py).
        from django.db.models.signals import post_delete, post_save, pre_save

        # Registers the Dutch name order on every new SQLite connection (paginated lists).
        import schoolprivacy.lib.db_collation  # noqa: F401
        from schoolprivacy.people import changes
        from schoolprivacy.people.models import GuardianRelation, Pupil

        pre_save.connect(changes.relation_before_save, sender=GuardianRelation, weak=False)
        post_save.connect(changes.relation_saved, sender=GuardianRelation, weak=False)
        pre_save.connect(changes.pupil_before_save, sender=Pupil, weak=False)
        post_save.connect(changes.pupil_saved, sender=Pupil, weak=False)
        post_delete.connect(changes.relation_deleted, sender=GuardianRelation, weak=False)
