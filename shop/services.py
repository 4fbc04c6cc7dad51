"""Writes for the shop: the cart. Every rule about quantities lives here."""

from __future__ import annotations

import re
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.versioned_cache import namespace_changed
from shop.models import Cart, CartLine, Product
from shop.selectors import CART_SESSION_KEY, CATALOGUE_CACHE, cart_get

MAX_QUANTITY_PER_LINE = 99
QUANTITY_PATTERN = re.compile(r"-?[0-9]{1,6}")


def quantity_parse(*, raw: object) -> int:
    """Turn user input into a quantity of at least 1, or raise with a message the shopper understands."""
    text = str(raw).strip() if raw is not None else ""
    # ASCII digits only: str.isdigit() also accepts superscripts like "²", which int() refuses.
    if not QUANTITY_PATTERN.fullmatch(text):
        raise ApplicationError(_("Please enter a whole number for the quantity."), field="quantity")
    value = int(text)
    if value < 1:
        raise ApplicationError(_("The quantity must be at least 1."), field="quantity")
    if value > MAX_QUANTITY_PER_LINE:
        raise ApplicationError(
            _("You can order at most %(max)d of one item.") % {"max": MAX_QUANTITY_PER_LINE}, field="quantity"
        )
    return value


def _check_stock(product: Product, quantity: int) -> None:
    if not product.is_active:
        raise ApplicationError(_("%(name)s is no longer on sale.") % {"name": product.name})
    if quantity > product.stock:
        if product.stock == 0:
            raise ApplicationError(_("%(name)s is out of stock.") % {"name": product.name}, field="quantity")
        raise ApplicationError(
            _("Only %(stock)d of %(name)s left in stock.") % {"stock": product.stock, "name": product.name},
            field="quantity",
        )


def cart_get_or_create(*, request: HttpRequest) -> Cart:
    cart = cart_get(request=request)
    if cart is not None:
        return cart
    if request.user.is_authenticated:
        cart, _created = Cart.objects.get_or_create(user=request.user)
        return cart
    token = secrets.token_urlsafe(32)
    request.session[CART_SESSION_KEY] = token
    return Cart.objects.create(guest_token=token)


@transaction.atomic
def cart_add(*, cart: Cart, product: Product, quantity: int) -> CartLine:
    """Add ``quantity`` more of ``product``; the new total must fit the stock and the per-line cap."""
    line = CartLine.objects.select_for_update().filter(cart=cart, product=product).first()
    new_quantity = quantity + (line.quantity if line else 0)
    if new_quantity > MAX_QUANTITY_PER_LINE:
        raise ApplicationError(
            _("You can order at most %(max)d of one item.") % {"max": MAX_QUANTITY_PER_LINE}, field="quantity"
        )
    _check_stock(product, new_quantity)
    if line is None:
        return CartLine.objects.create(cart=cart, product=product, quantity=new_quantity)
    line.quantity = new_quantity
    line.save(update_fields=["quantity"])
    return line


@transaction.atomic
def cart_set_quantity(*, cart: Cart, product: Product, quantity: int) -> CartLine:
    line = CartLine.objects.select_for_update().filter(cart=cart, product=product).first()
    if line is None:
        raise ApplicationError(_("That item is not in your cart."))
    _check_stock(product, quantity)
    line.quantity = quantity
    line.save(update_fields=["quantity"])
    return line


def cart_remove(*, cart: Cart, product: Product) -> None:
    deleted, _rows = CartLine.objects.filter(cart=cart, product=product).delete()
    if not deleted:
        raise ApplicationError(_("That item is not in your cart."))


def cart_clear(*, cart: Cart) -> None:
    cart.lines.all().delete()


@transaction.atomic
def cart_merge_guest_into_user(*, guest_token: str, user: AbstractBaseUser) -> Cart | None:
    """At login, move the guest cart's lines into the account's cart (quantities add up, capped by stock)."""
    guest = Cart.objects.filter(guest_token=guest_token, user__isnull=True).first()
    if guest is None:
        return None
    account_cart, _created = Cart.objects.get_or_create(user=user)
    for line in guest.lines.select_related("product"):
        existing = CartLine.objects.filter(cart=account_cart, product=line.product).first()
        wanted = line.quantity + (existing.quantity if existing else 0)
        quantity = min(wanted, MAX_QUANTITY_PER_LINE, line.product.stock)
        if quantity < 1:
            continue
        CartLine.objects.update_or_create(cart=account_cart, product=line.product, defaults={"quantity": quantity})
    guest.delete()
    return account_cart


def catalogue_changed() -> None:
    """Drop every cached listing and product page: call after any change to what they show (stock, price,
    rating, images, names). Saves and deletes call it through ``shop.signals``; ``.update()`` callers directly."""
    namespace_changed(CATALOGUE_CACHE)
