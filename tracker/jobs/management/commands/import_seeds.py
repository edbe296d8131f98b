from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from tracker.accounts.models import Team
from tracker.accounts.services import get_or_create_team
from tracker.evidence.suggestions import suggest_evidence
from tracker.recommendations.review import store_report
from tracker.sources.services import DocumentError

DEFAULT_TEAM = "Demo team"


def count(number, noun):
    return f"{number} {noun}{'' if number == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Import documents (PDF, Word .docx, web pages, Markdown or plain text) as sources and their recommendations "
        "(default: every file in seeds/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="files or folders (default: seeds/)")
        parser.add_argument("--team", default=DEFAULT_TEAM, help=f"team to import into (default: {DEFAULT_TEAM!r})")
        parser.add_argument(
            "--accept",
            action="store_true",
            help="track the recommendations found at once (default: leave them for review on each source's page)",
        )
        parser.add_argument(
            "--suggest", action="store_true", help="then suggest evidence for the team's open recommendations"
        )

    def handle(self, *args, paths, team, accept, suggest, **options):
        team = team.strip()
        if not team:
            raise CommandError("--team needs a team name")
        files = self._files(paths or [str(Path(settings.BASE_DIR) / "seeds")])
        if not Team.objects.filter(name=team).exists():
            self.stdout.write(f"Created the team “{team}”.")
        target = get_or_create_team(team)
        sources = found = tracked = failures = 0
        for path in files:
            try:
                # One file's failure rolls back that file alone.
                with transaction.atomic():
                    result = store_report(target, self._read(path), filename=path.name, accept=accept)
            except DocumentError as exc:
                failures += 1
                self.stderr.write(f"error: {path}: {exc}")
                continue
            if not result.created:
                self.stdout.write(f"unchanged {path}: already imported as “{result.source.title}”")
                continue
            sources += 1
            found += result.found
            tracked += result.tracked
            if not result.found:
                outcome = "no recommendations found"
            elif accept:
                outcome = f"{count(result.tracked, 'recommendation')} tracked"
            else:
                review = reverse("review", args=[result.source.pk])
                outcome = f"{count(result.found, 'recommendation')} found, awaiting review at {review}"
            self.stdout.write(
                f"imported {path}: “{result.source.title}”, {count(result.source.paragraphs.count(), 'paragraph')}, "
                f"{outcome}"
            )
        if sources and accept:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {count(sources, 'source')} and {count(tracked, 'recommendation')} in “{target}”."
                )
            )
        elif sources:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {count(sources, 'source')} in “{target}”; {count(found, 'recommendation')} found await "
                    "review (import with --accept to track them at once)."
                )
            )
        if sources:
            if suggest:
                # As for a document added in the browser: passages are proposed as evidence for review.
                suggested = suggest_evidence(target.pk)
                self.stdout.write(f"Suggested {count(suggested, 'passage')} as evidence, awaiting review.")
        elif not failures:
            already = "the file was" if len(files) == 1 else f"all {len(files)} files were"
            self.stdout.write(f"Nothing new: {already} already imported into “{target}”.")
        if failures:
            raise CommandError(f"{failures} of {count(len(files), 'file')} could not be imported")

    def _files(self, paths):
        files = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                files.extend(sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{raw}: no such file or directory")
        if not files:
            raise CommandError(f"no files to import in {', '.join(paths)}")
        return files

    def _read(self, path):
        limit = settings.UPLOAD_MAX_BYTES
        try:
            size = path.stat().st_size
            if size > limit:
                raise DocumentError(f"too large ({size} bytes; the limit is {limit}, UPLOAD_MAX_BYTES)")
            return path.read_bytes()
        except OSError as exc:
            raise DocumentError(f"cannot be read ({exc.strerror})") from None
