# Search in the shopper's language (shop/search.py), PostgreSQL only: the unaccent and pg_trgm extensions, the
# IMMUTABLE trustmark_fold(text) function (lower case, no accents) that indexes can hold, and per language a GIN
# index on the searched document and a trigram GIN index on the folded name. The English-only index of 0002
# goes: the base columns are no longer searched. SQLite gets trustmark_fold as a Python function per connection.

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations, models

from shop.search import SEARCH_CONFIGS, name_trigram_expression, product_search_vector, sku_normalised_expression

FOLD_SQL = """
CREATE OR REPLACE FUNCTION trustmark_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
"""


def indexes():
    # The same expressions the search builds (shop.search), or PostgreSQL will not use them.
    yield models.Index(sku_normalised_expression(), name="product_sku_normalised_idx")
    for language in SEARCH_CONFIGS:
        yield GinIndex(product_search_vector(language), name=f"product_search_{language}_gin")
        yield GinIndex(
            OpClass(name_trigram_expression(language), name="gin_trgm_ops"), name=f"product_name_{language}_trgm"
        )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
    schema_editor.execute(FOLD_SQL)
    schema_editor.execute("DROP INDEX IF EXISTS product_search_gin")
    product = apps.get_model("shop", "Product")
    for index in indexes():
        schema_editor.add_index(product, index)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in indexes():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index.name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS trustmark_fold(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0007_catalogue_texts_per_language"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
