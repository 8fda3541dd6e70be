"""Stand-in news photos drawn with Pillow, so demo data needs no network, no stock images and no binary files.

Each picture is a simple scene (a skyline, fields, a river, a meeting hall, a stadium, a street) whose colours
come from a seed: the same seed always gives the same image, and different articles look different on a page
of cards.
"""

import colorsys
import io
import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw

SIZE = (1200, 800)
JPEG_QUALITY = 82
# Drawn at half size and enlarged: the bicubic enlargement softens the hard polygon edges the way a lens
# would, and drawing a quarter of the pixels keeps a full seed run to a couple of seconds.
_DRAW_SCALE = 2

MOTIFS_BY_SECTION: dict[str, tuple[str, ...]] = {
    "thoi-su": ("street", "river", "hall"),
    "chinh-tri": ("hall", "city"),
    "kinh-te": ("city", "fields", "street"),
    "xa-hoi": ("street", "city", "hall"),
    "quoc-phong-an-ninh": ("hall", "fields", "street"),
    "phap-luat": ("hall", "street", "river"),
    "van-hoa-the-thao": ("stadium", "river", "hall"),
    "giao-duc": ("city", "hall", "stadium"),
    "suc-khoe": ("hall", "city", "street"),
    "nong-nghiep-nong-thon": ("fields", "river", "street"),
    "do-thi": ("city", "street", "river"),
    "ban-doc": ("street", "city"),
}

Colour = tuple[int, int, int, int]


def _hsl(hue: float, saturation: float, lightness: float, alpha: int = 255) -> Colour:
    red, green, blue = colorsys.hls_to_rgb(hue % 1.0, min(max(lightness, 0), 1), min(max(saturation, 0), 1))
    return round(red * 255), round(green * 255), round(blue * 255), alpha


def _vertical_gradient(width: int, height: int, top: Colour, bottom: Colour) -> Image.Image:
    column = Image.new("RGB", (1, height))
    column.putdata(
        [
            tuple(round(top[channel] + (bottom[channel] - top[channel]) * row / (height - 1)) for channel in range(3))
            for row in range(height)
        ]
    )
    return column.resize((width, height), Image.Resampling.NEAREST)


def _glow(draw: ImageDraw.ImageDraw, x: float, y: float, radius: float, colour: Colour) -> None:
    """A soft light source: stacked translucent discs read as a sun or a stage light."""
    for step in range(6, 0, -1):
        r = radius * step / 3
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour[:3] + (18,))
    draw.ellipse([x - radius / 2, y - radius / 2, x + radius / 2, y + radius / 2], fill=colour[:3] + (230,))


def _tree(draw: ImageDraw.ImageDraw, x: float, base: float, size: float, hue: float, rng: random.Random) -> None:
    draw.rectangle([x - size * 0.08, base - size * 0.6, x + size * 0.08, base], fill=_hsl(0.07, 0.35, 0.22))
    for _ in range(3):
        dx, dy = rng.uniform(-0.3, 0.3) * size, rng.uniform(-0.25, 0.1) * size
        r = size * rng.uniform(0.35, 0.5)
        cx, cy = x + dx, base - size * 0.8 + dy
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=_hsl(hue, 0.45, rng.uniform(0.2, 0.32)))


