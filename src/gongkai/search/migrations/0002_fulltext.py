"""The full-text half of the index, per database vendor (see search.models).

SQLite: two FTS5 tables with external content (the token columns of search_indexentry,
rowid = the date-ordered primary key) kept in step by triggers: search_fts (title, body,
filter terms) and search_title_fts (title, filter terms). Django rebuilds a SQLite table for most later AlterField /
RemoveField operations and the rebuild drops these triggers: a later migration that
alters search_indexentry must re-create them (`gongkai search-check` reports missing
triggers).

PostgreSQL: stored generated tsvector columns over the same tokens ('simple'
configuration: no stemming, no stop words; jieba has done the linguistics), each with a
GIN index: tsv (title weighted A, body B) and title_tsv (the title alone, so "title
matches" is an index lookup: GIN does not store weights, a tsv @@ 'x:A' query would
recheck every row containing x), and a btree on the key INCLUDING title_tsv and the
filter columns, so "the newest N title matches" is an index-only scan. Storage: the long text columns go out of line
uncompressed (EXTERNAL) and tsv stays in the row (MAIN), so a match check or a rank does
not first fetch and decompress the tsvector from the TOAST table. A later migration
cannot change the type of title_tokens/body_tokens without dropping the columns first.
"""

from django.db import migrations

SQLITE_FORWARD = [
    # Title, body and filter terms: "all matches" and their relevance.
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title_tokens,
        body_tokens,
        facet_tokens,
        content='search_indexentry',
        content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    # Titles and filter terms only: "title matches" read title-sized doclists instead of
    # every occurrence of a word in every body.
    """
    CREATE VIRTUAL TABLE search_title_fts USING fts5(
        title_tokens,
        facet_tokens,
        content='search_indexentry',
        content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE TRIGGER search_indexentry_ai AFTER INSERT ON search_indexentry BEGIN
        INSERT INTO search_fts(rowid, title_tokens, body_tokens, facet_tokens)
        VALUES (new.id, new.title_tokens, new.body_tokens, new.facet_tokens);
        INSERT INTO search_title_fts(rowid, title_tokens, facet_tokens)
        VALUES (new.id, new.title_tokens, new.facet_tokens);
    END
    """,
    """
    CREATE TRIGGER search_indexentry_ad AFTER DELETE ON search_indexentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens, facet_tokens)
        VALUES ('delete', old.id, old.title_tokens, old.body_tokens, old.facet_tokens);
        INSERT INTO search_title_fts(search_title_fts, rowid, title_tokens, facet_tokens)
        VALUES ('delete', old.id, old.title_tokens, old.facet_tokens);
    END
    """,
    """
    CREATE TRIGGER search_indexentry_au AFTER UPDATE ON search_indexentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens, facet_tokens)
        VALUES ('delete', old.id, old.title_tokens, old.body_tokens, old.facet_tokens);
        INSERT INTO search_fts(rowid, title_tokens, body_tokens, facet_tokens)
        VALUES (new.id, new.title_tokens, new.body_tokens, new.facet_tokens);
        INSERT INTO search_title_fts(search_title_fts, rowid, title_tokens, facet_tokens)
        VALUES ('delete', old.id, old.title_tokens, old.facet_tokens);
        INSERT INTO search_title_fts(rowid, title_tokens, facet_tokens)
        VALUES (new.id, new.title_tokens, new.facet_tokens);
    END
    """,
    # Entries that exist already (none on a fresh install) go into the new indexes.
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    "INSERT INTO search_title_fts(search_title_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_indexentry_au",
    "DROP TRIGGER IF EXISTS search_indexentry_ad",
    "DROP TRIGGER IF EXISTS search_indexentry_ai",
    "DROP TABLE IF EXISTS search_title_fts",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_FORWARD = [
    """
    ALTER TABLE search_indexentry ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_tokens), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_tokens), 'B')
    ) STORED
    """,
    """
    ALTER TABLE search_indexentry ADD COLUMN title_tsv tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, title_tokens)
    ) STORED
    """,
    """
    ALTER TABLE search_indexentry
        ALTER COLUMN body SET STORAGE EXTERNAL,
        ALTER COLUMN body_tokens SET STORAGE EXTERNAL,
        ALTER COLUMN title_tokens SET STORAGE EXTERNAL,
        ALTER COLUMN tsv SET STORAGE MAIN
    """,
    "CREATE INDEX search_indexentry_tsv_gin ON search_indexentry USING gin (tsv)",
    "CREATE INDEX search_indexentry_title_tsv_gin ON search_indexentry USING gin (title_tsv)",
    # "Newest N title matches" as an index-only walk down the keys (see backends/postgres.py).
    """
    CREATE INDEX search_indexentry_title_key ON search_indexentry (id)
        INCLUDE (title_tsv, organization_id, year, kind, domain, genre, validity)
    """,
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_indexentry_title_key",
    "DROP INDEX IF EXISTS search_indexentry_title_tsv_gin",
    "DROP INDEX IF EXISTS search_indexentry_tsv_gin",
    "ALTER TABLE search_indexentry DROP COLUMN IF EXISTS title_tsv",
    "ALTER TABLE search_indexentry DROP COLUMN IF EXISTS tsv",
    """
    ALTER TABLE search_indexentry
        ALTER COLUMN body SET STORAGE EXTENDED,
        ALTER COLUMN body_tokens SET STORAGE EXTENDED,
        ALTER COLUMN title_tokens SET STORAGE EXTENDED
    """,
]


class VendorRunSQL(migrations.RunSQL):
    """RunSQL that only runs on one database vendor (and is a no-op elsewhere)."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, kwargs.pop("sql"), kwargs.pop("reverse_sql")], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Raw SQL for {self.vendor}"


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        VendorRunSQL("sqlite", SQLITE_FORWARD, SQLITE_BACKWARD),
        VendorRunSQL("postgresql", POSTGRES_FORWARD, POSTGRES_BACKWARD),
    ]
