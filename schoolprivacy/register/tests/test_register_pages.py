"""The privacy officer keeps the register in the UI: list, detail with history, edit, create."""

import pytest

from schoolprivacy import taxonomy
from schoolprivacy.register.models import ActivityVersion, ProcessingActivity

pytestmark = pytest.mark.django_db


def _form_data(activity: ProcessingActivity, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": activity.name,
        "name_en": activity.name_en,
        "purpose": activity.purpose,
        "purpose_en": activity.purpose_en,
        "legal_basis": activity.legal_basis,
        "legal_basis_article": activity.legal_basis_article,
        "special_basis": activity.special_basis,
        "categories": activity.categories,
        "data_subjects": activity.data_subjects,
        "sources": activity.sources,
        "systems": "\n".join(activity.systems),
        "processors": "\n".join(activity.processors),
        "access_roles": activity.access_roles,
        "retention_rule": activity.retention_rule_id,
        "school_kind": activity.school_kind,
        "security_measures": activity.security_measures,
        "dpia_reference": activity.dpia_reference,
        "recipients-TOTAL_FORMS": "2",
        "recipients-INITIAL_FORMS": "0",
        "recipients-0-name": "Schoolfotograaf",
        "recipients-0-basis": "a",
        "recipients-1-name": "",
        "recipients-1-basis": "",
    }
    data.update(changes)
    return data


def test_the_first_visit_installs_the_default_register(world, staff_client):
    response = staff_client(world.privacy_officer).get("/register/")
    assert response.status_code == 200
    assert ProcessingActivity.objects.filter(board=world.board).count() >= 10
    assert "Leerlingadministratie en inschrijving" in response.content.decode()


def test_the_list_links_every_school_statement(world, register, staff_client):
    body = staff_client(world.privacy_officer).get("/register/").content.decode()
    assert f"/privacy/{world.school_a.slug}/" in body
    assert f"/privacy/{world.school_b.slug}/" in body


def test_editing_saves_a_new_version_and_shows_it_in_the_history(world, register, staff_client):
    client = staff_client(world.privacy_officer)
    activity = next(a for a in register if a.key == "photos")
    response = client.post(
        f"/register/{activity.pk}/bewerken/",
        _form_data(activity, purpose="Alleen voor de schoolgids."),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.purpose == "Alleen voor de schoolgids."
    assert activity.recipients == [{"name": "Schoolfotograaf", "basis": "a"}]
    assert activity.version == 2

    page = client.get(f"/register/{activity.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Alleen voor de schoolgids." in page
    assert "History" in page and "fg" in page


def test_an_invalid_edit_shows_the_problem_and_saves_nothing(world, register, staff_client):
    client = staff_client(world.privacy_officer)
    activity = next(a for a in register if a.key == "care_guidance")
    response = client.post(
        f"/register/{activity.pk}/bewerken/",
        _form_data(activity, special_basis=""),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "name the exception" in response.content.decode()
    assert ActivityVersion.objects.filter(activity=activity).count() == 1


def test_the_form_shows_each_category_with_its_classification(world, register, staff_client):
    client = staff_client(world.privacy_officer)
    body = client.get("/register/nieuw/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for category in taxonomy.CATEGORIES:
        assert f'value="{category.key}"' in body
    assert "Diagnoses and health" in body and ">special<" in body
    assert ">national identifier<" in body


def test_creating_an_activity(world, register, staff_client):
    client = staff_client(world.privacy_officer)
    template = next(a for a in register if a.key == "photos")
    response = client.post(
        "/register/nieuw/", _form_data(template, name="Schoolkamp", purpose="Het schoolkamp.")
    )
    assert response.status_code == 302
    created = ProcessingActivity.objects.get(board=world.board, name="Schoolkamp")
    assert response["Location"] == f"/register/{created.pk}/"
    assert created.version == 1


def test_deactivating_takes_it_out_of_the_list_of_active_ones(world, register, staff_client):
    client = staff_client(world.privacy_officer)
    activity = register[0]
    assert client.post(f"/register/{activity.pk}/deactiveren/").status_code == 302
    activity.refresh_from_db()
    assert not activity.is_active
    assert client.post(f"/register/{activity.pk}/heractiveren/").status_code == 302
    activity.refresh_from_db()
    assert activity.is_active and activity.version == 3
