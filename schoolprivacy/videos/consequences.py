"""What a withdrawal means for videos, said honestly on the consent pages (issue 20, point 4)."""

from django.utils.translation import gettext as _

from schoolprivacy.consents.models import Purpose
from schoolprivacy.photos.models import Channel


def withdrawal_consequences(purpose: Purpose) -> list[str]:
    channels = Channel.objects.filter(
        board_id=purpose.board_id, purpose_key=purpose.key, is_active=True
    )
    if not channels.exists():
        return []
    return [
        _(
            "Videos that the school published through Schoolprivacy for this purpose are "
            "published again with every face blurred, or taken offline; until the blurred "
            "version is ready the video is not shown."
        )
    ]
