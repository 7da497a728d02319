"""What a withdrawal means for photos, said honestly on the consent pages (issue 10, point 6)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from schoolprivacy.consents.models import Purpose
from schoolprivacy.photos.models import Channel


def withdrawal_consequences(purpose: Purpose) -> list[str]:
    channels = Channel.objects.filter(
        board_id=purpose.board_id, purpose_key=purpose.key, is_active=True
    )
    if not channels.exists():
        return []
    sentences = [
        _(
            "Photos that the school published through Schoolprivacy for this purpose are "
            "published again within minutes with your child's face blurred, or taken offline."
        )
    ]
    if channels.filter(Q(manual_copies=True)).exists():
        sentences.append(
            _(
                "Copies the school placed elsewhere by hand (for example a social media post) "
                "are removed by the school: the location director is told which ones."
            )
        )
    sentences.append(_("Copies that were already printed or handed out cannot be taken back."))
    return sentences
