from typing import Any

from django import template

from schoolprivacy.signon.services import enabled_providers

register = template.Library()


@register.inclusion_tag("signon/_buttons.html")
def signon_buttons(next_url: str = "") -> dict[str, Any]:
    """A sign-in button per board whose single sign-on is set up (usually one, or none)."""
    return {"providers": enabled_providers(), "next": next_url}
