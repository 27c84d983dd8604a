"""Demo images drawn locally with Pillow: flat illustrations of the stories' subjects (a classroom, a team at
a table, a school, a video call, a conversation, a path of steps, a person), no downloads.

Each scene lays out a list of shapes from a seeded random generator, so the same spec always gives the same
picture and the same focal point. Laying out is cheap; painting happens only when an image is first created,
or when its recipe changes (the recipe's digest is in the file's name).
"""

import hashlib
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

# (top of gradient, bottom of gradient, colours of clothes and things). Named after their colours.
PALETTES = {
    "navy-coral-gold": ("#1d2b4f", "#2f4170", ["#f26b5b", "#f6b93b", "#fbe3c4", "#4f7cac"]),
    "teal-sand": ("#0f4c5c", "#176b7d", ["#e9c46a", "#f4a261", "#f7ede2", "#2a9d8f"]),
    "plum-peach": ("#3d1f3f", "#5b2f5c", ["#ffb4a2", "#e5989b", "#ffe5d9", "#b5838d"]),
    "forest-lime": ("#1b3a2f", "#24513f", ["#a7c957", "#f2e8cf", "#6a994e", "#e9d985"]),
    "indigo-sky": ("#22223b", "#33335a", ["#9ad1d4", "#c9ada7", "#f2e9e4", "#7f9cf5"]),
    "charcoal-amber": ("#2b2d31", "#3b3e44", ["#ffb703", "#fb8500", "#e0e0e0", "#8ecae6"]),
    "berry-mint": ("#4a1942", "#66245b", ["#8be0c5", "#f8c8dc", "#fdf0d5", "#c64191"]),
}
SKIN = ("#4a2c1a", "#7a4a2a", "#a86b3c", "#c98e5a", "#e3b48a", "#f3d2b3")
HAIR = ("#1b1b1b", "#2f1d12", "#5a3a22", "#8a5a34", "#c9b8a0")
PAPER, WOOD, WOOD_EDGE, FRAME, DARK = "#f7f4ec", "#c8a37a", "#9c7a55", "#5b4636", "#23262c"


class Shape(NamedTuple):
    kind: str  # "ellipse", "polygon", "tile" (a rounded rectangle), "body" (a very rounded one) or "lines"
    geometry: tuple  # a box, a list of points, or a list of line segments
    fill: str
    alpha: int = 255


def _circle_box(cx, cy, r):
    return (cx - r, cy - r, cx + r, cy + r)


def _person(rng, cx, shoulders, size, shirt, bottom, *, from_behind=False):
    """Head and shoulders, the body down to ``bottom``: whatever stands in front (a table) is drawn after.
    Seen from behind, the head is all hair."""
    head = size * 0.32
    cy = shoulders - head * 1.1
    shapes = [
        Shape("body", (cx - size / 2, shoulders - size * 0.08, cx + size / 2, bottom), shirt),
        Shape("ellipse", _circle_box(cx, cy - head * 0.1, head * 1.06), rng.choice(HAIR)),
    ]
    if not from_behind:
        shapes.append(Shape("ellipse", _circle_box(cx, cy + head * 0.08, head * 0.92), rng.choice(SKIN)))
    return shapes


def _text_lines(rng, left, top, right, rows, step, colour):
    """Strokes standing for writing, each row a different length."""
    segments = tuple(
        ((left, top + row * step), (left + (right - left) * rng.uniform(0.45, 1), top + row * step))
        for row in range(rows)
    )
    return Shape("lines", segments, colour, 200)


# --- Scenes: (rng, width, height, colours) -> (shapes, focus box) --------------


