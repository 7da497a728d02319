"""What the school holds about a child, per data category, from the board's live register.

For the portal's data overview (GDPR art. 15: purposes, categories, recipients, retention,
source). Gathered from `register.statement.statement_for`, so it can never lag behind the
register. Suppliers are the register's processors until a suppliers app exists.
"""

from dataclasses import dataclass

from schoolprivacy import taxonomy
from schoolprivacy.register.statement import Purpose, statement_for
from schoolprivacy.schools.models import School

# What a parent's overview covers: the child's data and the parents' own.
SUBJECTS = (taxonomy.Subject.PUPIL, taxonomy.Subject.GUARDIAN)


@dataclass(frozen=True)
class CategoryUse:
    category: taxonomy.Category
    uses: list[Purpose]


@dataclass(frozen=True)
class DataOverview:
    categories: list[CategoryUse]
    suppliers: list[str]


def data_overview_for(school: School) -> DataOverview:
    statement = statement_for(school)
    categories = []
    for category in taxonomy.CATEGORIES:
        if category.subject not in SUBJECTS:
            continue
        uses = [p for p in statement.purposes if any(c.key == category.key for c in p.categories)]
        if uses:
            categories.append(CategoryUse(category, uses))
    return DataOverview(categories=categories, suppliers=statement.processors)
