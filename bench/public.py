"""Response time and query count of the public portal, the news and the open data API with 514 regions and 30
then 150 participants (the dashboards bench's world), 200 published news posts with comments, and residents'
feedback on every delivered quick win: the query count must not grow with the data.

    DJANGO_DEBUG=1 .venv/bin/python bench/public.py [--small 30] [--large 150] [--runs 20] [--db PATH]

Uses a throwaway SQLite database (default /tmp/kotacerdas-bench/public.sqlite3) and Django's test client as an
anonymous visitor, rate limits lifted. The first request of each page counts the queries; then ``--runs`` timed
requests give the median and the 95th percentile.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dashboards import World, measure, set_up_django  # noqa: E402

DEFAULT_DB = Path("/tmp/kotacerdas-bench/public.sqlite3")
N_POSTS = 200
COMMENTS_PER_POST = 5


def add_news(world) -> None:
    from django.utils import timezone

    from kotacerdas.news.models import ModerationStatus, Post, PostComment

    now = timezone.now()
    posts = Post.objects.bulk_create(
        Post(
            title=f"Berita {i}",
            slug=f"berita-{i}",
            summary="Ringkasan berita uji.",
            body="Isi berita uji. " * 40,
            status="published",
            publish_at=now - timezone.timedelta(hours=i),
        )
        for i in range(N_POSTS)
    )
    regions = [p.region for p in world.participants]
    Through = Post.regions.through
    Through.objects.bulk_create(
        Through(post=post, region=regions[i % len(regions)]) for i, post in enumerate(posts)
    )
    PostComment.objects.bulk_create(
        PostComment(
            post=post,
            name=f"Warga {j}",
            email=f"w{j}@example.test",
            text="Komentar uji.",
            status=ModerationStatus.APPROVED,
        )
        for post in posts
        for j in range(COMMENTS_PER_POST)
    )


def add_feedback() -> None:
    from kotacerdas.masterplans.models import MasterplanProgramme
    from kotacerdas.news.models import ModerationStatus, QuickWinFeedback

    quick_wins = MasterplanProgramme.objects.filter(
        is_quick_win=True, resident_feedback__isnull=True
    ).values_list("pk", flat=True)
    QuickWinFeedback.objects.bulk_create(
        QuickWinFeedback(
            programme_id=pk,
            name="Warga",
            email="w@example.test",
            text="Bagus.",
            rating=1 + pk % 5,
            status=ModerationStatus.APPROVED,
        )
        for pk in quick_wins
    )


def pages(world) -> dict[str, str]:
    from django.urls import reverse

    region = world.participants[0].region
    plan = world.participants[0].masterplan
    return {
        "home": reverse("portal:home"),
        "region directory": reverse("portal:region_directory"),
        "region page": reverse("portal:region_detail", args=[region.code]),
        "masterplan": reverse("portal:masterplan", args=[region.code, plan.pk]),
        "quick wins": reverse("portal:quick_wins"),
        "news list": reverse("news:post_list"),
        "news post": reverse("news:post_detail", args=["berita-0"]),
        "sitemap.xml": reverse("sitemap"),
        "API regions": "/api/v1/regions?limit=100",
        "API masterplans": "/api/v1/masterplans?limit=100",
        "API programmes": "/api/v1/programmes?limit=100",
        "API values": "/api/v1/indicator-values?limit=500",
        "API values CSV": "/api/v1/indicator-values?limit=500&format=csv",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=30)
    parser.add_argument("--large", type=int, default=150)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    args = parser.parse_args()
    set_up_django(args.db)
    from django.conf import settings
    from django.test import Client

    settings.API_RATE_LIMIT_ANONYMOUS = settings.API_RATE_LIMIT_TOKEN = 10**9

    start = time.perf_counter()
    world = World()
    client = Client()
    results = {}
    for size in (args.small, args.large):
        world.grow(size - len(world.participants))
        if size == args.small:
            add_news(world)
        add_feedback()
        for url in pages(world).values():
            client.get(url)  # warms the process's caches (framework, charts) so the count is the page's own
        results[size] = {name: measure(client, url, args.runs) for name, url in pages(world).items()}
    print(
        f"world built and measured in {time.perf_counter() - start:.0f} s; {args.runs} timed requests a page\n"
    )
    small, large = results[args.small], results[args.large]
    print(f"{'page':<17}{'participants':>13}{'queries':>9}{'median ms':>11}{'p95 ms':>9}{'KiB':>7}")
    constant = True
    for name in small:
        for size, figures in ((args.small, small[name]), (args.large, large[name])):
            queries, median, p95, size_bytes = figures
            print(f"{name:<17}{size:>13}{queries:>9}{median:>11.1f}{p95:>9.1f}{size_bytes / 1024:>7.0f}")
        constant = constant and small[name][0] == large[name][0]
    print(
        f"\nquery count constant from {args.small} to {args.large} participants: {'yes' if constant else 'NO'}"
    )
    return 0 if constant else 1


if __name__ == "__main__":
    sys.exit(main())