def _classroom(rng, width, height, colours):
    """A teacher beside a whiteboard with a bar chart; the class seen from behind."""
    w, h = width, height
    shapes = [Shape("polygon", ((0, h * 0.74), (w, h * 0.74), (w, h), (0, h)), colours[3], 110)]
    shapes.append(Shape("tile", (w * 0.12, h * 0.08, w * 0.66, h * 0.54), FRAME))
    shapes.append(Shape("tile", (w * 0.13, h * 0.1, w * 0.65, h * 0.52), PAPER))
    shapes.append(_text_lines(rng, w * 0.17, h * 0.17, w * 0.4, 5, h * 0.065, DARK))
    for i, bar in enumerate((0.16, 0.26, 0.34)):
        x = w * (0.46 + i * 0.055)
        shapes.append(Shape("tile", (x, h * (0.47 - bar), x + w * 0.04, h * 0.47), colours[i]))
    shapes += _person(rng, w * 0.78, h * 0.36, w * 0.1, colours[1], h * 0.8)
    shapes += [Shape("tile", (w * (0.745 + i * 0.04), h * 0.78, w * (0.775 + i * 0.04), h * 0.9), DARK) for i in (0, 1)]
    for row, (shoulders, size, count) in enumerate(((h * 0.84, w * 0.085, 6), (h * 0.98, w * 0.12, 4))):
        for i in range(count):
            cx = w * (i + 0.5 + 0.25 * row) / (count + 0.5 * row)
            shapes += _person(rng, cx, shoulders, size, colours[(i + row) % 4], h * 1.2, from_behind=True)
    return shapes, (w * 0.13, h * 0.08, w * 0.9, h * 0.8)


def _team_table(rng, width, height, colours):
    """A team around a table under a wall of sticky notes, papers and mugs between them."""
    w, h = width, height
    shapes = [Shape("tile", (w * 0.3, h * 0.06, w * 0.7, h * 0.34), PAPER, 235)]
    for col in range(5):
        for row in range(2):
            x, y = w * (0.33 + col * 0.072), h * (0.1 + row * 0.11)
            shapes.append(Shape("tile", (x, y, x + w * 0.05, y + h * 0.08), rng.choice(colours)))
    for i, cx in enumerate((0.2, 0.4, 0.6, 0.8)):
        shapes += _person(rng, w * cx, h * (0.56 + 0.02 * (i % 2)), w * 0.12, colours[i % 4], h * 0.95)
    shapes.append(Shape("ellipse", (w * 0.05, h * 0.7, w * 0.95, h * 1.16), WOOD_EDGE))
    shapes.append(Shape("ellipse", (w * 0.05, h * 0.66, w * 0.95, h * 1.1), WOOD))
    for _ in range(4):
        x, y = w * rng.uniform(0.2, 0.7), h * rng.uniform(0.72, 0.8)
        skew = w * rng.uniform(-0.01, 0.01)
        shapes.append(
            Shape(
                "polygon",
                ((x + skew, y), (x + w * 0.09, y + skew), (x + w * 0.09 - skew, y + h * 0.07), (x, y + h * 0.07)),
                PAPER,
            )
        )
    for cx in (0.3, 0.74):
        shapes.append(Shape("tile", (w * cx, h * 0.7, w * (cx + 0.03), h * 0.76), colours[1]))
    for i, cx in enumerate((0.28, 0.72)):
        shapes += _person(rng, w * cx, h * 0.97, w * 0.17, colours[(i + 2) % 4], h * 1.4, from_behind=True)
    return shapes, (w * 0.15, h * 0.25, w * 0.85, h * 0.85)


def _school(rng, width, height, colours):
    """A school building with a flag, trees and a path to its door, under a low sun."""
    w, h = width, height
    shapes = [
        Shape("ellipse", _circle_box(w * 0.84, h * 0.2, h * 0.08), colours[1], 230),
        Shape("polygon", ((0, h * 0.8), (w, h * 0.76), (w, h), (0, h)), colours[3], 200),
        Shape("tile", (w * 0.18, h * 0.4, w * 0.82, h * 0.82), colours[2]),
        Shape("tile", (w * 0.4, h * 0.28, w * 0.6, h * 0.82), colours[2]),
        Shape("polygon", ((w * 0.38, h * 0.3), (w * 0.5, h * 0.14), (w * 0.62, h * 0.3)), colours[0]),
        Shape("ellipse", _circle_box(w * 0.5, h * 0.4, h * 0.04), PAPER),
        Shape("tile", (w * 0.46, h * 0.6, w * 0.54, h * 0.82), colours[0]),
        Shape("polygon", ((w * 0.47, h * 0.82), (w * 0.53, h * 0.82), (w * 0.6, h), (w * 0.4, h)), PAPER, 170),
        Shape("lines", (((w * 0.12, h * 0.8), (w * 0.12, h * 0.3)),), PAPER, 230),
        Shape("polygon", ((w * 0.12, h * 0.3), (w * 0.19, h * 0.33), (w * 0.12, h * 0.36)), colours[0]),
    ]
    for left, right in ((0.21, 0.37), (0.63, 0.79)):
        for row in range(2):
            for col in range(3):
                x, y = w * (left + col * (right - left) / 3 + 0.01), h * (0.47 + row * 0.15)
                shapes.append(Shape("tile", (x, y, x + w * 0.035, y + h * 0.09), DARK, 200))
    for cx in (0.06, 0.93):
        shapes.append(Shape("tile", (w * (cx - 0.008), h * 0.62, w * (cx + 0.008), h * 0.84), FRAME))
        shapes += [
            Shape("ellipse", _circle_box(w * (cx + dx), h * (0.58 + dy), h * 0.09), colours[3], 235)
            for dx, dy in ((-0.02, 0), (0.02, 0.01), (0, -0.06))
        ]
    return shapes, (w * 0.36, h * 0.14, w * 0.64, h * 0.82)


