"""Small builders for catalogue tests (products with generated pictures)."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from PIL import Image

from shop.factories import CategoryFactory, ProductFactory
from shop.models import ProductImage


def jpeg_bytes(size=(40, 30), colour="#0b5d4b") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def add_images(product, count: int = 2) -> list[ProductImage]:
    images = []
    for position in range(count):
        image = ProductImage(product=product, position=position, alt_text=f"{product.name} picture {position + 1}")
        image.image.save(f"{product.sku}-{position}.jpg", ContentFile(jpeg_bytes()), save=False)
        image.width, image.height = 40, 30
        image.save()
        images.append(image)
    return images


def make_tree():
    """Kitchen (top) > Cookware (sub); Audio (top, no subcategories)."""
    kitchen = CategoryFactory(name="Kitchen", slug="kitchen")
    cookware = CategoryFactory(name="Cookware", slug="cookware", parent=kitchen)
    audio = CategoryFactory(name="Audio", slug="audio")
    return kitchen, cookware, audio


def make_products(category, count: int, *, images: int = 1, **fields):
    products = [ProductFactory(category=category, **fields) for _ in range(count)]
    for product in products:
        add_images(product, images)
    return products
