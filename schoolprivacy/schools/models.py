"""The tenant root: a board (bestuur) and its schools, locations, school years and groups."""

from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Board(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # DUO's bestuursnummer: five digits.
    board_number = models.CharField(_("board number"), max_length=5, unique=True)
    privacy_contact_email = models.EmailField(_("privacy contact email"), blank=True)

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")
        constraints = [
            models.CheckConstraint(
                condition=Q(board_number__regex=r"^[0-9]{5}$"), name="board_number_five_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    class Kind(models.TextChoices):
        PRIMARY = "primary", _("primary school")
        SECONDARY = "secondary", _("secondary school")

    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="schools", verbose_name=_("board")
    )
    name = models.CharField(_("name"), max_length=200)
    # BRIN: two digits and two letters (e.g. 12AB), unique in the Netherlands.
    brin = models.CharField(_("BRIN"), max_length=4, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    slug = models.SlugField(_("web address name"), unique=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(brin__regex=r"^[0-9]{2}[A-Z]{2}$"), name="school_brin_format"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["primary", "secondary"]), name="school_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="+", verbose_name=_("board")
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="locations", verbose_name=_("school")
    )
    name = models.CharField(_("name"), max_length=200)
    # BRIN plus a two-digit vestigingsnummer (12AB00), as DUO numbers locations.
    location_code = models.CharField(_("location code"), max_length=6, unique=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    director = models.ForeignKey(
        "people.Staff",
        verbose_name=_("location director"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directed_locations",
    )

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(location_code__regex=r"^[0-9]{2}[A-Z]{2}[0-9]{2}$"),
                name="location_code_format",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SchoolYear(models.Model):
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="school_years", verbose_name=_("board")
    )
    name = models.CharField(_("name"), max_length=9, help_text=_("For example 2026-2027."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["board", "name"], name="school_year_name_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="school_year_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class Group(models.Model):
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="+", verbose_name=_("board")
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="groups", verbose_name=_("school")
    )
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.PROTECT, related_name="groups", verbose_name=_("school year")
    )
    name = models.CharField(_("name"), max_length=50)
    # Primary groups 1-8; secondary leerjaren 1-6.
    year_level = models.PositiveSmallIntegerField(_("year level"))
    external_id = models.CharField(_("key in pupil administration"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["school_year", "year_level", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "name"], name="group_name_unique_per_year"
            ),
            models.CheckConstraint(
                condition=Q(year_level__gte=1) & Q(year_level__lte=8), name="group_year_level_range"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="group_name_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.school_year})"
