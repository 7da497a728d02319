"""The whole register downloads as CSV and JSON; every activity is in it, inactive ones too."""

import csv
import io
import json
from dataclasses import replace

import pytest

from schoolprivacy import taxonomy
from schoolprivacy.register.services import ActivityData, activity_deactivate, activity_update

pytestmark = pytest.mark.django_db


def test_the_csv_has_a_row_for_every_activity(world, register, staff_client):
    activity_deactivate(activity=register[0], actor_id=None)
    response = staff_client(world.privacy_officer).get("/register/export.csv")

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert {row[0] for row in body} == {a.key for a in register}
    assert len(header) == len(body[0])


def test_the_csv_flags_special_data(world, register, staff_client):
    response = staff_client(world.privacy_officer).get(
        "/register/export.csv", HTTP_ACCEPT_LANGUAGE="en"
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    care = next(row for row in rows if row["key"] == "care_guidance")
    assert care["special data"] == "Diagnoses and health"


def test_the_json_holds_every_activity_with_its_categories(world, register, staff_client):
    activity_deactivate(activity=register[0], actor_id=None)
    response = staff_client(world.privacy_officer).get("/register/export.json")

    body = json.loads(response.content)
    assert body["taxonomy_version"] == taxonomy.TAXONOMY_VERSION
    assert body["board"]["board_number"] == world.board.board_number
    assert {a["key"] for a in body["activities"]} == {a.key for a in register}
    covered = {c["key"] for a in body["activities"] for c in a["categories"]}
    assert covered == set(taxonomy.BY_KEY)
    first = next(a for a in body["activities"] if a["key"] == register[0].key)
    assert first["is_active"] is False and first["version"] == 2
    assert first["retention_rule"]["description"]


def test_a_formula_in_a_cell_is_defused(world, register, staff_client):
    activity = register[0]
    data = replace(ActivityData.from_activity(activity), dpia_reference="=HYPERLINK(1)")
    activity_update(activity=activity, data=data, actor_id=None)
    body = staff_client(world.privacy_officer).get("/register/export.csv").content.decode()
    assert "'=HYPERLINK(1)" in body
