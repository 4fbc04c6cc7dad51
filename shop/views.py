"""Catalogue and cart pages. Views parse input, call one selector or service, and render or redirect (PRG)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import ApplicationError
from shop import selectors, services
from shop.forms import ProductFilterForm
from shop.models import Category, Product
from shop.price_filter import price_scale


def _page_number(request: HttpRequest) -> int:
    """The requested page number; a missing, garbled or non-positive ``page`` gives 1."""
    try:
        number = int(request.GET.get("page", ""))
    except ValueError:
        return 1
    return max(number, 1)


MAX_DIRECT_PAGE = 100_000


def _page(queryset, number: int) -> Page:
    """Page ``number`` of the results and their total in ONE query (``COUNT(*) OVER ()`` beside the rows, so the
    database finds the matches once); a number past the end gives the last page (then the count is asked)."""
    paginator = Paginator(queryset, selectors.PAGE_SIZE)
    if number > MAX_DIRECT_PAGE:  # no OFFSET past what the database accepts: the paginator clamps it first
        number = paginator.num_pages
    start = (number - 1) * selectors.PAGE_SIZE
    rows = list(queryset.annotate(results_total=Window(Count("pk")))[start : start + selectors.PAGE_SIZE])
    if rows or number == 1:
        paginator.count = rows[0].results_total if rows else 0  # Paginator.count is a cached_property
        page = Page(rows, number, paginator)
    else:
        page = paginator.get_page(number)
    page.elided_range = list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
    return page


def _crumbs(*, category: Category, product: Product | None = None) -> list[tuple[str, str | None]]:
    crumbs: list[tuple[str, str | None]] = [(_("Home"), reverse("shop:home"))]
    if category.parent_id:
        crumbs.append((category.parent.name, category.parent.get_absolute_url()))
    crumbs.append((category.name, category.get_absolute_url() if product else None))
    if product is not None:
        crumbs.append((product.name, None))
    return crumbs


# Listings are fragment-cached ({% cache %} keyed by ``catalogue_version``): the views hand the template lazy
# objects, so a cache hit runs none of their queries.


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "shop/home.html",
        {
            "catalogue_version": selectors.catalogue_version(),
            "categories": SimpleLazyObject(selectors.category_top_level_list),
            "featured_products": SimpleLazyObject(selectors.product_featured_list),
        },
    )


@require_safe
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.category_get(slug=slug)
    if category is None:
        raise Http404
    form = ProductFilterForm(request.GET, price_scale=price_scale(request))
    form.is_valid()  # invalid fields show their error next to the field and are ignored
    filters = form.filters(category=category)
    page_query, number = form.canonical_query(), _page_number(request)
    return render(
        request,
        "shop/category.html",
        {
            "category": category,
            "form": form,
            "page_obj": SimpleLazyObject(lambda: _page(selectors.product_list(filters=filters), number)),
            "page_query": page_query,
            "crumbs": _crumbs(category=category),
            "catalogue_version": selectors.catalogue_version(),
            # Validated input only (the filters' one spelling and the page number), never the raw query string:
            # junk parameters must not make cache entries (tests/security/test_cache_flood.py).
            "results_key": f"{page_query.urlencode()}&page={number}",
        },
    )


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query = selectors.search_query_clean(raw=request.GET.get("q"))
    form = ProductFilterForm(request.GET, with_category=True, with_relevance=True, price_scale=price_scale(request))
    form.is_valid()
    page, suggestion, searched = None, None, query
    if query:
        page = _page(selectors.product_search(query=query, filters=form.filters()), _page_number(request))
        if not page.paginator.count:
            # Nothing found: "did you mean", and its results when it has some (typo tolerance on every database).
            suggestion = selectors.product_search_suggestion(query=query)
            if suggestion:
                page = _page(selectors.product_search(query=suggestion, filters=form.filters()), 1)
                searched = suggestion if page.paginator.count else query
    page_query = QueryDict(mutable=True)
    page_query["q"] = searched
    page_query.update(form.canonical_query())
    empty = page is not None and not page.paginator.count
    return render(
        request,
        "shop/search.html",
        {
            "query": query,
            "searched": searched,
            "suggestion": suggestion,
            "form": form,
            "page_obj": page,
            "page_query": page_query,
            "catalogue_version": selectors.catalogue_version(),
            # Never a dead end: the categories and popular products when nothing matches.
            "categories": selectors.category_top_level_list() if empty else [],
            "popular_products": selectors.product_featured_list(limit=4) if empty else [],
        },
    )


@require_safe
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    product = selectors.product_get_for_detail(slug=slug)
    if product is None:
        raise Http404
    return render(
        request,
        "shop/product_detail.html",
        {
            "product": product,
            "crumbs": _crumbs(category=product.category, product=product),
            "images": list(product.images.all()),
            "delivery_summary": selectors.product_delivery_summary(product=product),
            "max_quantity": min(product.stock, services.MAX_QUANTITY_PER_LINE),
        },
    )


@require_safe
def cart_detail(request: HttpRequest) -> HttpResponse:
    summary = selectors.cart_summary(cart=selectors.cart_get(request=request))
    return render(
        request,
        "shop/cart.html",
        {
            "summary": summary,
            "header_cart_count": summary.count,  # the header's count without a query of its own
            "max_quantity": services.MAX_QUANTITY_PER_LINE,
        },
    )


@require_POST
def cart_add(request: HttpRequest, product_id: int) -> HttpResponse:
    product = get_object_or_404(Product, pk=product_id, is_active=True)
    try:
        quantity = services.quantity_parse(raw=request.POST.get("quantity"))
        cart = services.cart_get_or_create(request=request)
        services.cart_add(cart=cart, product=product, quantity=quantity)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(product)
    messages.success(
        request, _("Added %(quantity)d × %(name)s to your cart.") % {"quantity": quantity, "name": product.name}
    )
    return redirect("shop:cart")


@require_POST
def cart_update(request: HttpRequest, product_id: int) -> HttpResponse:
    product = get_object_or_404(Product, pk=product_id)
    cart = selectors.cart_get(request=request)
    try:
        if cart is None:
            raise ApplicationError(_("That item is not in your cart."))
        quantity = services.quantity_parse(raw=request.POST.get("quantity"))
        services.cart_set_quantity(cart=cart, product=product, quantity=quantity)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(name)s: quantity is now %(quantity)d.") % {"name": product.name, "quantity": quantity}
        )
    return redirect("shop:cart")


@require_POST
def cart_remove(request: HttpRequest, product_id: int) -> HttpResponse:
    product = get_object_or_404(Product, pk=product_id)
    cart = selectors.cart_get(request=request)
    try:
        if cart is None:
            raise ApplicationError(_("That item is not in your cart."))
        services.cart_remove(cart=cart, product=product)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Removed %(name)s from your cart.") % {"name": product.name})
    return redirect("shop:cart")
