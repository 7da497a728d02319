import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from schoolprivacy.schools.models import Board


@pytest.mark.django_db
def test_it_refuses_to_seed_personas_in_production_mode(settings):
    settings.MODE = "production"
    with pytest.raises(CommandError, match="production mode"):
        call_command("demo", no_serve=True)
    assert not Board.objects.exists()


@pytest.mark.django_db
def test_it_refuses_when_persona_accounts_exist_outside_the_demo_board(world):
    with pytest.raises(CommandError, match="empty database"):
        call_command("demo", no_serve=True)
    assert not Board.objects.filter(board_number="99999").exists()
