# Search reads stored columns instead of computing its expressions per row (issue 20: a search for a word in 900
# products spent 60 ms re-folding and re-parsing their text to rank them). PostgreSQL only, per language:
# - search_document_<language>: tsvector GENERATED ALWAYS AS (shop.search.product_search_vector(language)) STORED
# - name_folded_<language>: text GENERATED ALWAYS AS (trustmark_fold(name_<language>)) STORED
# and the SKU without case and punctuation (sku_normalised). The indexes of 0008 move onto these columns under the
# same names. The columns are not model fields: every
# product query would otherwise load three tsvectors, and SQLite has no tsvector. PostgreSQL keeps them right on
# every write (ORM, bulk, raw SQL). A later migration that changes a column they read must drop and re-add them.

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations, models
from django.db.models.sql import Query

from shop.search import (
    SEARCH_CONFIGS,
    SKU_COLUMN,
    name_trigram_expression,
    product_search_vector,
    sku_normalised_expression,
    stored_column_name,
)


def expression_sql(expression, model, schema_editor) -> str:
    """``expression`` as DDL for ``model``'s table: unqualified columns, values inlined (as Django's
    GeneratedField does)."""
    query = Query(model, alias_cols=False)
    compiler = query.get_compiler(connection=schema_editor.connection)
    sql, params = compiler.compile(expression.resolve_expression(query, allow_joins=False))
    return sql % tuple(schema_editor.quote_value(param) for param in params)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    product = apps.get_model("shop", "Product")
    table = schema_editor.quote_name(product._meta.db_table)
    schema_editor.execute("DROP INDEX IF EXISTS product_sku_normalised_idx")
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN {SKU_COLUMN} text GENERATED ALWAYS AS "
        f"({expression_sql(sku_normalised_expression(), product, schema_editor)}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX product_sku_normalised_idx ON {table} ({SKU_COLUMN})")
    for language in SEARCH_CONFIGS:
        document = stored_column_name("search_document", language)
        name = stored_column_name("name_folded", language)
        schema_editor.execute(f"DROP INDEX IF EXISTS product_search_{language}_gin")
        schema_editor.execute(f"DROP INDEX IF EXISTS product_name_{language}_trgm")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {document} tsvector GENERATED ALWAYS AS "
            f"({expression_sql(product_search_vector(language), product, schema_editor)}) STORED"
        )
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {name} text GENERATED ALWAYS AS "
            f"({expression_sql(name_trigram_expression(language), product, schema_editor)}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX product_search_{language}_gin ON {table} USING gin ({document})")
        schema_editor.execute(
            f"CREATE INDEX product_name_{language}_trgm ON {table} USING gin ({name} gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    product = apps.get_model("shop", "Product")
    table = schema_editor.quote_name(product._meta.db_table)
    schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {SKU_COLUMN}")
    schema_editor.add_index(product, models.Index(sku_normalised_expression(), name="product_sku_normalised_idx"))
    for language in SEARCH_CONFIGS:
        for prefix in ("search_document", "name_folded"):  # their indexes go with them
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {stored_column_name(prefix, language)}")
        # 0008's expression indexes, as 0008 made them
        schema_editor.add_index(product, GinIndex(product_search_vector(language), name=f"product_search_{language}_gin"))
        schema_editor.add_index(product, GinIndex(
            OpClass(name_trigram_expression(language), name="gin_trgm_ops"), name=f"product_name_{language}_trgm"
        ))


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0008_search_per_language"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
