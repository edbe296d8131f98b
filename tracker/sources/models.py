from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.urls import reverse

from tracker.accounts.models import TeamScopedQuerySet

from . import hooks


class SourceQuerySet(TeamScopedQuerySet):
    def for_list(self):
        """What a row of the sources list shows: the team and how many recommendations came from it, without the
        documents' full text."""
        return (
            self.select_related("team")
            .defer("text")
            .annotate(recommendation_count=models.Count("recommendations", distinct=True))
        )


# Paragraphs per page of a source's page: a report of thousands of paragraphs is read page by page.
PARAGRAPHS_PER_PAGE = 200


class Source(models.Model):
    """A document: a report whose recommendations we track, or news and analysis cited as evidence."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"
        HTML = "html", "Web page"
        MARKDOWN = "markdown", "Markdown"
        TEXT = "text", "Plain text"

    class DatePrecision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    # As precise as the document states it: "June 2010" is stored as 1 June 2010 with precision "month".
    published_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY, blank=True
    )
    # The page's canonical address for a document read from the web, or where it was found.
    url = models.URLField(max_length=500, blank=True)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.TEXT)
    filename = models.CharField(max_length=255, blank=True)
    text = models.TextField()
    # sha256 of the normalised text: the same document is stored once per team.
    checksum = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["team", "checksum"], name="source_unique_team_checksum"),
        ]

    def __str__(self):
        return self.title

    @property
    def date_label(self):
        """The date as precise as the document gave it: "6 December 2024", "June 2010" or "2010"."""
        if not self.published_on:
            return ""
        if self.published_precision == self.DatePrecision.YEAR:
            return f"{self.published_on:%Y}"
        if self.published_precision == self.DatePrecision.MONTH:
            return f"{self.published_on:%B %Y}"
        return f"{self.published_on.day} {self.published_on:%B %Y}"

    @property
    def citation(self):
        """'Title, Publisher, 6 December 2024' with whatever parts are known."""
        parts = [self.title]
        if self.publisher:
            parts.append(self.publisher)
        if self.published_on:
            parts.append(self.date_label)
        return ", ".join(parts)


# The language of full-text search: stemming and stop words of English.
SEARCH_CONFIG = "english"


class PostgresSearchVector(models.GeneratedField):
    """A tsvector PostgreSQL computes from the row when it is written (a stored generated column).

    Other databases have no tsvector: there the column is always empty and nothing reads it.
    """

    def generated_sql(self, connection):
        if connection.vendor == "postgresql":
            return super().generated_sql(connection)
        return "NULL", ()


class ParagraphQuerySet(models.QuerySet):
    def with_citations(self, team_id):
        """Each paragraph with what the team's higher apps show beside it (the recommendations quoted from it,
        the evidence that cites it), registered in hooks.paragraph_prefetches: one query each, however long the
        document."""
        prefetches = [prefetch for add in hooks.paragraph_prefetches for prefetch in add(team_id)]
        return self.prefetch_related(*prefetches)


class Paragraph(models.Model):
    """A numbered block of a source: the unit that recommendations and evidence cite ("p. 12, ¶3")."""

    class Kind(models.TextChoices):
        TEXT = "text", "Text"
        HEADING = "heading", "Heading"
        ITEM = "item", "List item"
        ROW = "row", "Table row"
        QUOTE = "quote", "Quotation"
        NOTE = "note", "Footnote"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    text = models.TextField()
    # A heading's level (1 is the top) or a list item's depth (1 is a top-level item); 0 otherwise.
    level = models.PositiveSmallIntegerField(default=0)
    # A list item's marker as printed ("3.", "(b)"), or a footnote's number.
    marker = models.CharField(max_length=20, blank=True)
    # A table row's cells (its text is the cells joined by " | ").
    cells = models.JSONField(default=list, blank=True)
    # The page it starts on, for documents that have pages (PDF).
    page = models.PositiveIntegerField(null=True, blank=True)
    # The headings it sits under: "3 Findings › 3.2 Costs".
    path = models.CharField(max_length=500, blank=True)
    # What evidence suggestion ranks paragraphs by, found through a GIN index (PostgreSQL only; the index is
    # made by migration 0003, since SQLite has no GIN).
    search_vector = PostgresSearchVector(
        expression=SearchVector("text", config=SEARCH_CONFIG), output_field=SearchVectorField(), db_persist=True
    )

    objects = ParagraphQuerySet.as_manager()

    class Meta:
        ordering = ["source", "number"]
        constraints = [
            models.UniqueConstraint(fields=["source", "number"], name="paragraph_unique_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="paragraph_number_positive"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["text", "heading", "item", "row", "quote", "note"]),
                name="paragraph_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.source} ¶{self.number}"

    @property
    def anchor(self):
        return f"p{self.number}"

    @property
    def source_page(self):
        """Which page of its source's page shows it (PARAGRAPHS_PER_PAGE to a page)."""
        return (self.number - 1) // PARAGRAPHS_PER_PAGE + 1

    @property
    def citation(self):
        """Short, for lists: "p. 12, ¶143" where the document has pages, else "¶143"."""
        return f"p. {self.page}, ¶{self.number}" if self.page else f"¶{self.number}"

    @property
    def location(self):
        """In words: "page 12, paragraph 143" where the document has pages, else "paragraph 143"."""
        return f"page {self.page}, paragraph {self.number}" if self.page else f"paragraph {self.number}"

    def get_absolute_url(self):
        """The paragraph on its source's page, on whichever page of a long source shows it."""
        page = self.source_page
        query = f"?page={page}" if page > 1 else ""
        return f"{reverse('sources:detail', args=[self.source_id])}{query}#{self.anchor}"
