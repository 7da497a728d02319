"""Parent sign-in by an emailed single-use link."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from schoolprivacy.accounts import throttle
from schoolprivacy.accounts.boards import board_id_of
from schoolprivacy.accounts.forms import ParentLoginForm
from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.parent_links import (
    LinkState,
    link_state,
    parent_link_consume,
    parent_user_id_for,
)
from schoolprivacy.accounts.signin import pop_next, remember_next, throttled_response
from schoolprivacy.accounts.sudo import grant_sudo
from schoolprivacy.accounts.tasks import send_parent_sign_in_link
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@never_cache
@require_http_methods(["GET", "POST"])
def parent_login(request: HttpRequest) -> HttpResponse:
    form = ParentLoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    context = {"form": form, "next": next_url}
    if request.method != "POST" or not form.is_valid():
        return render(request, "accounts/parent_login.html", context)

    email = form.cleaned_data["email"]
    counters = throttle.link_counters(request, email)
    blocked = throttle.blocked(counters)
    if blocked is not None:
        # Known and unknown addresses are counted alike, so this reveals nothing either.
        return throttled_response(
            request,
            template="accounts/parent_login.html",
            context=context,
            blocked=blocked,
            step="parent_link",
            user=None,
        )
    throttle.record(counters)
    remember_next(request, next_url)
    # Enqueued for every address, known or not: the answer and its timing are the same.
    send_parent_sign_in_link.enqueue(
        user_id=parent_user_id_for(email), language=get_language() or "nl"
    )
    return render(request, "accounts/parent_link_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def parent_link(request: HttpRequest, token: str) -> HttpResponse:
    # GET only asks for a click: mail scanners fetch links, and must not use them up.
    if request.method == "GET":
        state = link_state(token)
        if state is not LinkState.VALID:
            return _invalid(request, state)
        return render(request, "accounts/parent_link_confirm.html")

    user = parent_link_consume(token=token)
    if user is None:
        return _invalid(request, link_state(token))
    login(request, user, backend=MODEL_BACKEND)
    # A fresh emailed-link sign-in is this parent's step-up authentication.
    grant_sudo(request)
    home = "portal:home" if user.is_parent else "consents:pupil_home"
    return redirect(pop_next(request, reverse(home)))


def _invalid(request: HttpRequest, state: LinkState) -> HttpResponse:
    return render(request, "accounts/parent_link_invalid.html", {"state": state.value}, status=410)


class EmailLanguageForm(forms.Form):
    email_language = forms.ChoiceField(
        label=_("Language of the emails you get from the school's portal"),
        choices=settings.LANGUAGES,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def email_language(request: HttpRequest) -> HttpResponse:
    """A parent or pupil chooses the language of their emails (invitations, sign-in links)."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url="accounts:parent_login")
    if not isinstance(user, User) or user.kind not in (User.Kind.PARENT, User.Kind.PUPIL):
        raise Http404
    initial = {"email_language": user.email_language or get_language() or "nl"}
    form = EmailLanguageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        user.email_language = form.cleaned_data["email_language"]
        user.save(update_fields=["email_language"])
        audit_record(
            action="accounts.email_language.changed",
            board_id=board_id_of(user),
            actor_id=user.pk,
            subjects=[Subject(subject_types.USER, user.pk)],
            fields=["email_language"],
        )
        messages.success(request, _("Saved: your emails come in the language you chose."))
        return redirect("accounts:email_language")
    return render(request, "accounts/email_language.html", {"form": form})
