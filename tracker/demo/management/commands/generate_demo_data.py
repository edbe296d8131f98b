import time

from django.core.management.base import BaseCommand, CommandError

from tracker.demo.generate import SIZES, Refused, Size, generate


class Command(BaseCommand):
    help = (
        "Make a demo team at scale: members, sources with paragraphs, recommendations with evidence, comments and "
        "two years of history. A second run with the same name changes nothing (or, with --replace, makes it "
        "again). Refuses a database holding teams that are not demo data, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), help="S: 2,000 recommendations; L: 20,000 (default S)")
        parser.add_argument("--recommendations", type=int, help="How many recommendations (instead of the size's)")
        parser.add_argument("--members", type=int, help="How many members (instead of the size's)")
        parser.add_argument("--sources", type=int, help="How many sources of 30 paragraphs (instead of the size's)")
        parser.add_argument("--name", help="The team's name after “Demo data ” (default: the size, or the counts)")
        parser.add_argument("--seed", type=int, default=1, help="The same seed makes the same data (default 1)")
        parser.add_argument("--force", action="store_true", help="Add demo data to a database that holds other data")
        parser.add_argument("--replace", action="store_true", help="Make the demo team of that name again")

    def handle(self, *args, size, recommendations, members, sources, name, seed, force, replace, **options):
        base = SIZES[size or "S"]
        chosen = Size(
            recommendations=base.recommendations if recommendations is None else recommendations,
            members=base.members if members is None else members,
            sources=base.sources if sources is None else sources,
        )
        if chosen.recommendations < 0 or chosen.members < 1 or chosen.sources < 1:
            raise CommandError("Give at least one member and one source, and no negative number of recommendations.")
        custom = chosen != base
        label = name or (f"{chosen.recommendations} items" if custom else size or "S")
        started = time.perf_counter()
        try:
            outcome = generate(label, chosen, seed=seed, force=force, replace=replace, log=self._progress(started))
        except Refused as exc:
            raise CommandError(str(exc)) from None
        counts = outcome.counts
        if not outcome.created:
            self.stdout.write(
                f"“{outcome.team.name}” already exists ({counts['recommendations']} recommendations); nothing was "
                "changed. Use --replace to make it again."
            )
            return
        statuses = ", ".join(f"{status} {n}" for status, n in sorted(counts["statuses"].items()))
        self.stdout.write(
            self.style.SUCCESS(f"Made “{outcome.team.name}” in {time.perf_counter() - started:.1f} s: ")
            + f"{counts['members']} members, {counts['sources']} sources of {counts['paragraphs']} paragraphs, "
            f"{counts['recommendations']} recommendations ({statuses}), {counts['evidence']} evidence, "
            f"{counts['comments']} comments, {counts['status_changes']} status changes, {counts['stale']} stale. "
            f"Heaviest item: #{outcome.heavy_id}."
        )

    def _progress(self, started):
        def log(message):
            self.stdout.write(f"  {time.perf_counter() - started:6.1f} s  {message}")

        return log
