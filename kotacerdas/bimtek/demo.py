"""Demo bimtek data for the 2018 demo cohort (programmes/demo.py): working groups for the six dimensions, invented
attendees for Pemalang (33.27) and three other regions (names ending in "Contoh", NIPs of people born on
1 January 1900), Tuban missing Bimtek Tahap III, and the deliverables expected after Tahap II–IV, some received.
Everything is ``is_demo=True``. Running it again changes nothing."""

from datetime import date

from django.db import transaction

from kotacerdas.bimtek.models import (
    BIMTEK_KINDS,
    Attendee,
    DeliverableExpectation,
    DeliverableReceipt,
    WorkingGroup,
)
from kotacerdas.framework.models import Dimension
from kotacerdas.programmes.models import Cohort, Participation, Stage, StageKind
from kotacerdas.regions.models import Opd

# region code -> people: (name, NIP, position, OPD short name in the region's list or free text, dimension code)
PEOPLE = {
    "33.27": [
        ("Ahmad Contoh", "190001012000011001", "Kepala Bidang Aplikasi Informatika", "Diskominfo", "GOV"),
        ("Dewi Contoh", "190001012000012002", "Perencana Ahli Muda", "Bappelitbangda", "ECO"),
        ("Eko Contoh", "190001012000011003", "Kepala Seksi Pelayanan", "Disdukcapil", "SOC"),
        ("Fitri Contoh", "", "Staf Promosi Wisata", "Disparpora", "BRA"),
        ("Gilang Contoh", "190001012000011005", "Analis Lingkungan", "DLH", "ENV"),
        ("Hana Contoh", "", "Staf Kesiapsiagaan", "BPBD", "LIV"),
    ],
    "33.75": [
        (
            "Indra Contoh",
            "190001012000011011",
            "Kepala Bidang E-Government",
            "Dinas Komunikasi dan Informatika",
            "GOV",
        ),
        ("Joko Contoh", "", "Kepala Subbidang Ekonomi", "Bappeda", "ECO"),
        ("Kartika Contoh", "190001012000012013", "Staf Kebudayaan", "Dinas Pariwisata dan Kebudayaan", "BRA"),
    ],
    "35.23": [
        (
            "Lestari Contoh",
            "190001012000012021",
            "Sekretaris Dinas",
            "Dinas Komunikasi dan Informatika",
            "GOV",
        ),
        ("Made Contoh", "", "Perencana", "Bappeda", "LIV"),
    ],
    "12.73": [
        (
            "Nur Contoh",
            "190001012000012031",
            "Kepala Seksi Persandian",
            "Dinas Komunikasi dan Informatika",
            "GOV",
        ),
        ("Oki Contoh", "", "Staf Perencanaan", "Bappeda", "ENV"),
    ],
}
ABSENT = {
    # (region, stage kind) -> names invited but absent; a region with every name here missed the stage
    ("35.23", StageKind.BIMTEK_3): {"Lestari Contoh", "Made Contoh"},
    ("33.27", StageKind.BIMTEK_2): {"Hana Contoh"},
    ("33.75", StageKind.BIMTEK_4): {"Joko Contoh"},
}
# A walk-in: came to Tahap I without an invitation.
WALK_IN = ("33.27", StageKind.BIMTEK_1, "Putri Contoh", "Staf Dinas Kesehatan", "Dinkes")
FACILITATORS = {
    "GOV": "Fasilitator Governance (contoh)",
    "ECO": "Fasilitator Economy (contoh)",
    "SOC": "Fasilitator Society (contoh)",
    "LIV": "Fasilitator Living (contoh)",
    "ENV": "Fasilitator Environment (contoh)",
    "BRA": "Fasilitator Branding (contoh)",
}
# (stage kind, title, due on, {region code: received on})
DELIVERABLES = [
    (StageKind.BIMTEK_2, "Draf Buku 1", date(2018, 9, 7), {"33.27": date(2018, 9, 5), "33.75": date(2018, 9, 7), "12.73": date(2018, 9, 14)}),
    (StageKind.BIMTEK_3, "Draf Buku 2", date(2018, 10, 12), {"33.27": date(2018, 10, 11)}),
    (StageKind.BIMTEK_4, "Lembar komitmen quick win", date(2018, 11, 16), {"33.27": date(2018, 11, 15)}),
]  # fmt: skip


@transaction.atomic
def load_demo_bimtek() -> dict:
    cohort = Cohort.objects.filter(year=2018, programme__name="Gerakan Menuju 100 Smart City").first()
    if cohort is None:
        raise RuntimeError("Load the demo cohorts first (load_demo).")
    stages = {s.kind: s for s in Stage.objects.filter(cohort=cohort, kind__in=BIMTEK_KINDS)}
    dimensions = {d.code: d for d in Dimension.objects.filter(version=cohort.framework_version)}
    participations = {
        p.region.code: p
        for p in Participation.objects.filter(cohort=cohort, region__code__in=PEOPLE).select_related("region")
    }
    counts = {"groups": 0, "attendees": 0, "expectations": 0, "receipts": 0}
    for kind, stage in stages.items():
        groups = {}
        for code, dimension in dimensions.items():
            group, created = WorkingGroup.objects.get_or_create(
                stage=stage,
                dimension=dimension,
                defaults={"facilitator": FACILITATORS.get(code, ""), "is_demo": True},
            )
            groups[code] = group
            counts["groups"] += created
        for region_code, people in PEOPLE.items():
            participation = participations.get(region_code)
            if participation is None:
                continue
            opds = {}
            for opd in Opd.objects.filter(region=participation.region):
                opds[opd.short_name or opd.name] = opd
                opds[opd.name] = opd
            absent = ABSENT.get((region_code, kind), set())
            for name, nip, position, opd_text, dimension_code in people:
                opd = opds.get(opd_text)
                _attendee, created = Attendee.objects.get_or_create(
                    stage=stage,
                    participation=participation,
                    name=name,
                    defaults={
                        "nip": nip,
                        "position": position,
                        "opd": opd,
                        "opd_name": "" if opd else opd_text,
                        "invited": True,
                        "attended_on": None if name in absent else stage.starts_on,
                        "working_group": groups.get(dimension_code),
                        "is_demo": True,
                    },
                )
                counts["attendees"] += created
        if kind == WALK_IN[1] and WALK_IN[0] in participations:
            participation = participations[WALK_IN[0]]
            opd = Opd.objects.filter(region=participation.region, short_name=WALK_IN[4]).first()
            _attendee, created = Attendee.objects.get_or_create(
                stage=stage,
                participation=participation,
                name=WALK_IN[2],
                defaults={
                    "position": WALK_IN[3],
                    "opd": opd,
                    "opd_name": "" if opd else WALK_IN[4],
                    "invited": False,
                    "attended_on": stage.ends_on,
                    "is_demo": True,
                },
            )
            counts["attendees"] += created
    for kind, title, due_on, received in DELIVERABLES:
        stage = stages.get(kind)
        if stage is None:
            continue
        expectation, created = DeliverableExpectation.objects.get_or_create(
            stage=stage, title=title, defaults={"due_on": due_on, "is_demo": True}
        )
        counts["expectations"] += created
        for region_code, day in received.items():
            if region_code not in participations:
                continue
            _receipt, created = DeliverableReceipt.objects.get_or_create(
                expectation=expectation,
                participation=participations[region_code],
                defaults={"received_on": day, "is_demo": True},
            )
            counts["receipts"] += created
    return counts