def _paint_city(draw: ImageDraw.ImageDraw, w: int, h: int, hue: float, rng: random.Random) -> None:
    horizon = int(h * rng.uniform(0.68, 0.78))
    _glow(draw, rng.uniform(0.15, 0.85) * w, h * 0.22, h * 0.06, _hsl(0.12, 0.9, 0.85))
    for layer, lightness in ((0, 0.62), (1, 0.42)):
        x = -rng.randint(0, 20)
        while x < w:
            bw = rng.randint(28, 70)
            bh = rng.randint(int(h * 0.18), int(h * (0.55 if layer else 0.45)))
            top = horizon - bh - (0 if layer else rng.randint(10, 30))
            colour = _hsl(hue + rng.uniform(-0.06, 0.06), rng.uniform(0.08, 0.25), lightness + rng.uniform(-0.08, 0.08))
            draw.rectangle([x, top, x + bw, horizon], fill=colour)
            if layer:
                lit = _hsl(0.13, 0.55, 0.8, 210)
                for wy in range(top + 8, horizon - 10, 11):
                    for wx in range(x + 5, x + bw - 6, 9):
                        if rng.random() < 0.55:
                            draw.rectangle([wx, wy, wx + 4, wy + 5], fill=lit)
            x += bw + rng.randint(-8, 8)
    draw.rectangle([0, horizon, w, h], fill=_hsl(hue, 0.06, 0.28))
    for x in range(0, w, 48):
        draw.rectangle(
            [x, horizon + (h - horizon) // 2 - 2, x + 26, horizon + (h - horizon) // 2 + 2], fill=_hsl(0.14, 0.2, 0.85)
        )


def _paint_fields(draw: ImageDraw.ImageDraw, w: int, h: int, hue: float, rng: random.Random) -> None:
    _glow(draw, rng.uniform(0.2, 0.8) * w, h * rng.uniform(0.15, 0.3), h * 0.07, _hsl(0.11, 0.95, 0.8))
    green = 0.22 + rng.uniform(0, 0.12)
    for band, base in enumerate((0.5, 0.58, 0.68)):
        phase, amplitude, length = rng.uniform(0, math.tau), h * rng.uniform(0.03, 0.07), rng.uniform(0.6, 1.4)
        points = [(x, h * base + amplitude * math.sin(phase + x / w * math.tau * length)) for x in range(0, w + 20, 20)]
        draw.polygon([(0, h), *points, (w, h)], fill=_hsl(green + band * 0.03, 0.4, 0.42 - band * 0.07))
    vanish_x, top = w * rng.uniform(0.35, 0.65), h * 0.7
    for i in range(-14, 15):
        draw.line([(vanish_x + i * 6, top), (vanish_x + i * 70, h)], fill=_hsl(green, 0.5, 0.2, 150), width=3)
    for _ in range(rng.randint(3, 6)):
        _tree(draw, rng.uniform(0, w), h * rng.uniform(0.52, 0.62), h * rng.uniform(0.06, 0.12), green, rng)


def _paint_river(draw: ImageDraw.ImageDraw, w: int, h: int, hue: float, rng: random.Random) -> None:
    horizon = int(h * rng.uniform(0.45, 0.55))
    _glow(draw, rng.uniform(0.2, 0.8) * w, horizon - h * 0.12, h * 0.05, _hsl(0.1, 0.9, 0.78))
    for x in range(-10, w + 10, 14):
        _tree(
            draw, x + rng.uniform(-4, 4), horizon + 2, h * rng.uniform(0.07, 0.14), 0.28 + rng.uniform(-0.04, 0.04), rng
        )
    # Blue on a clear day or the brown of the Đồng Nai in flood: never the seed's arbitrary hue.
    water_hue = rng.choice((0.55, 0.58, 0.09, 0.11))
    water_top, water_bottom = _hsl(water_hue, 0.35, 0.55), _hsl(water_hue + 0.02, 0.4, 0.35)
    for y in range(horizon, h):
        t = (y - horizon) / (h - horizon)
        draw.line(
            [(0, y), (w, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(water_top, water_bottom, strict=True))
        )
    for _ in range(60):
        y, x, length = rng.uniform(horizon + 4, h), rng.uniform(0, w), rng.uniform(10, 60)
        draw.line([(x, y), (x + length, y)], fill=(255, 255, 255, 60), width=1)
    for _ in range(rng.randint(1, 3)):
        bx, by, bl = rng.uniform(0.1, 0.8) * w, rng.uniform(horizon + 20, h - 30), rng.uniform(50, 90)
        draw.polygon(
            [(bx, by), (bx + bl, by), (bx + bl * 0.85, by + 12), (bx + bl * 0.12, by + 12)],
            fill=_hsl(hue + rng.uniform(0, 0.2), 0.6, 0.45),
        )
        for i in range(rng.randint(3, 7)):
            px = bx + 8 + i * bl / 8
            draw.ellipse([px - 3, by - 12, px + 3, by - 6], fill=_hsl(0.07, 0.3, 0.25))
            draw.rectangle([px - 3, by - 6, px + 3, by], fill=_hsl(rng.random(), 0.6, 0.5))


def _paint_hall(draw: ImageDraw.ImageDraw, w: int, h: int, hue: float, rng: random.Random) -> None:
    banner_top, banner_bottom = h * 0.12, h * rng.uniform(0.3, 0.38)
    draw.rectangle([w * 0.06, banner_top, w * 0.94, banner_bottom], fill=_hsl(hue, 0.65, 0.38))
    for i in range(3):
        y = banner_top + (banner_bottom - banner_top) * (0.3 + i * 0.22)
        draw.rectangle([w * 0.2, y, w * (0.8 - i * 0.08), y + 5], fill=_hsl(0.14, 0.85, 0.78, 230))
    stage = h * 0.58
    draw.rectangle([0, stage, w, h], fill=_hsl(hue + 0.05, 0.2, 0.3))
    podium_x = w * rng.uniform(0.3, 0.7)
    draw.rectangle([podium_x - 26, stage - 60, podium_x + 26, stage + 10], fill=_hsl(0.08, 0.45, 0.35))
    draw.ellipse([podium_x - 9, stage - 96, podium_x + 9, stage - 76], fill=_hsl(0.07, 0.35, 0.3))
    draw.rectangle([podium_x - 14, stage - 78, podium_x + 14, stage - 58], fill=_hsl(0.6, 0.2, 0.2))
    for i in range(8):
        fx = podium_x - 26 + i * 7.5
        draw.ellipse([fx - 6, stage + 4, fx + 6, stage + 16], fill=_hsl(rng.choice((0.0, 0.12, 0.9)), 0.8, 0.6))
    for row, y in enumerate((h * 0.78, h * 0.88, h * 0.99)):
        size = 10 + row * 4
        x = rng.uniform(-size, 0)
        while x < w + size:
            draw.ellipse(
                [x - size * 1.4, y - size * 0.2, x + size * 1.4, y + size * 2],
                fill=_hsl(rng.choice((0.6, 0.0, 0.1)), 0.25, rng.uniform(0.2, 0.5)),
            )
            draw.ellipse(
                [x - size * 0.7, y - size * 1.6, x + size * 0.7, y - size * 0.1],
                fill=_hsl(0.06, 0.3, rng.uniform(0.12, 0.3)),
            )
            x += size * 3 + rng.uniform(-2, 2)


def _paint_stadium(draw: ImageDraw.ImageDraw, w: int, h: int, hue: float, rng: random.Random) -> None:
    stands = h * 0.4
    draw.rectangle([0, h * 0.12, w, stands], fill=_hsl(hue, 0.2, 0.35))
    for y in range(int(h * 0.14), int(stands) - 4, 7):
        for x in range(rng.randint(0, 6), w, 7):
            if rng.random() < 0.8:
                draw.rectangle(
                    [x, y, x + 4, y + 4],
                    fill=_hsl(rng.choice((hue, hue + 0.5, 0.0, 0.15)), 0.6, rng.uniform(0.35, 0.75)),
                )
    grass = 0.27 + rng.uniform(-0.03, 0.05)
    stripes = 9
    for i in range(stripes):
        x0, x1 = w * i / stripes, w * (i + 1) / stripes
        draw.polygon(
            [
                (x0 * 0.8 + w * 0.1, stands),
                (x1 * 0.8 + w * 0.1, stands),
                (x1 * 1.4 - w * 0.2, h),
                (x0 * 1.4 - w * 0.2, h),
            ],
            fill=_hsl(grass, 0.5, 0.38 if i % 2 else 0.33),
        )
    draw.rectangle([0, stands, w * 0.1, h], fill=_hsl(grass, 0.45, 0.3))
    draw.rectangle([w * 0.9, stands, w, h], fill=_hsl(grass, 0.45, 0.3))
    white = (245, 245, 240, 220)
    draw.line([(w * 0.5, stands), (w * 0.5, h)], fill=white, width=3)
    draw.ellipse([w * 0.5 - 90, h * 0.62, w * 0.5 + 90, h * 0.86], outline=white, width=3)
    for _ in range(rng.randint(6, 12)):
        px, py = rng.uniform(0.1, 0.9) * w, rng.uniform(0.5, 0.92) * h
        scale = 0.6 + (py / h)
        colour = _hsl(hue + (0.5 if rng.random() < 0.5 else 0), 0.75, 0.5)
        draw.rectangle([px - 5 * scale, py - 18 * scale, px + 5 * scale, py], fill=colour)
        draw.ellipse([px - 4 * scale, py - 27 * scale, px + 4 * scale, py - 19 * scale], fill=_hsl(0.07, 0.35, 0.3))


def _paint_street(draw: ImageDraw.ImageDraw, w: int, h: int, hue: float, rng: random.Random) -> None:
    horizon, vanish_x = h * 0.52, w * rng.uniform(0.4, 0.6)
    for side in (-1, 1):
        x = vanish_x + side * 30
        depth = 0
        while 0 < x < w and depth < 12:
            bw = rng.uniform(30, 60) * (1 + depth * 0.25)
            bh = rng.uniform(40, 90) * (1 + depth * 0.2)
            x0, x1 = sorted((x, x + side * bw))
            draw.rectangle(
                [x0, horizon - bh, x1, horizon + 6 * depth],
                fill=_hsl(hue + rng.uniform(-0.1, 0.1), rng.uniform(0.15, 0.45), rng.uniform(0.45, 0.75)),
            )
            draw.rectangle([x0 + 4, horizon - bh + 8, x1 - 4, horizon - bh + 18], fill=_hsl(rng.random(), 0.6, 0.55))
            x += side * (bw + 2)
            depth += 1
    draw.polygon(
        [(vanish_x - 12, horizon), (vanish_x + 12, horizon), (w * 1.1, h), (-w * 0.1, h)], fill=_hsl(hue, 0.05, 0.33)
    )
    for i in range(8):
        t0, t1 = (i / 8) ** 1.6, ((i + 0.5) / 8) ** 1.6
        draw.line(
            [(vanish_x, horizon + (h - horizon) * t0), (vanish_x, horizon + (h - horizon) * t1)],
            fill=(240, 235, 210, 230),
            width=max(1, int(1 + 5 * t1)),
        )
    for side in (-1, 1):
        for i in range(1, 6):
            t = i / 6
            _tree(draw, vanish_x + side * (20 + t * w * 0.55), horizon + (h - horizon) * t * 0.8, 20 + 70 * t, 0.3, rng)
    for _ in range(rng.randint(4, 9)):
        t = rng.uniform(0.25, 0.95)
        cx = vanish_x + rng.uniform(-0.4, 0.4) * t * w
        cy = horizon + (h - horizon) * t
        s = 4 + 16 * t
        draw.rectangle([cx - s * 0.4, cy - s * 1.6, cx + s * 0.4, cy - s * 0.5], fill=_hsl(rng.random(), 0.6, 0.45))
        draw.ellipse([cx - s * 0.45, cy - s * 2.3, cx + s * 0.45, cy - s * 1.5], fill=_hsl(rng.random(), 0.7, 0.5))
        draw.rectangle([cx - s * 0.2, cy - s * 0.6, cx + s * 0.2, cy], fill=(30, 30, 30, 255))


PAINTERS: dict[str, Callable[[ImageDraw.ImageDraw, int, int, float, random.Random], None]] = {
    "city": _paint_city,
    "fields": _paint_fields,
    "river": _paint_river,
    "hall": _paint_hall,
    "stadium": _paint_stadium,
    "street": _paint_street,
}


def motif_for(section_slug: str, index: int) -> str:
    motifs = MOTIFS_BY_SECTION.get(section_slug, ("city", "street"))
    return motifs[index % len(motifs)]


def render_photo(seed: str, motif: str = "city") -> bytes:
    """A JPEG of SIZE pixels; the same seed and motif always give the same picture."""
    rng = random.Random(seed)
    hue = rng.random()
    width, height = SIZE[0] // _DRAW_SCALE, SIZE[1] // _DRAW_SCALE
    indoor = motif == "hall"
    top = _hsl(hue + 0.08, 0.25, 0.82) if indoor else _hsl(0.55 + rng.uniform(-0.06, 0.06), 0.55, 0.55)
    bottom = _hsl(hue + 0.1, 0.2, 0.62) if indoor else _hsl(hue, 0.55, 0.82)
    image = _vertical_gradient(width, height, top, bottom)
    PAINTERS[motif](ImageDraw.Draw(image, "RGBA"), width, height, hue, rng)
    image = image.resize(SIZE, Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()
