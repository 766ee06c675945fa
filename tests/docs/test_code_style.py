"""Every code token on the site and the deck reads at 4.5:1 or better against its background
(WCAG 2 AA), in the Pygments styles conf.py picks for the light and the dark theme."""

import re
from pathlib import Path

import pytest
from pygments.styles import get_style_by_name

ROOT = Path(__file__).resolve().parents[2]
LEAST_CONTRAST = 4.5


def _luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2's contrast ratio of two colours.

    >>> round(contrast("#000", "#fff"), 1)
    21.0
    """
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# The two settings as conf.py writes them (read as text: executing conf.py has side effects).
STYLES = dict(re.findall(r'^(pygments_\w*style) = "([^"]+)"', (ROOT / "conf.py").read_text(), re.M))


@pytest.mark.parametrize("setting", ["pygments_style", "pygments_dark_style"])
def test_every_token_of_the_configured_code_style_reads_at_4_5_to_1(setting):
    style = get_style_by_name(STYLES[setting])
    faint = {
        str(token): round(contrast(f"#{look['color']}", style.background_color), 2)
        for token, look in style
        if look["color"] and contrast(f"#{look['color']}", style.background_color) < LEAST_CONTRAST
    }
    assert faint == {}


def test_a_faint_style_is_refused():
    assert contrast("#999999", "#ffffff") < LEAST_CONTRAST
