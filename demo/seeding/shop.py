"""Demo catalogue: categories, products and locally generated pictures. Idempotent (keyed by slug and SKU).

Brands are invented for the demo. Pictures are drawn with Pillow at seed time (``demo.seeding.pictures``: the
product's shape in its colour, from the front, another angle and close up); nothing is ever downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile

from demo.seeding import catalogue_texts
from demo.seeding.pictures import IMAGE_SIZE, VIEWS, picture_alt, picture_draw
from shop.factories import CategoryFactory, ProductFactory
from shop.models import Category, Product, ProductImage

# slug: (name, description, position, gradient colours, subcategories [(slug, name)])
CATEGORIES: dict[str, tuple[str, str, int, tuple[str, str], list[tuple[str, str]]]] = {
    "kitchen": (
        "Kitchen",
        "Cookware, knives and tableware made to be used every day and repaired rather than replaced.",
        1,
        ("#0b5d4b", "#8fc1a9"),
        [("cookware", "Cookware"), ("knives-boards", "Knives & boards"), ("tableware", "Tableware")],
    ),
    "coffee-tea": (
        "Coffee & tea",
        "Brewers, grinders, cups and loose-leaf tea from small roasters and workshops.",
        2,
        ("#5b3a29", "#d7b899"),
        [("coffee-brewing", "Coffee brewing"), ("tea", "Tea"), ("cups-mugs", "Cups & mugs")],
    ),
    "home-textiles": (
        "Home textiles",
        "Linen, cotton and wool for the bedroom, bathroom and sofa, woven in Europe.",
        3,
        ("#4a5a8a", "#c5cde6"),
        [("bedding", "Bedding"), ("towels", "Towels"), ("throws-cushions", "Throws & cushions")],
    ),
    "outdoor": (
        "Outdoor",
        "Sturdy kit for walks, day hikes and nights under canvas.",
        4,
        ("#3d5a2a", "#b9cf8f"),
        [("hiking", "Hiking"), ("camping", "Camping")],
    ),
    "stationery": (
        "Stationery",
        "Notebooks, pens and desk things for people who still write by hand.",
        5,
        ("#8a3b2f", "#efc3a4"),
        [("notebooks", "Notebooks"), ("writing", "Writing instruments")],
    ),
    "audio": (
        "Audio",
        "Headphones and speakers with replaceable parts and honest specifications.",
        6,
        ("#2b2f36", "#9aa3ad"),
        [("headphones", "Headphones"), ("speakers", "Speakers")],
    ),
}


@dataclass(frozen=True)
class DemoProduct:
    sku: str
    name: str
    brand: str
    category: str  # subcategory slug
    price: int  # minor units (euro cents)
    stock: int
    weight: int  # grams
    country: str
    warranty: int  # months
    description: str
    featured: bool = False


P = DemoProduct
PRODUCTS: list[DemoProduct] = [
    # Kitchen
    P("KIT-001", "Carbon steel frying pan 28 cm", "Kolberg Stal", "cookware", 5900, 34, 1650, "DE", 60,
      "Spun from a single sheet of 2.5 mm carbon steel with a riveted handle. Seasons with use, goes in the oven "
      "and on induction, and lasts a lifetime with a little oil.", True),
    P("KIT-002", "Enamelled cast-iron casserole 4 l", "Fonderie Aube", "cookware", 16900, 8, 5100, "FR", 120,
      "Heavy cast iron with a glossy enamel inside and out. Holds heat for slow braises and bread; suitable for "
      "all hobs including induction."),
    P("KIT-003", "Stainless saucepan 2 l with lid", "Kolberg Stal", "cookware", 7400, 21, 1200, "DE", 60,
      "Three-ply stainless steel with an aluminium core all the way up the sides. Pouring rims on both sides."),
    P("KIT-004", "Chef's knife 20 cm", "Ostrava Blades", "knives-boards", 8900, 12, 230, "CZ", 24,
      "Forged from X50CrMoV15 steel, hardened to 56 HRC and hand-sharpened to 15 degrees per side. Oiled beech "
      "handle.", True),
    P("KIT-005", "Paring knife 9 cm", "Ostrava Blades", "knives-boards", 2900, 40, 80, "CZ", 24,
      "Small, nimble and sharp: for peeling, trimming and everything on the board that needs precision."),
    P("KIT-006", "Oak end-grain chopping board", "Bosveld Hout", "knives-boards", 7900, 3, 2900, "NL", 24,
      "End-grain European oak, 40 × 28 × 4 cm, finished with food-safe linseed oil. Kind to knife edges."),
    P("KIT-007", "Stoneware dinner plates, set of 4", "Atelier Kaolin", "tableware", 6400, 15, 2800, "PT", 24,
      "Reactive glaze in sea-green, 27 cm across. Dishwasher and microwave safe; each plate differs slightly."),
    P("KIT-008", "Linen tea towels, set of 2", "Vilnius Linen Co.", "tableware", 2400, 0, 180, "LT", 12,
      "Stonewashed pure linen, 50 × 70 cm. Absorbent from the first wash and softer with every one after."),
    # Coffee & tea
    P("CT-001", "Hand coffee grinder with conical burrs", "Marrone Caffè", "coffee-brewing", 11900, 9, 640, "IT", 36,
      "Stainless conical burrs with 40 click settings from espresso to cold brew. Takes 30 g of beans.", True),
    P("CT-002", "Glass pour-over brewer, 2 cups", "Bohemia Glassworks", "coffee-brewing", 3400, 27, 380, "CZ", 24,
      "Borosilicate glass with a spiral-ribbed cone for even extraction. Uses size 02 paper filters."),
    P("CT-003", "Moka pot, 6 cups", "Marrone Caffè", "coffee-brewing", 3900, 18, 690, "IT", 24,
      "Classic eight-sided aluminium moka pot with a replaceable gasket and filter plate. Not for induction."),
    P("CT-004", "Gooseneck kettle 1 l", "Nordvik Design", "coffee-brewing", 6900, 2, 780, "SE", 24,
      "Stainless steel stovetop kettle with a narrow spout for a slow, steady pour and a built-in thermometer."),
    P("CT-005", "Darjeeling first flush, 100 g", "Harbour Tea Merchants", "tea", 1450, 60, 120, "IN", 0,
      "Loose-leaf spring tea from a single estate, bright and floral. Packed in a resealable paper tin."),
    P("CT-006", "Japanese sencha, 100 g", "Harbour Tea Merchants", "tea", 1690, 44, 120, "JP", 0,
      "Steamed green tea from Shizuoka with a grassy sweetness. Brew at 70 °C for one minute."),
    P("CT-007", "Cast-iron teapot 0.8 l", "Harbour Tea Merchants", "tea", 5400, 6, 1300, "JP", 24,
      "Enamel-lined cast-iron pot with a stainless infuser basket. Keeps tea warm through a second cup."),
    P("CT-008", "Stoneware mug 350 ml", "Atelier Kaolin", "cups-mugs", 1800, 75, 380, "PT", 12,
      "A generous, heavy mug with a speckled glaze and a handle that fits four fingers."),
    P("CT-009", "Double-walled glass cups, set of 2", "Bohemia Glassworks", "cups-mugs", 2600, 0, 300, "CZ", 12,
      "Mouth-blown borosilicate glass that keeps drinks hot and hands cool. 250 ml each."),
    # Home textiles
    P("HT-001", "Linen duvet cover 200 × 220 cm", "Vilnius Linen Co.", "bedding", 14900, 11, 1400, "LT", 24,
      "Pre-washed European flax linen in oat. Coconut-shell buttons; breathable in summer, warm in winter.", True),
    P("HT-002", "Percale pillowcases, set of 2", "Weberei Allgäu", "bedding", 3900, 32, 420, "DE", 24,
      "Crisp, cool cotton percale, 200 thread count, 50 × 60 cm with an envelope closure."),
    P("HT-003", "Wool blanket 140 × 200 cm", "Weberei Allgäu", "bedding", 12900, 4, 1600, "DE", 24,
      "Woven from undyed merino wool in a herringbone pattern. Naturally temperature-regulating."),
    P("HT-004", "Waffle bath towel", "Anatolia Loom", "towels", 3400, 48, 520, "PT", 12,
      "Light, quick-drying cotton waffle weave, 70 × 140 cm. Takes little space in the cupboard or the bag."),
    P("HT-005", "Terry hand towels, set of 2", "Anatolia Loom", "towels", 2200, 0, 400, "PT", 12,
      "Thick 550 g/m² organic cotton terry, 50 × 90 cm, with a hanging loop."),
    P("HT-006", "Knitted cushion cover 45 × 45 cm", "Nordvik Design", "throws-cushions", 2900, 23, 250, "SE", 12,
      "Chunky cotton knit with a hidden zip. Inner cushion not included."),
    P("HT-007", "Linen throw with fringes", "Vilnius Linen Co.", "throws-cushions", 6900, 7, 900, "LT", 12,
      "A light linen throw, 130 × 170 cm, for the sofa or the foot of the bed."),
    # Outdoor
    P("OD-001", "Daypack 22 l", "Tatra Gear", "hiking", 8900, 19, 820, "PL", 60,
      "Recycled ripstop nylon with a ventilated back panel, hip belt and rain cover tucked in the base.", True),
    P("OD-002", "Merino hiking socks, 2 pairs", "Tatra Gear", "hiking", 2400, 55, 160, "PL", 6,
      "Cushioned merino blend that stays warm when damp and doesn't smell after a long day."),
    P("OD-003", "Stainless water bottle 750 ml", "Fjellstad", "hiking", 2900, 38, 340, "NO", 60,
      "Double-walled: cold for 24 hours, hot for 12. Leak-proof lid with a carry loop."),
    P("OD-004", "Folding trekking poles, pair", "Tatra Gear", "hiking", 7900, 1, 480, "PL", 24,
      "Aluminium poles that fold to 38 cm, with cork grips and replaceable carbide tips."),
    P("OD-005", "Two-person tent", "Fjellstad", "camping", 32900, 5, 2300, "NO", 36,
      "Freestanding dome with two doors and two porches. 3,000 mm flysheet; pitches in five minutes."),
    P("OD-006", "Enamel camping mugs, set of 2", "Fjellstad", "camping", 1900, 0, 300, "NO", 12,
      "Steel with a chip-resistant enamel coat, 350 ml. Sits on a camp stove."),
    P("OD-007", "Down sleeping bag, comfort 2 °C", "Fjellstad", "camping", 24900, 9, 980, "NO", 36,
      "Responsibly sourced 700-fill-power down in a mummy cut. Packs to the size of a loaf of bread."),
    # Stationery
    P("ST-001", "A5 dot-grid notebook", "Papiermühle Weiß", "notebooks", 1900, 120, 320, "DE", 0,
      "192 numbered pages of 100 g/m² ivory paper that takes fountain-pen ink without bleeding. Lay-flat binding.",
      True),
    P("ST-002", "Pocket notebooks, pack of 3", "Papiermühle Weiß", "notebooks", 1200, 64, 150, "DE", 0,
      "A6 ruled notebooks with kraft covers and rounded corners, 48 pages each."),
    P("ST-003", "Leather notebook cover A5", "Cuoio Fiorentino", "notebooks", 5400, 4, 260, "IT", 24,
      "Vegetable-tanned leather that darkens with use. Fits standard A5 notebooks."),
    P("ST-004", "Fountain pen, medium nib", "Nordvik Design", "writing", 4900, 14, 40, "SE", 24,
      "Brass body with a steel medium nib. Takes standard international cartridges or the included converter."),
    P("ST-005", "Mechanical pencil 0.5 mm", "Kyoto Writing Co.", "writing", 1600, 80, 20, "JP", 12,
      "All-metal drafting pencil with a knurled grip and a retractable tip."),
    P("ST-006", "Bottled ink, blue-black 50 ml", "Papiermühle Weiß", "writing", 1400, 0, 180, "DE", 0,
      "Iron-gall-free blue-black that dries fast and stays legible. Glass bottle."),
    # Audio
    P("AU-001", "Over-ear headphones with replaceable parts", "Delft Audio", "headphones", 19900, 13, 290, "NL", 24,
      "Closed-back wired headphones whose cable, ear pads and headband are sold as spare parts. 40 mm drivers.",
      True),
    P("AU-002", "In-ear headphones with cable", "Delft Audio", "headphones", 4900, 36, 20, "NL", 24,
      "Single dynamic driver, detachable cable and three sizes of silicone tips."),
    P("AU-003", "Bookshelf speakers, pair", "Klangwerk", "speakers", 44900, 3, 9800, "DE", 60,
      "Passive two-way speakers in birch plywood with a 13 cm woofer. Needs an amplifier."),
    P("AU-004", "Portable speaker with replaceable battery", "Klangwerk", "speakers", 12900, 0, 640, "DE", 24,
      "Splash-proof speaker with a battery you can swap with a coin. Up to 14 hours of playback."),
    P("AU-005", "Desk radio with FM and DAB+", "Delft Audio", "speakers", 8900, 17, 1100, "CN", 24,
      "A small radio with a walnut veneer case, real knobs and a headphone output. Made in China to our spec."),
]

AUTHENTICITY = {
    "Kolberg Stal": "Bought directly from Kolberg Stal's workshop in Solingen; each piece carries the maker's stamp.",
    "Fonderie Aube": "Supplied by the foundry itself; the lid carries a cast batch number you can quote to them.",
    "Ostrava Blades": "From the maker in Ostrava; the blade is etched with its serial number.",
}
DEFAULT_AUTHENTICITY = "Bought directly from {brand} or its appointed distributor in the EU; never from grey imports."


def seed_catalogue() -> dict[str, int]:
    """Create the demo categories, products and pictures that are missing. Returns counts of what exists."""
    categories: dict[str, Category] = {}
    for slug, (name, description, position, _colours, children) in CATEGORIES.items():
        parent = CategoryFactory(slug=slug, name=name, description=description, position=position)
        categories[slug] = parent
        for index, (child_slug, child_name) in enumerate(children):
            categories[child_slug] = CategoryFactory(
                slug=child_slug, name=child_name, parent=parent, position=index, description=""
            )
    colours_by_sub = {
        child_slug: colours for _n, _d, _p, colours, children in CATEGORIES.values() for child_slug, _c in children
    }
    for item in PRODUCTS:
        product = ProductFactory(
            sku=item.sku,
            name=item.name,
            slug=_slug(item),
            brand=item.brand,
            category=categories[item.category],
            description=item.description,
            price_amount=item.price,
            stock=item.stock,
            weight_grams=item.weight,
            country_of_origin=item.country,
            warranty_months=item.warranty,
            authenticity_statement=AUTHENTICITY.get(item.brand, DEFAULT_AUTHENTICITY.format(brand=item.brand)),
            is_featured=item.featured,
        )
        _ensure_images(product, colours_by_sub[item.category])
    catalogue_translate()
    return {
        "categories": Category.objects.count(),
        "products": Product.objects.count(),
        "images": ProductImage.objects.count(),
    }


def catalogue_translate() -> None:
    """Fill in the Polish and Dutch texts of the demo categories and products still without them."""
    for slug, ((name_pl, description_pl), (name_nl, description_nl)) in catalogue_texts.CATEGORIES.items():
        Category.objects.filter(slug=slug, name_pl__isnull=True).update(
            name_pl=name_pl, description_pl=description_pl, name_nl=name_nl, description_nl=description_nl
        )
    brands = {item.sku: item.brand for item in PRODUCTS}
    for sku, ((name_pl, description_pl), (name_nl, description_nl)) in catalogue_texts.PRODUCTS.items():
        brand = brands.get(sku, "")
        authenticity_pl, authenticity_nl = catalogue_texts.AUTHENTICITY.get(
            brand, tuple(text.format(brand=brand) for text in catalogue_texts.DEFAULT_AUTHENTICITY)
        )
        Product.objects.filter(sku=sku, name_pl__isnull=True).update(
            name_pl=name_pl,
            description_pl=description_pl,
            authenticity_statement_pl=authenticity_pl,
            name_nl=name_nl,
            description_nl=description_nl,
            authenticity_statement_nl=authenticity_nl,
        )


def _slug(item: DemoProduct) -> str:
    from django.utils.text import slugify

    return slugify(item.name)


def _ensure_images(product: Product, colours: tuple[str, str]) -> None:
    """Three drawn pictures per product: the front, another angle, a close-up (``demo.seeding.pictures``)."""
    existing = set(product.images.values_list("position", flat=True))
    for position in range(len(VIEWS)):
        if position in existing:
            continue
        image = ProductImage(product=product, position=position, alt_text=picture_alt(name=product.name, view=position))
        name = f"{product.sku.lower()}-{position + 1}.jpg"
        image.image.save(name, ContentFile(picture_draw(sku=product.sku, fallback_colour=colours[0], view=position)),
                         save=False)  # fmt: skip
        image.width, image.height = IMAGE_SIZE  # what picture_draw() makes; set here so no file is re-read
        image.save()
