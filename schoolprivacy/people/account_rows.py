"""The two statements of the account sync (`people.accounts`) that meet many accounts at once:
finding a page's accounts by address or username, and linking a page's guardians to theirs.

Both are written out per database: the ORM's versions cost a planner's full read of the accounts
on PostgreSQL, or a compiled CASE expression per guardian (issue 18.2, decision 0060).
"""

from typing import Literal

from django.db import connection
from django.db.models import F
from django.db.models.functions import Lower

from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import Guardian


def accounts_by(field: Literal["email", "username"], values: list[str]) -> list[User]:
    """The accounts whose address (lower-cased, `values` are too) or username is one of
    `values`, by key. Both are unique keys of the accounts, each with its own index.

    On PostgreSQL each value is looked up on its own in that index. Joined to a page's list of
    values (as literals, an array or its unnest), the planner expected as many matches, found a
    read of every account of the database cheaper than that many index lookups, and read them
    all for every page: 30-40 ms a page at 60,000 accounts (issue 18.2). A subquery with a LIMIT
    is never merged into the join, so it stays one index lookup per value; the key is unique, so
    LIMIT 1 leaves nothing out."""
    if not values:
        return []
    if connection.vendor != "postgresql":
        users = User.objects.order_by("pk")
        if field == "email":
            # Without an address no account owns one (as the partial unique index says).
            users = users.exclude(email="").alias(among=Lower("email"))
        else:
            users = users.alias(among=F(field))
        return list(users.filter(among__in=values))
    quote = connection.ops.quote_name
    table, column, pk = quote(User._meta.db_table), quote(field), quote(str(User._meta.pk.column))
    match = f"LOWER(a.{column}) = v.value AND NOT a.{column} = ''" if field == "email" else (
        f"a.{column} = v.value")  # fmt: skip
    sql = (
        f"SELECT u.* FROM unnest(%s::text[]) AS v(value) CROSS JOIN LATERAL "  # noqa: S608  # nosec B608
        f"(SELECT * FROM {table} a WHERE {match} LIMIT 1) u ORDER BY u.{pk}"
    )
    # A bound parameter; only quoted names are written into the SQL.
    return list(User.objects.raw(sql, [values]))  # nosec B611


def link_users(guardians: list[Guardian]) -> None:
    """Save `user` of these guardians (one page) in one UPDATE. bulk_update builds and compiles
    a CASE expression object per guardian, which took most of a first import's account sync
    (issue 18.2); this is the same statement written once."""
    if not guardians:
        return
    quote = connection.ops.quote_name
    table, pk = quote(Guardian._meta.db_table), quote(str(Guardian._meta.pk.column))
    column = quote(str(Guardian._meta.get_field("user").column))
    if connection.vendor == "postgresql":
        # PostgreSQL tries a CASE's branches one by one for every row: two arrays joined on the
        # key are linear (a page took 100 ms under load with the CASE).
        sql = (
            f"UPDATE {table} SET {column} = v.user_id "  # noqa: S608  # nosec B608
            "FROM (SELECT unnest(%s::bigint[]) AS id, unnest(%s::bigint[]) AS user_id) v "
            f"WHERE {table}.{pk} = v.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [[g.pk for g in guardians], [g.user_id for g in guardians]])
        return
    cases = " ".join(["WHEN %s THEN %s"] * len(guardians))
    marks = ", ".join(["%s"] * len(guardians))
    sql = (
        f"UPDATE {table} SET {column} = CASE {pk} {cases} END "  # noqa: S608  # nosec B608
        f"WHERE {pk} IN ({marks})"
    )
    params = [value for g in guardians for value in (g.pk, g.user_id)]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *(g.pk for g in guardians)])
