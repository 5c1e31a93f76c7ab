"""Text helpers shared by the panes (pure, no Textual state)."""

from __future__ import annotations

from rich.text import Text

from mathtui.encoding import END


def show_char(c: str) -> str:
    if c == END:
        return "∅"
    if c == " ":
        return "␣"
    return c


def confidence_style(p: float) -> str:
    """green (sure) .. yellow .. red (unsure)."""
    if p >= 0.97:
        return "bold green"
    if p >= 0.9:
        return "green"
    if p >= 0.7:
        return "yellow"
    if p >= 0.5:
        return "dark_orange"
    return "bold red"


def coloured_answer(text: str, confidence, low: float = 0.9, underline_low: bool = True) -> Text:
    out = Text()
    for i, ch in enumerate(text):
        p = confidence[i] if i < len(confidence) else 0.0
        style = confidence_style(p)
        if underline_low and p < low:
            style += " underline"
        out.append(ch, style=style)
    return out


def rate_colour(rate: float) -> str:
    """Error rate 0 (green) .. 1 (red) as an RGB colour."""
    rate = max(0.0, min(1.0, rate))
    if rate <= 0.5:
        r, g = int(60 + 390 * rate), 190
    else:
        r, g = 255, int(190 - 330 * (rate - 0.5))
    return f"rgb({min(r, 255)},{max(g, 20)},50)"


def big_count(n: int) -> str:
    return f"{n:,}" if n < 10**15 else f"≈{float(n):.2e}"


def pct(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{x:.{digits}%}"


def seconds(s: float) -> str:
    s = max(0.0, float(s))
    if s < 60:
        return f"{s:.0f}s" if s >= 10 else f"{s:.1f}s"
    m, s = divmod(int(s), 60)
    if m < 60:
        return f"{m}m{s:02d}s"
    h, m = divmod(m, 60)
    return f"{h}h{m:02d}m"


def bar_line(label: str, value: float, width: int, note: str = "", colour: str | None = None) -> Text:
    """``label ███▍    note`` with ``value`` in 0..1."""
    value = max(0.0, min(1.0, value))
    cells = value * width
    full = int(cells)
    parts = " ▏▎▍▌▋▊▉"
    frac = parts[int((cells - full) * 8)] if full < width else ""
    bar = "█" * full + (frac if frac.strip() else "")
    line = Text(label)
    line.append(bar.ljust(width), style=colour or rate_colour(value))
    line.append(" " + note, style="dim" if not note.startswith(" ") else "")
    return line
