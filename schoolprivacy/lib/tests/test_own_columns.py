"""`filter_own_columns(qs, q)` is `qs.filter(q)` (issue 18.4, decision 0065): the same SQL, the
same parameters, the same rows, on both databases, for every shape of conditions it builds
itself (generated: AND and OR trees of every lookup it accepts on the pupil's columns), and
`filter()` itself for everything else. The access policy's "my pupils" rests on this, so a
difference here is a need-to-know leak or a missing pupil."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import EmptyResultSet, FieldError
from django.db import NotSupportedError
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schoolprivacy.access.models import Grant
from schoolprivacy.conftest import World
from schoolprivacy.dossier.models import Record
from schoolprivacy.lib.own_columns import _clause, filter_own_columns
from schoolprivacy.people.models import GroupMembership, Pupil


def _sql(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    try:
        return queryset.query.sql_with_params()
    except EmptyResultSet:  # an empty IN list: no query is sent
        return ("nothing", ())


def _in_use(queryset: QuerySet[Any]) -> dict[str, int]:
    return {alias: n for alias, n in queryset.query.alias_refcount.items() if n}


def _same(queryset: QuerySet[Any], q: Q) -> QuerySet[Any]:
    """Both ways give the same query in every part the SQL is made of; the fast one is returned."""
    fast, slow = filter_own_columns(queryset, q), queryset.filter(q)
    assert _sql(fast) == _sql(slow)
    # filter() also keeps the joins it set up and trimmed again (`board_id` joins the board),
    # counted 0 and left out of the SQL; the tables in use are the same.
    assert _in_use(fast) == _in_use(slow)
    assert list(fast.order_by("pk")) == list(slow.order_by("pk"))
    return fast


@pytest.fixture
def pupils(world: World) -> list[Pupil]:
    def pupil(n: int, school: Any, left_on: date | None) -> Pupil:
        return Pupil(
            board=world.board, school=school, external_id=f"own{n}", first_name="Sem",
            given_names="Sem", surname=f"Own{n % 3}", date_of_birth=date(2014 + n % 4, 1, 1),
            enrolled_on=date(2020, 8, 1), left_on=left_on,
        )  # fmt: skip

    left = [None, date(2024, 7, 1), date(2026, 7, 1), None]
    return Pupil.objects.bulk_create(
        pupil(n, (world.school_a, world.school_b)[n % 2], left[n % 4]) for n in range(8)
    )


def _leaves(board_id: int, school_ids: list[int], ids: list[int]) -> st.SearchStrategy[Q]:
    days = st.sampled_from([date(2024, 7, 1), date(2025, 1, 1), date(2026, 7, 1)])
    some_ids = st.lists(st.sampled_from([*ids, -1]), min_size=1, max_size=6)
    names = st.lists(st.sampled_from(["Own0", "Own2"]), min_size=1)
    return st.one_of(
        st.builds(lambda v: Q(board_id=v), st.sampled_from([board_id, -1])),
        st.builds(lambda v: Q(board_id__in=v), st.lists(st.just(board_id), min_size=1)),
        st.builds(lambda v: Q(school_id=v), st.sampled_from(school_ids)),
        st.builds(lambda v: Q(school=v), st.sampled_from(school_ids)),
        st.builds(lambda v: Q(school_id__in=v), st.lists(st.sampled_from(school_ids), min_size=1)),
        st.builds(lambda v: Q(pk=v), st.sampled_from(ids)),
        st.builds(lambda v: Q(pk__in=v), some_ids),
        st.builds(lambda v: Q(id__in=tuple(v)), some_ids),
        st.builds(lambda v: Q(id__in=set(v)), some_ids),
        st.builds(lambda v: Q(id__gte=v), st.sampled_from(ids)),
        st.builds(lambda v: Q(left_on__isnull=v), st.booleans()),
        st.builds(lambda v: Q(left_on__gte=v), days),
        st.builds(lambda v: Q(left_on__lt=v), days),
        st.builds(lambda v: Q(date_of_birth__lte=v), days),
        st.builds(lambda v: Q(enrolled_on__gt=v), days),
        st.builds(lambda v: Q(surname=v), st.sampled_from(["Own0", "Own1", "nobody"])),
        st.builds(lambda v: Q(surname__in=v), names),
        st.builds(lambda v: Q(parents_may_see_as_adult=v), st.booleans()),
    )  # fmt: skip


def _trees(leaves: st.SearchStrategy[Q]) -> st.SearchStrategy[Q]:
    def combine(children: st.SearchStrategy[Q]) -> st.SearchStrategy[Q]:
        return st.one_of(
            st.builds(lambda a, b: a & b, children, children),
            st.builds(lambda a, b: a | b, children, children),
            st.builds(lambda a, b: a ^ b, children, children),
            st.builds(lambda parts: Q(*parts), st.lists(children, min_size=1, max_size=3)),
        )

    return st.recursive(leaves, combine, max_leaves=8)


@pytest.mark.django_db
def test_every_accepted_shape_is_filter_exactly(world: World, pupils: list[Pupil]) -> None:
    ids = [p.pk for p in pupils]
    schools = [world.school_a.pk, world.school_b.pk]
    base = Pupil.objects.select_related("school")

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_trees(_leaves(world.board.pk, schools, ids)))
    def check(q: Q) -> None:
        assert _clause(Pupil.objects.all().query, q) is not None  # built here, not by filter()
        _same(base, q)
        _same(Pupil.objects.all(), q)

    check()


@pytest.mark.django_db
def test_the_policy_shape_finds_the_right_pupils(world: World, pupils: list[Pupil]) -> None:
    ids = [pupils[0].pk, pupils[1].pk, pupils[2].pk, pupils[5].pk]
    present = Q(left_on__isnull=True) | Q(left_on__gte=date(2025, 1, 1))
    q = Q(board_id=world.board.pk) & ((Q(pk__in=ids) & present) | Q(school_id=world.school_b.pk))
    found = _same(Pupil.objects.select_related("school"), q)
    # Listed: 0 and 2 present, 1 and 5 left in 2024. At school b: 3 and 7 (and 1 and 5 again).
    expected = {pupils[n].pk for n in (0, 1, 2, 3, 5, 7)}
    mine = {p.pk for p in pupils}  # the world has pupils of its own at school b
    assert {p.pk for p in found if p.pk in mine} == expected


@pytest.mark.django_db
def test_anything_else_goes_through_filter(world: World, pupils: list[Pupil]) -> None:
    today = date(2025, 1, 1)
    others = [
        ~Q(left_on__isnull=True),
        Q(board_id=world.board.pk) & ~Q(school_id=world.school_a.pk),
        Q(memberships__group__isnull=True),  # a join
        Q(board=world.board),  # a model instance
        Q(school_id=None),
        Q(pk__in=[]),
        Q(pk__in=[pupils[0].pk, None]),
        Q(left_on__gte=F("enrolled_on")),
        Q(pk__in=GroupMembership.objects.filter(starts_on__lte=today).values("pupil_id")),
        Q(Exists(GroupMembership.objects.filter(pupil_id=OuterRef("pk")))),
        Q(surname__startswith="Own"),  # a lookup not in LOOKUPS
        Q(left_on__year=2024),  # a transform
        Q(user__email="x@example.org"),
    ]
    for q in others:
        assert _clause(Pupil.objects.all().query, q) is None, q
        _same(Pupil.objects.all(), q)
    # A many-to-many field is a join too.
    on_pupils = Q(pupils__in=[pupils[0].pk])
    assert _clause(Grant.objects.all().query, on_pupils) is None
    _same(Grant.objects.all(), on_pupils)
    # A name that is no column, or a malformed condition, fails as filter() fails it.
    with pytest.raises(FieldError):
        filter_own_columns(Pupil.objects.all(), Q(nonsense=1))
    malformed = Q()
    malformed.children.append(("pk", 1, 2))
    with pytest.raises(ValueError):
        Pupil.objects.filter(malformed)
    with pytest.raises(ValueError):
        filter_own_columns(Pupil.objects.all(), malformed)
    # A query with annotations, a slice or a union: as filter() does, refusals included.
    annotated = Pupil.objects.annotate(board_id_again=F("board_id"))
    _same(annotated, Q(board_id_again=world.board.pk))
    with pytest.raises(TypeError):
        filter_own_columns(Pupil.objects.all()[:2], Q(pk=pupils[0].pk))
    union = Pupil.objects.filter(pk=pupils[0].pk).union(Pupil.objects.filter(pk=pupils[1].pk))
    with pytest.raises(NotSupportedError):
        filter_own_columns(union, Q(pk=pupils[0].pk))


@pytest.mark.django_db
def test_the_given_queryset_is_left_alone_and_the_result_chains(
    world: World, pupils: list[Pupil]
) -> None:
    base = Pupil.objects.select_related("school")
    before = str(base.query)
    q = Q(board_id=world.board.pk) & Q(pk__in=[pupils[0].pk, pupils[1].pk])
    mine, slow = filter_own_columns(base, q), base.filter(q)
    assert str(base.query) == before
    another = Pupil.objects.filter(pk=pupils[3].pk)
    for chained, same in (
        (mine.filter(school_id=world.school_a.pk), slow.filter(school_id=world.school_a.pk)),
        (mine.exclude(left_on__isnull=True), slow.exclude(left_on__isnull=True)),
        (mine.filter(memberships__isnull=True), slow.filter(memberships__isnull=True)),
        (mine | another, slow | another),
    ):
        assert str(chained.query) == str(same.query)
        assert list(chained.order_by("pk")) == list(same.order_by("pk"))
    assert mine.count() == slow.count() == 2
    # As a subquery its columns are relabelled as filter()'s are.
    assert str(Record.objects.filter(pupil__in=mine).query) == str(
        Record.objects.filter(pupil__in=slow).query
    )
    assert list(mine.values_list("pk", flat=True).order_by("pk")) == [pupils[0].pk, pupils[1].pk]


@pytest.mark.django_db
def test_after_an_or_of_querysets_the_where_is_filters(world: World, pupils: list[Pupil]) -> None:
    # `a | b` leaves OR at the root of the WHERE; a one-child XOR (or OR) Q must then be added as
    # filter() adds it, its child alone, not an XOR node (which SQLite and PostgreSQL spell as
    # a sum of CASEs).
    either = Pupil.objects.filter(pk=pupils[0].pk) | Pupil.objects.filter(school__name="x")
    xored = Pupil.objects.filter(pk=pupils[0].pk) ^ Pupil.objects.filter(
        school_id=pupils[1].school_id
    )
    for base in (either, xored):
        for q in (
            Q(Q(pk=pupils[1].pk), _connector=Q.XOR),
            Q(Q(pk=pupils[1].pk) | Q(pk=pupils[2].pk), _connector=Q.XOR),
            Q(Q(pk=pupils[1].pk), _connector=Q.OR),
            Q(pk=pupils[1].pk) ^ Q(left_on__isnull=True),
            Q(pk=pupils[1].pk) | Q(left_on__isnull=True),
        ):
            _same(base, q)
