from django.utils.functional import SimpleLazyObject

from shop.selectors import cart_item_count


def cart(request):
    """``header_cart_count``: items in the cart, computed (one query) only if a template shows it."""
    return {"header_cart_count": SimpleLazyObject(lambda: cart_item_count(request=request))}
