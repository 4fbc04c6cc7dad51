from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from shop.models import Category, Product, ProductImage
from shop.selectors import CART_SESSION_KEY
from shop.services import cart_merge_guest_into_user, catalogue_changed


@receiver(user_logged_in, dispatch_uid="shop_merge_cart_at_login")
def merge_guest_cart(sender, request, user, **kwargs):
    token = request.session.pop(CART_SESSION_KEY, None) if request is not None else None
    if token:
        cart_merge_guest_into_user(guest_token=token, user=user)


@receiver([post_save, post_delete], sender=Product, dispatch_uid="shop_catalogue_product_changed")
@receiver([post_save, post_delete], sender=ProductImage, dispatch_uid="shop_catalogue_image_changed")
@receiver([post_save, post_delete], sender=Category, dispatch_uid="shop_catalogue_category_changed")
def catalogue_row_changed(sender, **kwargs):
    catalogue_changed()
