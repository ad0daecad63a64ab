"""Text overlap aid: time to compare one masterplan with a cohort of 50, and every masterplan with every other.

    DJANGO_DEBUG=1 .venv/bin/python bench/overlap.py [--masterplans 50] [--runs 3] [--seed 2018]

Uses a throw-away SQLite database under var/bench/. Loads the real regions and framework, then writes
``--masterplans`` masterplans into one cohort, each of about 150 passages (section paragraphs, readiness
summaries, SWOT items, gap rows, missions, goals, strategies, programmes, action steps) of generated
Indonesian-like text; every fifth masterplan copies between 10 % and 60 % of its passages from another one,
with the region's name swapped and a few words changed. Prints the best of ``--runs`` times for: reading the
cohort's passages, one region's report, every region's report, and the secretariat's overlap page (with its
query count), plus how many of the copying masterplans the reports found.
"""

import argparse
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "var" / "bench"
DB_FILE = BENCH_DIR / "overlap.sqlite3"

# Words of the demo masterplan and of Indonesian planning documents; sentences are drawn from them with a
# skewed distribution so that common words ("dan", "yang") come up as often as in real text.
_WORDS = """
dan yang di untuk dengan dalam pada dari ke oleh sebagai serta atau akan telah adalah ini itu juga
masyarakat pelayanan publik pemerintah daerah kabupaten kota perangkat dinas badan bagian kecamatan desa
kelurahan warga layanan aplikasi sistem informasi data digital teknologi komunikasi jaringan internet
infrastruktur ekonomi pariwisata investasi usaha mikro kecil menengah pasar perdagangan industri pertanian
perikanan nelayan petani kesehatan pendidikan sosial bencana lingkungan sampah air bersih sanitasi transportasi
jalan angkutan mobilitas tata kelola birokrasi reformasi kebijakan peraturan regulasi kelembagaan sumber daya
manusia kompetensi aparatur pelatihan literasi partisipasi kolaborasi kerja sama swasta perguruan tinggi
komunitas kreatif inovasi terpadu terintegrasi efektif efisien transparan akuntabel berkelanjutan cerdas
meningkatkan mengembangkan membangun menyediakan memperluas memperkuat mengintegrasikan memanfaatkan
mewujudkan mendorong memfasilitasi mempercepat melaksanakan menyusun memantau mengevaluasi kualitas
akses jangkauan cakupan ketersediaan kapasitas kinerja indikator target capaian program kegiatan strategi
tahun jangka pendek menengah panjang rencana pembangunan daerah rpjmd anggaran apbd apbn dak kpbu csr
pusat utara selatan timur barat pesisir pegunungan lereng wilayah kawasan potensi peluang tantangan ancaman
kekuatan kelemahan ketimpangan kesenjangan kondisi saat ini diharapkan sasaran tujuan misi visi nilai
"""
VOCABULARY = _WORDS.split()


def set_up_django() -> None:
    sys.path.insert(0, str(ROOT))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    DB_FILE.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_FILE}"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


