from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from shop.selectors import CART_SESSION_KEY
from shop.services import cart_merge_guest_into_user


@receiver(user_logged_in, dispatch_uid="shop_merge_cart_at_login")
def merge_guest_cart(sender, request, user, **kwargs):
    token = request.session.pop(CART_SESSION_KEY, None) if request is not None else None
    if token:
        cart_merge_guest_into_user(guest_token=token, user=user)
