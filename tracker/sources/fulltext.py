"""SQLite's full-text index of paragraphs: an FTS5 table that triggers keep in step with the paragraphs' table.

PostgreSQL indexes paragraphs through their stored tsvector (Paragraph.search_vector). SQLite has no
tsvector; its own full-text engine, FTS5, keeps an index beside the table instead, with English
stemming (the porter tokenizer: "negotiations" and "negotiate" are both `negoti`) and BM25 ranking.
The index holds no copy of the text (an external-content table reads it from the paragraphs' table),
and triggers on that table add, change and drop its entries, so no Python path can forget them.
"""

PARAGRAPH_FTS = "sources_paragraph_fts"

_TABLE = "sources_paragraph"

CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {PARAGRAPH_FTS} USING fts5("
    f"text, content='{_TABLE}', content_rowid='id', tokenize='porter unicode61')"
)
# An external-content index is told what to remove: the row as it was.
_DELETE_OLD = f"INSERT INTO {PARAGRAPH_FTS}({PARAGRAPH_FTS}, rowid, text) VALUES ('delete', old.id, old.text);"
_INSERT_NEW = f"INSERT INTO {PARAGRAPH_FTS}(rowid, text) VALUES (new.id, new.text);"
TRIGGERS = {
    f"{PARAGRAPH_FTS}_insert": f"AFTER INSERT ON {_TABLE} BEGIN {_INSERT_NEW} END",
    f"{PARAGRAPH_FTS}_delete": f"AFTER DELETE ON {_TABLE} BEGIN {_DELETE_OLD} END",
    f"{PARAGRAPH_FTS}_update": f"AFTER UPDATE OF text ON {_TABLE} BEGIN {_DELETE_OLD} {_INSERT_NEW} END",
}
REBUILD = f"INSERT INTO {PARAGRAPH_FTS}({PARAGRAPH_FTS}) VALUES ('rebuild')"


def create_sqlite_index(cursor):
    """Make the index and its triggers, and fill the index from the paragraphs' table."""
    cursor.execute(CREATE_TABLE)
    for name, body in TRIGGERS.items():
        cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
    cursor.execute(REBUILD)


def repair_sqlite_index(cursor):
    """Where the index exists but a trigger is gone, make the triggers again and refill the index.

    SQLite alters a table by rebuilding it (a copy, then the old one dropped), and the old table's triggers
    go with it; this runs after every migrate, so a later migration of paragraphs cannot leave the index
    behind. Returns whether anything was repaired.
    """
    cursor.execute("SELECT name FROM sqlite_master WHERE name IN (%s, %s, %s, %s)", [PARAGRAPH_FTS, *TRIGGERS])
    present = {name for (name,) in cursor.fetchall()}
    if PARAGRAPH_FTS not in present or set(TRIGGERS) <= present:
        return False
    create_sqlite_index(cursor)
    return True


def drop_sqlite_index(cursor):
    for name in TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    cursor.execute(f"DROP TABLE IF EXISTS {PARAGRAPH_FTS}")
