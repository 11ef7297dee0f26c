"""Load the seed word list (data/wordlist_seed.json: examples for the system admin to
maintain). Reversible: the reverse removes the seed rows nobody changed."""

import json
from pathlib import Path

from django.db import migrations

SEED_FILE = Path(__file__).resolve().parent.parent / "data" / "wordlist_seed.json"


def load(apps, schema_editor):
    WordList = apps.get_model("publishing", "WordList")
    words = json.loads(SEED_FILE.read_text(encoding="utf-8"))["words"]
    existing = set(WordList.objects.values_list("kind", "term"))
    WordList.objects.bulk_create(
        WordList(
            kind=w["kind"],
            term=w["term"],
            suggestion=w.get("suggestion", ""),
            source=w.get("source", ""),
            is_seed=True,
        )
        for w in words
        if (w["kind"], w["term"]) not in existing
    )


def unload(apps, schema_editor):
    WordList = apps.get_model("publishing", "WordList")
    WordList.objects.filter(is_seed=True, updated_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