class Writer:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.weights = [1 / (i + 3) for i in range(len(VOCABULARY))]

    def sentence(self, low=8, high=22) -> str:
        words = self.rng.choices(VOCABULARY, self.weights, k=self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def paragraph(self, sentences=(2, 5)) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(*sentences)))

    def edit(self, text: str, own: str, source: str) -> str:
        """A light disguise: the region's name swapped and about one word in twenty changed."""
        words = text.replace(source, own).split(" ")
        for _ in range(max(1, len(words) // 20)):
            words[self.rng.randrange(len(words))] = self.rng.choice(VOCABULARY)
        return " ".join(words)


def plan_content(w: Writer, region: str, aspects, dimensions) -> dict:
    """The texts of one masterplan (about 150 passages), as lists per kind of row."""
    return {
        "introduction": "\n\n".join(f"{w.paragraph()} {region} {w.sentence()}" for _ in range(3)),
        "profile": "\n\n".join(f"{region} {w.paragraph()}" for _ in range(5)),
        "vision": w.sentence(10, 18),
        "closing": "\n\n".join(w.paragraph() for _ in range(2)),
        "aspects": [(a, w.paragraph((2, 3))) for a in aspects],
        "swot": [(a, k, w.sentence()) for a in aspects for k in "SWOT" for _ in range(2)],
        "gaps": [
            (a, w.sentence(), w.sentence(), w.sentence(), w.sentence()) for a in aspects for _ in range(3)
        ],
        "missions": [w.sentence(8, 14) for _ in range(5)],
        "goals": [(d, w.sentence(8, 16)) for d in dimensions for _ in range(2)],
        "strategies": [
            (d, w.sentence(4, 9)[:240], w.paragraph((1, 3))) for d in dimensions for _ in range(3)
        ],
        "programmes": [
            (w.sentence(3, 8)[:240], w.paragraph((1, 2)), w.sentence(), w.sentence(), i % 8 == 0)
            for i in range(40)
        ],
        "steps": [w.sentence() for _ in range(8)],
    }


def copy_content(w: Writer, mine: dict, source: dict, own: str, theirs: str, share: float) -> dict:
    """``mine`` with about ``share`` of its passages replaced by ``source``'s, lightly edited."""

    def take() -> bool:
        return w.rng.random() < share

    def ed(text: str) -> str:
        return w.edit(text, own, theirs)

    out = dict(mine)
    for key in ("introduction", "profile", "closing"):
        out[key] = "\n\n".join(
            ed(b) if take() else a
            for a, b in zip(mine[key].split("\n\n"), source[key].split("\n\n"), strict=False)
        )
    out["swot"] = [
        (a, k, ed(t2) if take() else t)
        for (a, k, t), (_a, _k, t2) in zip(mine["swot"], source["swot"], strict=True)
    ]
    out["gaps"] = [
        g2[:1] + tuple(ed(x) for x in g2[1:]) if take() else g
        for g, g2 in zip(mine["gaps"], source["gaps"], strict=True)
    ]
    out["missions"] = [
        ed(b) if take() else a for a, b in zip(mine["missions"], source["missions"], strict=True)
    ]
    out["strategies"] = [
        (d, t2, ed(x2)) if take() else (d, t, x)
        for (d, t, x), (_d, t2, x2) in zip(mine["strategies"], source["strategies"], strict=True)
    ]
    out["programmes"] = [
        (n2, ed(d2), ed(o2), ed(c2), q2) if take() else p
        for p, (n2, d2, o2, c2, q2) in zip(mine["programmes"], source["programmes"], strict=True)
    ]
    return out


def write_masterplan(mp, content: dict, opd=None) -> None:
    from kotacerdas.masterplans import models as m

    for key in ("introduction", "profile", "vision", "closing"):
        m.Section.objects.filter(masterplan=mp, key=key).update(body=content[key])
    m.AspectAnalysis.objects.bulk_create(
        m.AspectAnalysis(masterplan=mp, aspect=a, summary=s) for a, s in content["aspects"]
    )
    m.SwotItem.objects.bulk_create(
        m.SwotItem(masterplan=mp, aspect=a, kind=k, text=t) for a, k, t in content["swot"]
    )
    m.GapRow.objects.bulk_create(
        m.GapRow(masterplan=mp, aspect=a, current_state=c, target_state=t, gap=g, action=x)
        for a, c, t, g, x in content["gaps"]
    )
    m.Mission.objects.bulk_create(
        m.Mission(masterplan=mp, text=t, order=i) for i, t in enumerate(content["missions"])
    )
    m.Goal.objects.bulk_create(m.Goal(masterplan=mp, dimension=d, text=t) for d, t in content["goals"])
    strategies = m.Strategy.objects.bulk_create(
        m.Strategy(masterplan=mp, dimension=d, title=f"{i + 1}. {t}", description=x)
        for i, (d, t, x) in enumerate(content["strategies"])
    )
    m.MasterplanProgramme.objects.bulk_create(
        m.MasterplanProgramme(
            masterplan=mp, strategy=strategies[i % len(strategies)], name=n, description=d, output=o,
            outcome=c, is_quick_win=q, start_year=2019 + i % 5, end_year=2020 + i % 5,
        )
        for i, (n, d, o, c, q) in enumerate(content["programmes"])
    )  # fmt: skip
    m.ActionStep.objects.bulk_create(
        m.ActionStep(masterplan=mp, category="policy", description=t, due_date=date(2019, 1 + i, 1))
        for i, t in enumerate(content["steps"])
    )


def build(n: int, seed: int):
    from kotacerdas.accounts.models import User
    from kotacerdas.framework.services import load_framework_file
    from kotacerdas.masterplans.services import create_masterplan
    from kotacerdas.programmes.models import Cohort, Participation, ParticipationStatus, Programme
    from kotacerdas.regions.loader import load_regions, read_wilayah
    from kotacerdas.regions.models import Region

    load_regions(*read_wilayah())
    version, _created = load_framework_file()
    aspects, dimensions = list(version.aspects.all()), list(version.dimensions.all())
    programme = Programme.objects.create(name="Gerakan Menuju 100 Smart City")
    cohort = Cohort.objects.create(
        programme=programme, year=2018, name="Angkatan 2018", target_size=n, framework_version=version
    )
    admin = User.objects.create_user(email="sekretariat@bench.local", password="x", is_secretariat=True)
    w = Writer(random.Random(seed))
    every_region = list(Region.objects.order_by("code"))
    regions = every_region[:: max(1, len(every_region) // n)][:n]
    contents, masterplans, copies = [], [], {}
    for i, region in enumerate(regions):
        participation = Participation.objects.create(
            cohort=cohort, region=region, status=ParticipationStatus.EVALUATED
        )
        mp = create_masterplan(participation, by=admin, start_year=2019)
        content = plan_content(w, region.name, aspects, dimensions)
        if i and i % 5 == 0:
            source = w.rng.randrange(i)
            share = w.rng.choice([0.1, 0.25, 0.4, 0.6])
            content = copy_content(w, content, contents[source], region.name, regions[source].name, share)
            copies[mp.pk] = (masterplans[source].pk, share)
        write_masterplan(mp, content)
        contents.append(content)
        masterplans.append(mp)
    return cohort, admin, masterplans, copies


def best_of(runs: int, fn):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--masterplans", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args()
    set_up_django()

    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from kotacerdas.evaluations.overlap import compare_all, compare_masterplans, gather_masterplan_texts
    from kotacerdas.masterplans.models import Masterplan

    start = time.perf_counter()
    cohort, admin, masterplans, copies = build(args.masterplans, args.seed)
    print(f"built {len(masterplans)} masterplans in {time.perf_counter() - start:.1f} s")

    def gather():
        qs = Masterplan.objects.filter(participation__cohort=cohort).select_related(
            "participation__region", "participation__cohort"
        )
        return gather_masterplan_texts(list(qs))

    t_gather, texts = best_of(args.runs, gather)
    passages = [len(t.passages) for t in texts]
    words = sum(len(p.text.split()) for t in texts for p in t.passages)
    print(
        f"passages per masterplan: min {min(passages)}, mean {sum(passages) / len(passages):.0f}, "
        f"max {max(passages)}; {words} words in all"
    )
    target = next(t for t in texts if t.pk in copies)
    t_one, report = best_of(args.runs, lambda: compare_masterplans(target, texts))
    t_all, reports = best_of(args.runs, lambda: compare_all(texts))
    assert reports[target.pk] == report, "the shared index and the direct comparison disagree"

    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    url = reverse("evaluations:masterplan_overlap", args=[target.pk])
    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    t_page, _response = best_of(args.runs, lambda: client.get(url))

    found = sum(
        1
        for pk, (source, _share) in copies.items()
        if any(o.masterplan.pk == source for o in reports[pk].overlaps)
    )
    # Masterplans linked by copying (directly or through a common source) may share text; others should not.
    family = {t.pk: t.pk for t in texts}

    def root(pk):
        while family[pk] != pk:
            pk = family[pk]
        return pk

    for pk, (source, _share) in copies.items():
        family[root(pk)] = root(source)
    unrelated_hits = sum(
        1 for pk, r in reports.items() for o in r.overlaps if root(o.masterplan.pk) != root(pk)
    )
    print(f"{'read the cohort passages (queries: fixed)':<48}{t_gather * 1000:>9.0f} ms")
    print(f"{'one region: compare with the other ' + str(len(texts) - 1):<48}{t_one * 1000:>9.0f} ms")
    print(f"{'all regions: ' + str(len(texts)) + ' reports, one shared index':<48}{t_all * 1000:>9.0f} ms")
    print(f"{'overlap page (secretariat), ' + str(len(queries)) + ' queries':<48}{t_page * 1000:>9.0f} ms")
    share, source_share = report.share_percent, copies[target.pk][1]
    print(
        f"target {target.region}: {report.match_count} matching passages, {share} % of its words found "
        f"elsewhere (copied about {source_share:.0%} of its passages)"
    )
    print(f"copying masterplans whose source was found: {found} of {len(copies)}")
    print(f"pairs reported between masterplans not linked by copying: {unrelated_hits}")


if __name__ == "__main__":
    main()
