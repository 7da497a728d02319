"""The publication channels every board starts with: one per default photo purpose.

Where copies are placed by hand outside Schoolprivacy (social media posts, the printed school
guide, the local paper, the photographer's prints) a late withdrawal cannot be undone by
re-rendering, so those channels refuse a photo with a face that may not be shown (BLOCK). Where
Schoolprivacy serves the rendition itself (website, newsletter, parent app) it can blur and
re-render at any time (BLUR).
"""

from dataclasses import dataclass

from schoolprivacy.photos.models import ChannelMode


@dataclass(frozen=True)
class ChannelSpec:
    key: str
    name: str
    name_en: str
    purpose_key: str
    mode: str
    manual_copies: bool


DEFAULT_CHANNELS: tuple[ChannelSpec, ...] = (
    ChannelSpec("website", "Website", "Website", "website", ChannelMode.BLUR, False),
    ChannelSpec("newsletter", "Nieuwsbrief", "Newsletter", "newsletter", ChannelMode.BLUR, False),
    ChannelSpec("parent_app", "Ouderapp", "Parent app", "parent_app", ChannelMode.BLUR, False),
    ChannelSpec(
        "social_media", "Sociale media", "Social media", "social_media", ChannelMode.BLOCK, True
    ),
    ChannelSpec(
        "school_guide", "Schoolgids", "School guide", "school_guide", ChannelMode.BLOCK, True
    ),
    ChannelSpec(
        "local_newspaper",
        "Lokale krant",
        "Local newspaper",
        "local_newspaper",
        ChannelMode.BLOCK,
        True,
    ),
)
