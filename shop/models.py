from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.money import CURRENCY_EXPONENTS, Money

CURRENCY_CHOICES = [(code, code) for code in CURRENCY_EXPONENTS]


class Category(models.Model):
    """Two levels: top-level categories and their subcategories."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, related_name="children", on_delete=models.PROTECT, verbose_name=_("parent")
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id and self.parent else self.name

    def clean(self) -> None:
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A category cannot be its own parent.")})
            if self.parent.parent_id:
                raise ValidationError({"parent": _("Categories have two levels: pick a top-level parent.")})
            if self.pk and self.children.exists():
                raise ValidationError({"parent": _("This category has subcategories, so it must stay top-level.")})

    def get_absolute_url(self) -> str:
        return reverse("shop:category", kwargs={"slug": self.slug})


# At or below this many units the page says "Only N left" (the true number), never a made-up scarcity.
LOW_STOCK_THRESHOLD = 5
# Shoppers rate products from 1 to 5 stars (the reviews app's reviews; their average is kept on the product).
RATING_MIN = 1
RATING_MAX = 5


class Product(models.Model):
    category = models.ForeignKey(
        Category, related_name="products", on_delete=models.PROTECT, verbose_name=_("category")
    )
    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"))
    brand = models.CharField(_("brand"), max_length=120)
    price_amount = models.PositiveIntegerField(_("price (minor units)"), help_text=_("In cents: 1999 is 19.99."))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, default="EUR")
    stock = models.PositiveIntegerField(_("stock"), default=0)
    weight_grams = models.PositiveIntegerField(_("weight (grams)"))
    country_of_origin = models.CharField(_("country of origin"), max_length=2, help_text=_("ISO 3166 code, e.g. PL."))
    warranty_months = models.PositiveSmallIntegerField(_("warranty (months)"), default=24)
    authenticity_statement = models.TextField(_("authenticity statement"))
    is_active = models.BooleanField(_("on sale"), default=True)
    is_featured = models.BooleanField(
        _("featured on the home page"), default=False, help_text=_("Shown on the home page while in stock.")
    )
    # The average and number of the product's published reviews, kept by the reviews app
    # (``reviews.services.product_rating_refresh``) so cards, the rating filter and the JSON-LD read one row.
    rating_average = models.FloatField(_("average rating"), null=True, blank=True, editable=False)
    rating_count = models.PositiveIntegerField(_("published reviews"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        indexes = [
            models.Index(fields=["category", "is_active"]),
            models.Index(fields=["price_amount"]),
            models.Index(fields=["created_at"], name="product_created_idx"),
            # Search's "exact SKU first" (sku__iexact) can use this beside the full-text index.
            models.Index(Upper("sku"), name="product_sku_upper_idx"),
            # Plus, on PostgreSQL only, per language two generated columns that are not fields (the search
            # document and the folded name, shop.search) with their GIN indexes, made by migrations 0008 and
            # 0009 with RunPython: kept out of Meta so SQLite table rebuilds never see them. PostgreSQL refuses
            # to change a name or description column's type while they read it: drop and re-add them around it.
        ]
        constraints = [models.CheckConstraint(condition=models.Q(stock__gte=0), name="product_stock_not_negative")]

    def __str__(self) -> str:
        return f"{self.name} ({self.sku})"

    @property
    def price(self) -> Money:
        return Money(self.price_amount, self.currency)

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    @property
    def stock_state(self) -> str:
        """``out``, ``low`` (only a few left: the real number is shown) or ``in``. No invented urgency."""
        if self.stock <= 0:
            return "out"
        if self.stock <= LOW_STOCK_THRESHOLD:
            return "low"
        return "in"

    def get_absolute_url(self) -> str:
        return reverse("shop:product", kwargs={"slug": self.slug})


def product_image_path(instance: ProductImage, filename: str) -> str:
    return f"products/{instance.product.sku}/{filename}"


class ProductImage(models.Model):
    product = models.ForeignKey(Product, related_name="images", on_delete=models.CASCADE)
    image = models.ImageField(_("image"), upload_to=product_image_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(_("alternative text"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("product image")
        verbose_name_plural = _("product images")

    def __str__(self) -> str:
        return self.alt_text


class Cart(models.Model):
    """A shopper's cart belongs to the user; a guest's to a random token kept in their session.

    The token (not the session key) identifies a guest cart because Django changes the session key at login,
    and the cart must survive that to be merged into the account's cart.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="cart", on_delete=models.CASCADE
    )
    guest_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(guest_token__isnull=False),
                name="cart_has_owner",
            )
        ]

    def __str__(self) -> str:
        return f"Cart {self.pk}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, related_name="lines", on_delete=models.CASCADE)
    product = models.ForeignKey(Product, related_name="+", on_delete=models.CASCADE)
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(99)])
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "product"], name="cartline_one_per_product"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="cartline_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_id}"
