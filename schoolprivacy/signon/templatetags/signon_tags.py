from typing import Any

from django import template

from schoolprivacy.signon.services import enabled_providers

register = template.Library()


@register.inclusion_tag("signon/_buttons.html", takes_context=True)
def signon_buttons(context: template.Context, next_url: str = "") -> dict[str, Any]:
    """A sign-in button per board whose single sign-on is set up (usually one, or none)."""
    return {
        "providers": enabled_providers(),
        "next": next_url,
        "csrf_token": context.get("csrf_token"),
    }
