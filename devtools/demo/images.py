"""Demo images drawn locally with Pillow: abstract compositions, no downloads.

Each motif lays out a list of shapes from a seeded random generator, so the
same spec always gives the same picture and the same focal point. Laying out
is cheap; painting happens only when an image is first created.
"""

import io
import random
from typing import NamedTuple

from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.images.rect import Rect

from core.factories import ImageFactory

SIZES = {"hero": (1600, 900), "portrait": (600, 600)}
# Painted at twice the size and scaled down, for smooth edges.
SUPERSAMPLE = 2

# (top of gradient, bottom of gradient, shape colours). Named after their
# colours so the alt text in content.py can say what is shown.
PALETTES = {
    "navy-coral-gold": ("#1d2b4f", "#2f4170", ["#f26b5b", "#f6b93b", "#fbe3c4", "#4f7cac"]),
    "teal-sand": ("#0f4c5c", "#176b7d", ["#e9c46a", "#f4a261", "#f7ede2", "#2a9d8f"]),
    "plum-peach": ("#3d1f3f", "#5b2f5c", ["#ffb4a2", "#e5989b", "#ffe5d9", "#b5838d"]),
    "forest-lime": ("#1b3a2f", "#24513f", ["#a7c957", "#f2e8cf", "#6a994e", "#e9d985"]),
    "indigo-sky": ("#22223b", "#33335a", ["#9ad1d4", "#c9ada7", "#f2e9e4", "#7f9cf5"]),
    "charcoal-amber": ("#2b2d31", "#3b3e44", ["#ffb703", "#fb8500", "#e0e0e0", "#8ecae6"]),
    "berry-mint": ("#4a1942", "#66245b", ["#8be0c5", "#f8c8dc", "#fdf0d5", "#c64191"]),
}


class Shape(NamedTuple):
    kind: str  # "ellipse", "polygon", "tile" or "lines"
    geometry: tuple  # a box, a list of points, or a list of line segments
    fill: str
    alpha: int = 255


def _circle_box(cx, cy, r):
    return (cx - r, cy - r, cx + r, cy + r)


# --- Motifs: (rng, width, height, colours) -> (shapes, focus box) -------------


def _circles(rng, width, height, colours):
    shapes = [
        Shape(
            "ellipse",
            _circle_box(rng.uniform(0, width), rng.uniform(0, height), rng.uniform(0.08, 0.22) * width),
            rng.choice(colours),
            rng.randint(90, 170),
        )
        for _ in range(7)
    ]
    # The main circle sits off-centre, where a crop should keep it.
    focus = _circle_box(rng.uniform(0.3, 0.7) * width, rng.uniform(0.35, 0.65) * height, 0.2 * height)
    return shapes + [Shape("ellipse", focus, colours[0], 235)], focus


def _bands(rng, width, height, colours):
    step = width // 6
    shapes = [
        Shape(
            "polygon",
            ((x, height), (x + step * 0.6, height), (x + step * 0.6 + height, 0), (x + height, 0)),
            colours[i % len(colours)],
            rng.randint(60, 130),
        )
        for i, x in enumerate(range(-height, width + height, step))
    ]
    focus = _circle_box(rng.uniform(0.55, 0.8) * width, rng.uniform(0.25, 0.45) * height, 0.16 * height)
    return shapes + [Shape("ellipse", focus, colours[1], 240)], focus


def _grid(rng, width, height, colours):
    """Many small tiles with one larger tile: many leaders, one shared goal."""
    cols, rows = 12, 7
    cell_w, cell_h = width / cols, height / rows
    gap = cell_w * 0.12
    shapes = []
    for col in range(cols):
        for row in range(rows):
            if rng.random() < 0.25:
                continue
            box = (col * cell_w + gap, row * cell_h + gap, (col + 1) * cell_w - gap, (row + 1) * cell_h - gap)
            shapes.append(Shape("tile", box, rng.choice(colours), rng.randint(70, 200)))
    col, row = rng.randint(3, cols - 5), rng.randint(1, rows - 3)
    focus = (col * cell_w + gap, row * cell_h + gap, (col + 2) * cell_w - gap, (row + 2) * cell_h - gap)
    return shapes + [Shape("tile", focus, colours[0], 245)], focus


def _network(rng, width, height, colours):
    """Nodes joined by lines around one larger hub."""
    hub = (rng.uniform(0.4, 0.6) * width, rng.uniform(0.4, 0.6) * height)
    nodes = [(rng.uniform(0.05, 0.95) * width, rng.uniform(0.08, 0.92) * height) for _ in range(14)]
    links = [(hub, node) for node in nodes] + [(node, nodes[(i + 3) % len(nodes)]) for i, node in enumerate(nodes)]
    shapes = [Shape("lines", tuple(links), colours[2], 150)]
    shapes += [
        Shape("ellipse", _circle_box(*node, rng.uniform(0.012, 0.03) * width), rng.choice(colours), 230)
        for node in nodes
    ]
    focus = _circle_box(*hub, 0.09 * height)
    return shapes + [Shape("ellipse", focus, colours[0], 250)], focus


