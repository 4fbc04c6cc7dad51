from django.conf import settings


def shop_context(request):
    return {"SHOP_NAME": settings.SHOP_NAME}
