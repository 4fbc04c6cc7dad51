"""Product pictures drawn at seed time with Pillow, offline: each product's shape in its colour, seen from the
front, from another angle, and close up, on a plain studio background with a soft shadow.

A shape is a function ``(draw, view, colour)`` drawing on an 800 x 600 canvas; ``SHAPES`` maps each demo SKU to
its shape and colour. Products without an entry (tests' factories) get a plain box in their category's colour.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter

IMAGE_SIZE = (800, 600)
W, H = IMAGE_SIZE
BACKGROUND = (244, 241, 234)
VIEWS = ("seen from the front", "seen from another angle", "close-up")

RGB = tuple[int, int, int]
Shape = Callable[[ImageDraw.ImageDraw, int, RGB], None]


def _rgb(value: str) -> RGB:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _shade(colour: RGB, factor: float) -> RGB:
    """Darker (< 1) or lighter (> 1) of the same colour."""
    if factor <= 1:
        return tuple(int(c * factor) for c in colour)  # type: ignore[return-value]
    return tuple(int(c + (255 - c) * (factor - 1)) for c in colour)  # type: ignore[return-value]


# --- shapes ---------------------------------------------------------------------------------------------------


def pan(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    if view == 0:
        d.polygon([(170, 300), (530, 300), (500, 390), (200, 390)], fill=c)
        d.ellipse((170, 280, 530, 320), fill=_shade(c, 0.6))
        d.rounded_rectangle((520, 290, 740, 312), 10, fill=_shade(c, 0.8))
    else:
        d.ellipse((150, 130, 510, 490), fill=c)
        d.ellipse((185, 165, 475, 455), fill=_shade(c, 0.75))
        d.rounded_rectangle((500, 290, 740, 330), 14, fill=_shade(c, 0.85))


def pot(d: ImageDraw.ImageDraw, view: int, c: RGB, *, long_handle: bool = False) -> None:
    if view == 0:
        d.rounded_rectangle((230, 240, 570, 430), 40, fill=c)
        d.ellipse((220, 215, 580, 265), fill=_shade(c, 0.8))
        d.ellipse((370, 195, 430, 225), fill=_shade(c, 0.5))
        if long_handle:
            d.rounded_rectangle((560, 260, 760, 285), 10, fill=_shade(c, 0.7))
        else:
            d.arc((180, 270, 250, 330), 90, 270, fill=_shade(c, 0.7), width=16)
            d.arc((550, 270, 620, 330), 270, 90, fill=_shade(c, 0.7), width=16)
    else:
        d.ellipse((230, 140, 570, 480), fill=c)
        d.ellipse((270, 180, 530, 440), fill=_shade(c, 0.85))
        d.ellipse((370, 280, 430, 340), fill=_shade(c, 0.5))
        if long_handle:
            d.rounded_rectangle((560, 290, 760, 330), 14, fill=_shade(c, 0.7))


def saucepan(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    pot(d, view, c, long_handle=True)


def kettle(d: ImageDraw.ImageDraw, view: int, c: RGB, *, spout: str = "gooseneck") -> None:
    body = (250, 230, 530, 440) if view == 0 else (290, 230, 510, 440)
    d.ellipse(body, fill=c)
    d.rectangle((body[0] + 20, 380, body[2] - 20, 440), fill=c)
    d.ellipse((360, 200, 420, 240), fill=_shade(c, 0.6))
    d.arc((body[2] - 60, 250, body[2] + 60, 380), 270, 90, fill=_shade(c, 0.6), width=18)
    if spout == "gooseneck":
        d.line([(body[0] + 30, 380), (200, 330), (170, 230), (130, 215)], fill=_shade(c, 0.85), width=14, joint="curve")
    else:
        d.polygon([(body[0] + 20, 330), (170, 260), (180, 280), (body[0] + 30, 380)], fill=_shade(c, 0.85))


def teapot(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    kettle(d, view, c, spout="short")


def moka(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    x = 400 if view == 0 else 380
    d.polygon([(x - 110, 450), (x + 110, 450), (x + 80, 340), (x - 80, 340)], fill=c)
    d.rectangle((x - 60, 320, x + 60, 345), fill=_shade(c, 0.7))
    d.polygon([(x - 80, 320), (x + 80, 320), (x + 100, 190), (x - 100, 190)], fill=_shade(c, 1.1))
    d.polygon([(x - 105, 190), (x + 105, 190), (x + 80, 165), (x - 80, 165)], fill=_shade(c, 0.8))
    d.ellipse((x - 15, 145, x + 15, 170), fill=(30, 30, 30))
    d.polygon([(x - 100, 200), (x - 150, 175), (x - 100, 230)], fill=_shade(c, 0.9))
    d.arc((x + 70, 200, x + 170, 330), 270, 90, fill=(30, 30, 30), width=20)


def knife(d: ImageDraw.ImageDraw, view: int, c: RGB, *, length: int = 380) -> None:
    angle = 0 if view == 0 else -25
    cx, cy = 400, 300

    def rot(points):
        a = math.radians(angle)
        return [
            (cx + (x - cx) * math.cos(a) - (y - cy) * math.sin(a), cy + (x - cx) * math.sin(a) + (y - cy) * math.cos(a))
            for x, y in points
        ]

    start = 400 - length // 2
    blade = [(start, 300), (start + 60, 250), (start + length, 255), (start + length, 320), (start + 40, 320)]
    d.polygon(rot(blade), fill=(196, 200, 205))
    d.polygon(rot([(start + length, 262), (start + length + 170, 262), (start + length + 170, 314),
                   (start + length, 314)]), fill=c)  # fmt: skip
    for rivet in (40, 90, 140):
        x = start + length + rivet
        d.ellipse(rot([(x - 6, 282), (x + 6, 294)])[0] + rot([(x - 6, 282), (x + 6, 294)])[1], fill=(210, 210, 210))


def small_knife(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    knife(d, view, c, length=220)


def board(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    if view == 0:
        d.rounded_rectangle((150, 170, 650, 430), 20, fill=c)
        for y in range(190, 420, 26):
            d.line([(170, y), (630, y + 8)], fill=_shade(c, 0.85), width=3)
        d.rectangle((150, 430, 650, 455), fill=_shade(c, 0.7))
    else:
        d.polygon([(200, 380), (600, 380), (680, 220), (280, 220)], fill=c)
        d.polygon([(200, 380), (600, 380), (600, 410), (200, 410)], fill=_shade(c, 0.7))
        for x in range(230, 600, 40):
            d.line([(x, 375), (x + 75, 225)], fill=_shade(c, 0.85), width=3)


def plates(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    if view == 0:
        for i in range(4):
            y = 400 - i * 22
            d.ellipse((170, y - 40, 630, y + 40), fill=_shade(c, 0.75 + i * 0.08), outline=_shade(c, 0.6))
    else:
        d.ellipse((180, 80, 620, 520), fill=c)
        d.ellipse((260, 160, 540, 440), fill=_shade(c, 1.15))
        d.ellipse((250, 150, 550, 450), outline=_shade(c, 0.8), width=4)


def mug(d: ImageDraw.ImageDraw, view: int, c: RGB, *, glass: bool = False) -> None:
    fill = _shade(c, 1.3) if glass else c
    if view == 0:
        d.rounded_rectangle((280, 200, 500, 440), 24, fill=fill, outline=_shade(c, 0.7), width=4 if glass else 0)
        d.ellipse((280, 185, 500, 225), fill=_shade(c, 0.65))
        if glass:
            d.rounded_rectangle((300, 260, 480, 425), 18, fill=(150, 100, 60))
        else:
            d.arc((440, 250, 560, 380), 270, 90, fill=_shade(c, 0.85), width=26)
    else:
        d.ellipse((270, 170, 530, 430), fill=fill, outline=_shade(c, 0.7), width=4)
        d.ellipse((300, 200, 500, 400), fill=(90, 55, 35) if not glass else (150, 100, 60))
        if not glass:
            d.rounded_rectangle((520, 280, 600, 320), 16, fill=_shade(c, 0.85))


def glasses(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    mug(d, view, c, glass=True)


def enamel_mugs(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    mug(d, view, c)
    if view == 0:
        d.ellipse((276, 183, 504, 227), outline=(40, 40, 40), width=6)


def grinder(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    x = 400
    d.rounded_rectangle((x - 70, 220, x + 70, 460), 20, fill=c)
    d.rectangle((x - 70, 300, x + 70, 330), fill=_shade(c, 0.6))
    d.ellipse((x - 20, 195, x + 20, 225), fill=_shade(c, 0.5))
    arm_end = (x + 150, 150) if view == 0 else (x - 150, 160)
    d.line([(x, 205), arm_end], fill=_shade(c, 0.5), width=12)
    d.ellipse((arm_end[0] - 22, arm_end[1] - 22, arm_end[0] + 22, arm_end[1] + 22), fill=(110, 70, 40))


def pour_over(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    if view == 0:
        d.polygon([(260, 190), (540, 190), (440, 330), (360, 330)], fill=c, outline=_shade(c, 0.6))
        for x in (320, 400, 480):
            d.line([(x, 200), (400 + (x - 400) * 0.3, 320)], fill=_shade(c, 0.75), width=3)
        d.ellipse((300, 330, 500, 460), fill=_shade(c, 1.2), outline=_shade(c, 0.6), width=4)
    else:
        d.ellipse((230, 130, 570, 470), fill=c, outline=_shade(c, 0.6), width=4)
        for i in range(6):
            a = math.radians(i * 60)
            d.line([(400, 300), (400 + 160 * math.cos(a), 300 + 160 * math.sin(a))], fill=_shade(c, 0.75), width=3)
        d.ellipse((380, 280, 420, 320), fill=_shade(c, 0.5))


def tin(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    if view == 0:
        d.rectangle((300, 200, 500, 440), fill=c)
        d.ellipse((300, 425, 500, 455), fill=c)
        d.ellipse((300, 185, 500, 215), fill=_shade(c, 0.75))
        d.rectangle((300, 270, 500, 360), fill=(245, 236, 214))
        d.line([(330, 315), (470, 315)], fill=_shade(c, 0.7), width=6)
    else:
        d.ellipse((260, 160, 540, 440), fill=_shade(c, 0.75))
        d.ellipse((290, 190, 510, 410), outline=_shade(c, 0.5), width=6)
        for i in range(14):
            a = math.radians(i * 26)
            d.ellipse((600 + 60 * math.cos(a) - 10, 420 + 30 * math.sin(a) - 5, 600 + 60 * math.cos(a) + 10,
                       420 + 30 * math.sin(a) + 5), fill=(96, 112, 52))  # fmt: skip


def folded(d: ImageDraw.ImageDraw, view: int, c: RGB, *, stripes: bool = False) -> None:
    if view == 0:
        for i in range(3):
            y = 420 - i * 70
            d.rounded_rectangle((200 + i * 6, y - 60, 600 - i * 6, y), 18, fill=_shade(c, 0.8 + i * 0.1))
            if stripes:
                d.line([(200 + i * 6, y - 15), (600 - i * 6, y - 15)], fill=_shade(c, 0.5), width=6)
    else:
        d.polygon([(180, 420), (560, 420), (640, 200), (260, 200)], fill=c)
        d.line([(220, 310), (600, 310)], fill=_shade(c, 0.8), width=4)
        if stripes:
            d.line([(200, 390), (570, 390)], fill=_shade(c, 0.5), width=8)


def towels(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    folded(d, view, c, stripes=True)
    if view == 0:
        for x in range(220, 590, 16):
            d.point([(x, y) for y in range(370, 410, 8)], fill=_shade(c, 0.7))


def cushion(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    box = (220, 140, 580, 460) if view == 0 else (240, 190, 600, 440)
    d.rounded_rectangle(box, 70, fill=c)
    for y in range(box[1] + 30, box[3] - 20, 26):
        for x in range(box[0] + 30, box[2] - 20, 26):
            d.arc((x - 10, y - 8, x + 10, y + 8), 200, 340, fill=_shade(c, 0.8), width=3)


def blanket(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    folded(d, view, c)
    for x in range(210, 590, 24):
        d.line([(x, 170), (x + 12, 185)], fill=_shade(c, 0.75), width=3)


def backpack(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    if view == 0:
        d.rounded_rectangle((270, 140, 530, 470), 70, fill=c)
        d.rounded_rectangle((310, 320, 490, 450), 30, fill=_shade(c, 0.8))
        d.arc((350, 100, 450, 170), 180, 360, fill=_shade(c, 0.6), width=12)
        d.line([(320, 300), (480, 300)], fill=_shade(c, 0.5), width=6)
    else:
        d.rounded_rectangle((320, 140, 480, 470), 60, fill=c)
        d.line([(330, 200), (300, 420)], fill=_shade(c, 0.5), width=22)
        d.rounded_rectangle((470, 280, 520, 420), 16, fill=_shade(c, 0.8))


def socks(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    for i, dx in enumerate((0, 150) if view == 0 else (60,)):
        col = _shade(c, 1 - i * 0.15)
        x = 260 + dx
        d.rounded_rectangle((x, 120, x + 100, 380), 30, fill=col)
        d.rounded_rectangle((x, 320, x + 190, 420), 45, fill=col)
        d.rectangle((x, 120, x + 100, 160), fill=_shade(col, 0.7))
        d.ellipse((x + 130, 350, x + 190, 420), fill=_shade(col, 0.8))


def bottle(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    x = 400 if view == 0 else 380
    d.rounded_rectangle((x - 75, 180, x + 75, 480), 45, fill=c)
    d.rounded_rectangle((x - 45, 120, x + 45, 190), 14, fill=(50, 50, 50))
    d.arc((x + 20, 90, x + 80, 150), 180, 90, fill=(50, 50, 50), width=10)
    d.line([(x - 40, 220), (x - 40, 440)], fill=_shade(c, 1.3), width=10)


def poles(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    spread = 90 if view == 0 else 40
    for dx in (-spread, spread):
        top, bottom = (400 + dx, 110), (400 + dx * 1.6, 500)
        d.line([top, bottom], fill=c, width=12)
        d.rounded_rectangle((top[0] - 16, top[1], top[0] + 16, top[1] + 90), 12, fill=(176, 131, 82))
        d.line([(bottom[0], bottom[1] - 20), bottom], fill=(40, 40, 40), width=8)


def tent(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    if view == 0:
        d.polygon([(140, 440), (400, 150), (660, 440)], fill=c)
        d.polygon([(330, 440), (400, 260), (470, 440)], fill=_shade(c, 0.55))
        d.line([(400, 150), (400, 120)], fill=(60, 60, 60), width=6)
    else:
        d.chord((160, 180, 640, 620), 180, 360, fill=c)
        d.line([(180, 400), (620, 400)], fill=_shade(c, 0.7), width=6)
        d.arc((220, 200, 580, 600), 200, 340, fill=_shade(c, 0.6), width=6)
    d.line([(100, 445), (700, 445)], fill=(120, 110, 95), width=4)


def sleeping_bag(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    if view == 0:
        d.rounded_rectangle((180, 200, 650, 400), 100, fill=c)
        for x in range(250, 620, 50):
            d.line([(x, 210), (x, 390)], fill=_shade(c, 0.8), width=4)
        d.ellipse((560, 230, 640, 370), fill=_shade(c, 0.6))
    else:
        d.rounded_rectangle((320, 180, 480, 440), 70, fill=c)
        d.line([(330, 260), (470, 260)], fill=_shade(c, 0.6), width=6)
        d.line([(330, 360), (470, 360)], fill=_shade(c, 0.6), width=6)


def notebook(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    if view == 0:
        d.rounded_rectangle((260, 120, 540, 480), 12, fill=c)
        d.rectangle((500, 120, 512, 480), fill=_shade(c, 0.5))
        d.rectangle((300, 180, 460, 220), fill=_shade(c, 1.3))
    else:
        d.polygon([(140, 200), (400, 230), (400, 470), (140, 440)], fill=(250, 247, 238))
        d.polygon([(400, 230), (660, 200), (660, 440), (400, 470)], fill=(252, 250, 243))
        for y in range(250, 440, 22):
            for x in range(170, 640, 22):
                if abs(x - 400) > 14:
                    d.point((x, y + (20 if x < 400 else 0) * 0), fill=(170, 170, 170))
        d.line([(400, 230), (400, 470)], fill=_shade(c, 0.6), width=4)
        d.polygon([(130, 205), (140, 200), (140, 440), (130, 446)], fill=c)


def pen(d: ImageDraw.ImageDraw, view: int, c: RGB, *, tip: RGB = (200, 170, 80)) -> None:
    angle = -20 if view == 0 else 20
    a = math.radians(angle)

    def pt(x, y):
        return (400 + x * math.cos(a) - y * math.sin(a), 300 + x * math.sin(a) + y * math.cos(a))

    d.polygon([pt(-260, -22), pt(180, -22), pt(180, 22), pt(-260, 22)], fill=c)
    d.polygon([pt(180, -18), pt(260, 0), pt(180, 18)], fill=tip)
    d.polygon([pt(-200, -26), pt(-60, -26), pt(-60, 26), pt(-200, 26)], fill=_shade(c, 0.75))
    d.line([pt(-190, -30), pt(-80, -30)], fill=(200, 200, 200), width=5)


def pencil(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    pen(d, view, c, tip=(150, 150, 150))


def ink(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    x = 400 if view == 0 else 380
    d.rounded_rectangle((x - 110, 220, x + 110, 460), 24, fill=(225, 232, 238), outline=(150, 160, 170), width=4)
    d.rounded_rectangle((x - 100, 300, x + 100, 450), 18, fill=c)
    d.rectangle((x - 45, 160, x + 45, 225), fill=(40, 40, 40))
    d.rectangle((x - 70, 250, x + 70, 290), fill=(250, 248, 240))


def headphones(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    if view == 0:
        d.arc((230, 100, 570, 440), 180, 360, fill=c, width=26)
        d.rounded_rectangle((200, 260, 290, 420), 36, fill=c)
        d.rounded_rectangle((510, 260, 600, 420), 36, fill=c)
        d.rounded_rectangle((260, 280, 300, 400), 16, fill=_shade(c, 0.6))
        d.rounded_rectangle((500, 280, 540, 400), 16, fill=_shade(c, 0.6))
    else:
        d.arc((280, 120, 520, 360), 200, 340, fill=c, width=22)
        d.ellipse((300, 250, 480, 430), fill=c)
        d.ellipse((340, 290, 440, 390), fill=_shade(c, 0.6))


def earbuds(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    d.line([(330, 300), (380, 420), (400, 500)], fill=(40, 40, 40), width=5, joint="curve")
    d.line([(470, 300), (420, 420), (400, 500)], fill=(40, 40, 40), width=5, joint="curve")
    r = 42 if view == 0 else 60
    for x in (330, 470):
        d.ellipse((x - r, 300 - r, x + r, 300 + r), fill=c)
        d.ellipse((x - r / 2, 300 - r / 2, x + r / 2, 300 + r / 2), fill=_shade(c, 0.6))


def speakers(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    boxes = [(150, 140, 360, 470), (440, 140, 650, 470)] if view == 0 else [(280, 130, 520, 480)]
    for x0, y0, x1, y1 in boxes:
        d.rectangle((x0, y0, x1, y1), fill=c)
        cx = (x0 + x1) / 2
        d.ellipse((cx - 25, y0 + 40, cx + 25, y0 + 90), fill=(40, 40, 40))
        d.ellipse((cx - 75, y0 + 130, cx + 75, y0 + 280), fill=(40, 40, 40))
        d.ellipse((cx - 30, y0 + 175, cx + 30, y0 + 235), fill=(90, 90, 90))


def portable_speaker(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    if view == 0:
        d.rounded_rectangle((200, 220, 600, 420), 100, fill=c)
        for y in range(250, 400, 18):
            for x in range(250, 560, 18):
                d.ellipse((x - 3, y - 3, x + 3, y + 3), fill=_shade(c, 0.6))
    else:
        d.ellipse((280, 160, 520, 440), fill=c)
        d.ellipse((330, 210, 470, 390), fill=_shade(c, 0.7))


def radio(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    x0 = 180 if view == 0 else 240
    d.rounded_rectangle((x0, 180, x0 + 440, 440), 24, fill=c)
    d.rounded_rectangle((x0 + 30, 210, x0 + 240, 410), 16, fill=(70, 60, 50))
    for y in range(225, 400, 14):
        d.line([(x0 + 45, y), (x0 + 225, y)], fill=(95, 85, 72), width=4)
    d.rectangle((x0 + 270, 220, x0 + 410, 270), fill=(214, 224, 196))
    d.ellipse((x0 + 270, 320, x0 + 330, 380), fill=(230, 225, 210))
    d.ellipse((x0 + 350, 320, x0 + 410, 380), fill=(230, 225, 210))


def parcel(d: ImageDraw.ImageDraw, view: int, c: RGB) -> None:
    """Any other product: a plain box in its category's colour."""
    d.polygon([(250, 250), (400, 190), (550, 250), (400, 310)], fill=_shade(c, 1.2))
    d.polygon([(250, 250), (400, 310), (400, 470), (250, 410)], fill=c)
    d.polygon([(400, 310), (550, 250), (550, 410), (400, 470)], fill=_shade(c, 0.75))