def _arcs(rng, width, height, colours):
    """Concentric arcs rising from the bottom edge, like a sunrise."""
    cx, cy = rng.uniform(0.3, 0.7) * width, height * 1.05
    radii = range(int(height * 1.1), 0, -int(height * 0.14))
    shapes = [Shape("ellipse", _circle_box(cx, cy, r), colours[i % len(colours)], 200) for i, r in enumerate(radii)]
    r = height * 0.3
    return shapes, (cx - r, cy - r, cx + r, height)


def _portrait(rng, width, height, colours):
    """A simple head-and-shoulders silhouette standing in for a photo."""
    head = _circle_box(width / 2, height * 0.43, width * 0.17)
    shapes = [
        Shape("ellipse", _circle_box(width / 2, height * 0.55, width * 0.42), colours[3], 120),
        Shape("ellipse", (width * 0.2, height * 0.64, width * 0.8, height * 1.25), colours[0]),
        Shape("ellipse", head, colours[2]),
    ]
    return shapes, head


MOTIFS = {
    "circles": _circles,
    "bands": _bands,
    "grid": _grid,
    "network": _network,
    "arcs": _arcs,
    "portrait": _portrait,
}


def layout(spec):
    """The shapes of a spec's picture and the rectangle a crop should keep."""
    width, height = SIZES[spec["kind"]]
    colours = PALETTES[spec["palette"]][2]
    shapes, (left, top, right, bottom) = MOTIFS[spec["motif"]](random.Random(spec["seed"]), width, height, colours)
    focus = Rect(max(0, round(left)), max(0, round(top)), min(width, round(right)), min(height, round(bottom)))
    return shapes, focus


# --- Painting ---------------------------------------------------------------


def _rgba(colour, alpha=255):
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4)) + (alpha,)


def _gradient(size, top, bottom):
    height = size[1]
    top, bottom = _rgba(top), _rgba(bottom)
    strip = PILImage.new("RGBA", (1, height))
    for y in range(height):
        mix = y / max(1, height - 1)
        strip.putpixel((0, y), tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=False)))
    return strip.resize(size)


def _scale(geometry, factor):
    if isinstance(geometry[0], (int, float)):
        return tuple(value * factor for value in geometry)
    return tuple(_scale(part, factor) for part in geometry)


def _draw(draw, shape):
    fill = _rgba(shape.fill, shape.alpha)
    if shape.kind == "ellipse":
        draw.ellipse(shape.geometry, fill=fill)
    elif shape.kind == "polygon":
        draw.polygon(shape.geometry, fill=fill)
    elif shape.kind == "tile":
        left, _, right, _ = shape.geometry
        draw.rounded_rectangle(shape.geometry, radius=(right - left) * 0.15, fill=fill)
    elif shape.kind == "lines":
        for segment in shape.geometry:
            draw.line(segment, fill=fill, width=4 * SUPERSAMPLE)


def paint(spec, shapes):
    size = SIZES[spec["kind"]]
    top, bottom, _ = PALETTES[spec["palette"]]
    canvas = _gradient((size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE), top, bottom)
    for shape in shapes:
        # One layer per shape, so translucent shapes blend where they overlap.
        layer = PILImage.new("RGBA", canvas.size, (0, 0, 0, 0))
        _draw(ImageDraw.Draw(layer), shape._replace(geometry=_scale(shape.geometry, SUPERSAMPLE)))
        canvas = PILImage.alpha_composite(canvas, layer)
    return canvas.convert("RGB").resize(size, PILImage.Resampling.LANCZOS)


# --- Wagtail images -----------------------------------------------------------

FOCUS_FIELDS = ("focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height")


def _image_file(picture, title):
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85, optimize=True)
    return ImageFile(buffer, name=f"{slugify(title)}.jpg")


def _set_focus(image, rect):
    # Whole pixels, as the database stores them, so a re-run compares equal.
    values = (round(rect.centroid_x), round(rect.centroid_y), rect.width, rect.height)
    for name, value in zip(FOCUS_FIELDS, values, strict=False):
        setattr(image, name, value)


def _state(image):
    return (image.description, *(getattr(image, name) for name in FOCUS_FIELDS))


def upsert_image(spec):
    """Create the image named by spec["title"], or bring its alt text and focal point up to date.

    Existing files are never redrawn, so a second run writes nothing.
    Returns (image, "created" | "updated" | "unchanged").
    """
    Image = get_image_model()
    shapes, focus = layout(spec)
    image = Image.objects.filter(title=spec["title"]).first()
    if image is None:
        image = ImageFactory.build(title=spec["title"], file=_image_file(paint(spec, shapes), spec["title"]))
        image._set_image_file_metadata()
        status = "created"
    else:
        status = "updated"
    before = _state(image)
    image.description = spec["description"]
    _set_focus(image, focus)
    if status == "updated" and _state(image) == before:
        return image, "unchanged"
    image.save()
    return image, status
