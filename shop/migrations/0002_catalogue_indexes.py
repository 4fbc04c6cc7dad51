# Catalogue indexes: created_at (sorting by newest) and, on PostgreSQL only, a GIN index for full-text search.

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

SEARCH_INDEX_NAME = "product_search_gin"


def search_index():
    # Must stay the same expression as shop.models.product_search_vector(), or PostgreSQL will not use it.
    vector = (
        SearchVector("name", weight="A", config="english")
        + SearchVector("brand", "sku", weight="B", config="english")
        + SearchVector("description", weight="C", config="english")
    )
    return GinIndex(vector, name=SEARCH_INDEX_NAME)


def create_search_index(apps, schema_editor):
    """PostgreSQL only. Not in the model's Meta.indexes, so SQLite's table rebuilds never try to create it."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.add_index(apps.get_model("shop", "Product"), search_index())


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("shop", "Product"), search_index())


class Migration(migrations.Migration):

    dependencies = [
        ('shop', '0001_initial'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='product',
            index=models.Index(fields=['created_at'], name='product_created_idx'),
        ),
        migrations.RunPython(create_search_index, drop_search_index, elidable=False),
    ]
