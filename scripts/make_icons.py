"""Draw the app icons (a white shield with a tick on the brand blue) as PNG and SVG.

Run `.venv/bin/python scripts/make_icons.py` after changing the design; the results are committed
under static/icons/ so installing the app needs no build step.
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw

BRAND = "#1d3557"
WHITE = "#ffffff"
ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
SUPERSAMPLE = 4


def shield_points(scale: float, steps: int = 24) -> list[tuple[float, float]]:
    """The shield outline in unit coordinates, `scale` of the icon wide, centred."""
    left, right, top, shoulder, waist = 0.5 - scale * 0.42, 0.5 + scale * 0.42, 0.5 - scale / 2, 0.5 - scale * 0.4, 0.5 + scale * 0.02
    points = [(left, shoulder), (0.5, top), (right, shoulder), (right, waist)]
    bottom = 0.5 + scale / 2
    for i in range(1, steps):  # right-hand curve down to the point, then back up the left
        t = i / steps
        points.append((right - (right - 0.5) * (1 - math.cos(t * math.pi / 2)), waist + (bottom - waist) * math.sin(t * math.pi / 2)))
    points.append((0.5, bottom))
    for i in range(steps - 1, 0, -1):
        t = i / steps
        points.append((left + (0.5 - left) * (1 - math.cos(t * math.pi / 2)), waist + (bottom - waist) * math.sin(t * math.pi / 2)))
    points.append((left, waist))
    return points


def tick_points(scale: float) -> list[tuple[float, float]]:
    return [(0.5 - scale * 0.22, 0.5 + scale * 0.02), (0.5 - scale * 0.05, 0.5 + scale * 0.18), (0.5 + scale * 0.24, 0.5 - scale * 0.14)]


def draw_png(size: int, maskable: bool) -> Image.Image:
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:  # full bleed: the platform cuts its own shape; keep the shield in the safe zone
        draw.rectangle((0, 0, big, big), fill=BRAND)
        scale = 0.5
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.18, fill=BRAND)
        scale = 0.66
    draw.polygon([(x * big, y * big) for x, y in shield_points(scale)], fill=WHITE)
    draw.line([(x * big, y * big) for x, y in tick_points(scale)], fill=BRAND, width=round(big * scale * 0.11), joint="curve")
    return image.resize((size, size), Image.LANCZOS)


def svg() -> str:
    def path(points):
        return " ".join(f"{x * 512:.1f},{y * 512:.1f}" for x, y in points)

    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">'
        f'<rect width="512" height="512" rx="92" fill="{BRAND}"/>'
        f'<polygon points="{path(shield_points(0.66))}" fill="{WHITE}"/>'
        f'<polyline points="{path(tick_points(0.66))}" fill="none" stroke="{BRAND}" stroke-width="37" '
        'stroke-linecap="round" stroke-linejoin="round"/></svg>\n'
    )


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw_png(size, maskable=False).save(ICONS / f"icon-{size}.png", optimize=True)
        draw_png(size, maskable=True).save(ICONS / f"icon-maskable-{size}.png", optimize=True)
    (ICONS / "icon.svg").write_text(svg())
    print(f"Icons written to {ICONS}")


if __name__ == "__main__":
    main()
