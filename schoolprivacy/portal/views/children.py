"""The parent portal: a parent's children and what the school has on file.

Views only look things up through selectors; which child a parent may see online is decided in
`access.parents.children_for` (parental authority, no information restriction).
"""

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render

from schoolprivacy.access.parents import children_for, get_child_for_parent
from schoolprivacy.access.read_log import special_reads_for_parent
from schoolprivacy.accounts.decorators import ParentRequest, parent_required
from schoolprivacy.people.models import GuardianRelation
from schoolprivacy.people.selectors import relations_for_parent
from schoolprivacy.photos.selectors import photos_of_pupil
from schoolprivacy.portal.selectors import current_group_of, guardian_of, relation_to


@dataclass(frozen=True)
class ChildEntry:
    relation: GuardianRelation
    # False for a parent without authority or under an information restriction: they get
    # information on request from the school (BW 1:377c), not online.
    online: bool


@parent_required
def home(request: ParentRequest) -> HttpResponse:
    visible = set(children_for(request.user).values_list("id", flat=True))
    relations = relations_for_parent(request.user).select_related("board")
    entries = [ChildEntry(relation=r, online=r.pupil_id in visible) for r in relations]
    return render(request, "portal/home.html", {"entries": entries})


@parent_required
def child(request: ParentRequest, pupil_id: int) -> HttpResponse:
    pupil = get_child_for_parent(request.user, pupil_id)
    return render(
        request,
        "portal/child.html",
        {
            "pupil": pupil,
            "group": current_group_of(pupil),
            "guardian": guardian_of(request.user, pupil),
            "relation": relation_to(request.user, pupil),
            # Transparency: who read special data about the child (access.read_log).
            "special_reads": special_reads_for_parent(pupil),
            # Photos the child is tagged on, and where they were published (issue 6).
            "photo_faces": photos_of_pupil(pupil),
        },
    )
