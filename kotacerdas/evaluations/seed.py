"""Seed rubrics: clearly labelled defaults (the programme's evaluation guides set official criteria; their text is
not in kotacerdas yet). Idempotent."""

import json
from pathlib import Path

from django.db import transaction

from kotacerdas.evaluations.models import Criterion, LevelDescriptor, Rubric

RUBRICS_FILE = Path(__file__).resolve().parent / "data" / "rubrics.json"


@transaction.atomic
def load_default_rubrics(path: Path = RUBRICS_FILE) -> list[Rubric]:
    rubrics = []
    for data in json.loads(Path(path).read_text(encoding="utf-8")):
        rubric, created = Rubric.objects.get_or_create(
            kind=data["kind"],
            name=data["name"],
            version=1,
            defaults={"description": data["description"], "is_seeded_default": True},
        )
        if created:
            for order, c in enumerate(data["criteria"], start=1):
                criterion = Criterion.objects.create(
                    rubric=rubric,
                    name=c["name"],
                    description=c["description"],
                    weight=c["weight"],
                    scale_min=1,
                    scale_max=len(c["levels"]),
                    allow_na=c.get("allow_na", False),
                    implementation_dimension=c.get("implementation_dimension", ""),
                    order=order,
                )
                LevelDescriptor.objects.bulk_create(
                    LevelDescriptor(criterion=criterion, value=v, description=text)
                    for v, text in enumerate(c["levels"], start=1)
                )
        rubrics.append(rubric)
    return rubrics
