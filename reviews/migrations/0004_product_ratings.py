# The products' stored rating (shop 0006: rating_average, rating_count), computed once from the published
# reviews; from now on ``reviews.services.product_rating_refresh`` keeps it after every review change.

from django.db import migrations
from django.db.models import Avg, Count


def backfill(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Review = apps.get_model("reviews", "Review")
    db = schema_editor.connection.alias
    rows = (
        Review.objects.using(db).filter(status="published").order_by().values("product_id")
        .annotate(average=Avg("rating"), count=Count("id"))
    )
    for row in rows:
        Product.objects.using(db).filter(pk=row["product_id"]).update(
            rating_average=row["average"], rating_count=row["count"]
        )


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0003_single_line_fields'),
        ('shop', '0006_product_rating'),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