# SKU -> (shape, colour)
SHAPES: dict[str, tuple[Shape, str]] = {
    "KIT-001": (pan, "#3b3f45"), "KIT-002": (pot, "#b23a2b"), "KIT-003": (saucepan, "#a9b0b8"),
    "KIT-004": (knife, "#8a5a33"), "KIT-005": (small_knife, "#8a5a33"), "KIT-006": (board, "#b0834f"),
    "KIT-007": (plates, "#5e9c8f"), "KIT-008": (towels, "#c9b99a"),
    "CT-001": (grinder, "#9ea4aa"), "CT-002": (pour_over, "#c8dde3"), "CT-003": (moka, "#b8bcc0"),
    "CT-004": (kettle, "#d0d3d6"), "CT-005": (tin, "#4f7d5a"), "CT-006": (tin, "#6b8f3a"),
    "CT-007": (teapot, "#2f3a35"), "CT-008": (mug, "#d8cdb9"), "CT-009": (glasses, "#c9dbe2"),
    "HT-001": (folded, "#d9ccb1"), "HT-002": (folded, "#eef0f2"), "HT-003": (blanket, "#8c7b6a"),
    "HT-004": (towels, "#e4e0d6"), "HT-005": (towels, "#7aa3b8"), "HT-006": (cushion, "#c58f7a"),
    "HT-007": (blanket, "#b9a98c"),
    "OD-001": (backpack, "#2e5e4e"), "OD-002": (socks, "#6d5a8a"), "OD-003": (bottle, "#3f6e8c"),
    "OD-004": (poles, "#5d6065"), "OD-005": (tent, "#d07a2a"), "OD-006": (enamel_mugs, "#2f5f9e"),
    "OD-007": (sleeping_bag, "#b3412f"),
    "ST-001": (notebook, "#1f3a5f"), "ST-002": (notebook, "#b08d62"), "ST-003": (notebook, "#7a4a2a"),
    "ST-004": (pen, "#b58b3b"), "ST-005": (pencil, "#3a3d42"), "ST-006": (ink, "#25355e"),
    "AU-001": (headphones, "#2c2f33"), "AU-002": (earbuds, "#e8e8e8"), "AU-003": (speakers, "#c9a77c"),
    "AU-004": (portable_speaker, "#c0533a"), "AU-005": (radio, "#6b4a2e"),
}  # fmt: skip


def picture_draw(*, sku: str, fallback_colour: str, view: int) -> bytes:
    """A JPEG of the product ``sku`` from ``view`` (0 front, 1 another angle, 2 close-up of the front)."""
    shape, colour = SHAPES.get(sku, (parcel, fallback_colour))
    picture = Image.new("RGB", IMAGE_SIZE, BACKGROUND)
    shadow = Image.new("L", IMAGE_SIZE, 0)
    ImageDraw.Draw(shadow).ellipse((190, 440, 610, 500), fill=70)
    picture.paste((205, 200, 190), mask=shadow.filter(ImageFilter.GaussianBlur(18)))
    draw = ImageDraw.Draw(picture)
    shape(draw, 1 if view == 1 else 0, _rgb(colour))
    if view == 2:  # close-up: the middle of the front view, enlarged
        picture = picture.crop((200, 150, 600, 450)).resize(IMAGE_SIZE, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80, optimize=True)
    return buffer.getvalue()


def picture_alt(*, name: str, view: int) -> str:
    return f"{name}, {VIEWS[view]} (drawn illustration)"
