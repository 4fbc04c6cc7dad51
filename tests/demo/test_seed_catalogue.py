"""The demo catalogue: big enough to browse, believable, pictures made locally, and idempotent."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from demo.seeding.shop import seed_catalogue
from shop.models import Category, Product, ProductImage

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    return {
        "categories": list(Category.objects.order_by("slug").values_list("slug", "parent__slug", "name")),
        "products": list(Product.objects.order_by("sku").values_list("sku", "price_amount", "stock", "updated_at")),
        "images": list(ProductImage.objects.order_by("id").values_list("id", "image", "width", "height")),
    }


def test_seed_twice_changes_nothing():
    seed_catalogue()
    first = snapshot()
    seed_catalogue()
    assert snapshot() == first


def test_demo_catalogue_is_large_two_level_and_realistic():
    seed_catalogue()
    top = Category.objects.filter(parent__isnull=True)
    assert top.count() >= 6
    assert all(category.children.exists() for category in top)
    assert Product.objects.count() >= 40
    assert not Product.objects.filter(category__parent__isnull=True).exists()  # products sit in subcategories
    assert Product.objects.filter(stock=0).count() >= 3
    assert Product.objects.filter(stock__gt=0, stock__lte=5).count() >= 3
    assert Product.objects.values("brand").distinct().count() >= 10
    assert Product.objects.values("country_of_origin").distinct().count() >= 8
    assert not Product.objects.filter(authenticity_statement="").exists()
    assert Product.objects.filter(is_featured=True).count() >= 4


def test_every_product_has_three_small_generated_pictures_from_different_angles_with_alt_text():
    seed_catalogue()
    for product in Product.objects.prefetch_related("images"):
        images = sorted(product.images.all(), key=lambda image: image.position)
        assert len(images) == 3, product.sku
        assert [image.alt_text for image in images] == [
            f"{product.name}, seen from the front (drawn illustration)",
            f"{product.name}, seen from another angle (drawn illustration)",
            f"{product.name}, close-up (drawn illustration)",
        ]
        assert len({image.image.read() for image in images}) == 3  # three different pictures
    image = ProductImage.objects.first()
    data = image.image.read()
    assert len(data) < 40_000
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.format == "JPEG" and picture.size == (800, 600) == (image.width, image.height)


def test_seed_demo_command_includes_the_catalogue():
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    assert Product.objects.count() >= 40


def test_every_demo_product_is_drawn_as_its_own_kind_of_thing_in_its_colour():
    """A mug is drawn as a mug: every demo SKU has a shape of its own kind (not the fallback box)."""
    from demo.seeding.pictures import SHAPES, parcel, picture_draw
    from demo.seeding.shop import PRODUCTS

    assert {item.sku for item in PRODUCTS} <= set(SHAPES)
    assert parcel not in {shape for shape, _colour in SHAPES.values()}
    mug = Image.open(io.BytesIO(picture_draw(sku="CT-008", fallback_colour="#000000", view=0)))
    assert mug.getpixel((390, 330)) != mug.getpixel((50, 50))  # the mug's body, not the background