def _video_call(rng, width, height, colours):
    """A laptop on a desk showing a webinar's gallery of six faces, the speaker outlined."""
    w, h = width, height
    shapes = [
        Shape("polygon", ((0, h * 0.8), (w, h * 0.8), (w, h), (0, h)), colours[3], 90),
        Shape("tile", (w * 0.16, h * 0.07, w * 0.84, h * 0.77), DARK),
        Shape(
            "polygon", ((w * 0.1, h * 0.76), (w * 0.9, h * 0.76), (w * 0.95, h * 0.83), (w * 0.05, h * 0.83)), "#c9ccd3"
        ),
    ]
    left, top, cell_w, cell_h, gap = w * 0.19, h * 0.11, w * 0.2, h * 0.29, w * 0.01
    speaker = rng.randrange(6)
    for i in range(6):
        x, y = left + (i % 3) * (cell_w + gap), top + (i // 3) * (cell_h + gap)
        if i == speaker:
            shapes.append(
                Shape(
                    "tile", (x - gap * 0.5, y - gap * 0.5, x + cell_w + gap * 0.5, y + cell_h + gap * 0.5), colours[1]
                )
            )
        shapes.append(Shape("tile", (x, y, x + cell_w, y + cell_h), colours[(i + 1) % 4], 170))
        shapes += _person(rng, x + cell_w / 2, y + cell_h * 0.72, cell_w * 0.42, colours[i % 4], y + cell_h)
    return shapes, (w * 0.16, h * 0.07, w * 0.84, h * 0.77)


def _conversation(rng, width, height, colours):
    """Two people talking across a small table, a speech bubble over each."""
    w, h = width, height
    shapes = [Shape("polygon", ((0, h * 0.78), (w, h * 0.78), (w, h), (0, h)), colours[3], 100)]
    for cx, top, fill in ((0.28, 0.06, PAPER), (0.72, 0.14, colours[2])):
        shapes.append(Shape("tile", (w * (cx - 0.17), h * top, w * (cx + 0.17), h * (top + 0.22)), fill))
        shapes.append(
            Shape(
                "polygon",
                ((w * (cx - 0.03), h * (top + 0.21)), (w * (cx + 0.02), h * (top + 0.21)), (w * cx, h * (top + 0.28))),
                fill,
            )
        )
        shapes.append(_text_lines(rng, w * (cx - 0.13), h * (top + 0.06), w * (cx + 0.12), 3, h * 0.055, DARK))
    for i, cx in enumerate((0.28, 0.72)):
        shapes += _person(rng, w * cx, h * 0.6, w * 0.17, colours[i], h * 1.05)
    shapes += [
        Shape("tile", (w * 0.4, h * 0.74, w * 0.6, h * 0.78), WOOD),
        Shape("tile", (w * 0.49, h * 0.78, w * 0.51, h * 0.98), WOOD_EDGE),
        Shape("tile", (w * 0.44, h * 0.69, w * 0.47, h * 0.74), colours[1]),
        Shape("tile", (w * 0.53, h * 0.69, w * 0.56, h * 0.74), colours[0]),
    ]
    return shapes, (w * 0.1, h * 0.06, w * 0.9, h * 0.8)


def _steps(rng, width, height, colours):
    """Five steps rising to a flag, people climbing them."""
    w, h = width, height
    shapes = [Shape("ellipse", _circle_box(w * 0.15, h * 0.22, h * 0.09), colours[1], 220)]
    for i in range(5):
        top = h * (0.82 - i * 0.13)
        shapes.append(Shape("tile", (w * (0.1 + i * 0.16), top, w * (0.27 + i * 0.16), h * 1.05), colours[i % 4], 230))
        if i % 2 == 0:
            shapes += _person(rng, w * (0.185 + i * 0.16), top - h * 0.08, w * 0.06, colours[(i + 1) % 4], top)
    pole = w * 0.86
    shapes.append(Shape("lines", (((pole, h * 0.3), (pole, h * 0.04)),), PAPER, 230))
    shapes.append(Shape("polygon", ((pole, h * 0.04), (pole + w * 0.07, h * 0.08), (pole, h * 0.12)), colours[0]))
    return shapes, (w * 0.6, h * 0.02, w * 0.95, h * 0.4)


def _portrait(rng, width, height, colours):
    """An illustrated head and shoulders standing in for a photo."""
    w, h, cx = width, height, width / 2
    skin = rng.choice(SKIN)
    shapes = [
        Shape("ellipse", _circle_box(cx, h * 0.52, w * 0.44), colours[3], 120),
        Shape("body", (w * 0.14, h * 0.65, w * 0.86, h * 1.3), colours[0]),
        Shape("tile", (cx - w * 0.06, h * 0.52, cx + w * 0.06, h * 0.7), skin),
        Shape("ellipse", _circle_box(cx, h * 0.39, w * 0.175), rng.choice(HAIR)),
        Shape("ellipse", _circle_box(cx, h * 0.44, w * 0.15), skin),
    ]
    return shapes, _circle_box(cx, h * 0.42, w * 0.2)


MOTIFS = {
    "classroom": _classroom,
    "team-table": _team_table,
    "school": _school,
    "video-call": _video_call,
    "conversation": _conversation,
    "steps": _steps,
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
    elif shape.kind in ("tile", "body"):
        left, top, right, bottom = shape.geometry
        side = min(right - left, bottom - top)
        draw.rounded_rectangle(shape.geometry, radius=side * (0.45 if shape.kind == "body" else 0.08), fill=fill)
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


def recipe(spec, shapes):
    """A digest of what the picture is drawn from, kept in its file name: a changed recipe repaints it."""
    drawn = (spec["kind"], spec["motif"], spec["palette"], spec["seed"], shapes)
    return hashlib.sha256(repr(drawn).encode()).hexdigest()[:8]


def _image_file(spec, shapes):
    buffer = io.BytesIO()
    paint(spec, shapes).save(buffer, format="JPEG", quality=85, optimize=True)
    return ImageFile(buffer, name=f"{slugify(spec['title'])}-{recipe(spec, shapes)}.jpg")


def _set_focus(image, rect):
    # Whole pixels, as the database stores them, so a re-run compares equal.
    values = (round(rect.centroid_x), round(rect.centroid_y), rect.width, rect.height)
    for name, value in zip(FOCUS_FIELDS, values, strict=False):
        setattr(image, name, value)


def _state(image):
    return (image.description, *(getattr(image, name) for name in FOCUS_FIELDS))


def upsert_image(spec):
    """Create the image named by spec["title"], or bring its picture, alt text and focal point up to date.

    A file is repainted only when its recipe changed, so a second run writes nothing.
    Returns (image, "created" | "updated" | "unchanged").
    """
    Image = get_image_model()
    shapes, focus = layout(spec)
    image = Image.objects.filter(title=spec["title"]).first()
    if image is None:
        image = ImageFactory.build(title=spec["title"], file=_image_file(spec, shapes))
        image._set_image_file_metadata()
        status = "created"
    else:
        status = "updated"
    old_file = image.file.name if status == "updated" and recipe(spec, shapes) not in image.file.name else None
    if old_file:
        image.renditions.all().delete()
        image.file = _image_file(spec, shapes)
        image._set_image_file_metadata()
    before = _state(image)
    image.description = spec["description"]
    _set_focus(image, focus)
    if status == "updated" and not old_file and _state(image) == before:
        return image, "unchanged"
    image.save()
    if old_file:
        image.file.storage.delete(old_file)
    return image, status
