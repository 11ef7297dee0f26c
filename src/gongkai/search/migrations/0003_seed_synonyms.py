"""Seed the synonym groups from data/synonyms.toml (the file as it is when this runs;
later versions of the file are applied with `gongkai load-synonyms`). Reversible: going
back deletes the groups still as seeded and leaves administrators' groups alone."""

from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.search.synonyms import apply_seed, read_seed_file

    apply_seed(apps.get_model("search", "SynonymGroup"), read_seed_file())


def unseed(apps, schema_editor):
    apps.get_model("search", "SynonymGroup").objects.filter(origin="seed").delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(seed, unseed)]
