"""Custom widgets: the equation map and text bar charts."""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from mathtui.ui.format import bar_line, rate_colour


class EquationMapView(Widget, can_focus=True):
    """Operand a down, operand b across; each cell coloured by error rate.

    The engine's map has up to 100x100 cells; the view groups them to fit
    its size (two terminal columns per cell so cells look square).  Arrow
    keys move a cursor; Enter asks for the table to be filtered to it.
    """

    BINDINGS = [
        Binding("up", "move(-1, 0)", "up", show=False),
        Binding("down", "move(1, 0)", "down", show=False),
        Binding("left", "move(0, -1)", "left", show=False),
        Binding("right", "move(0, 1)", "right", show=False),
        Binding("home", "jump(0)", "first", show=False),
        Binding("end", "jump(1)", "last", show=False),
        Binding("enter", "select", "Filter to cell", show=True),
    ]

    cursor = reactive((0, 0), init=False)

    class Highlighted(Message):
        def __init__(self, view: "EquationMapView", a: tuple[int, int], b: tuple[int, int], checked: int, wrong: int) -> None:
            super().__init__()
            self.view = view
            self.a, self.b, self.checked, self.wrong = a, b, checked, wrong

        @property
        def control(self) -> "EquationMapView":
            return self.view

    class Selected(Highlighted):
        """Enter on a cell: filter to it."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.map = None

    def set_map(self, equation_map) -> None:
        self.map = equation_map
        self.cursor = (0, 0)
        self.refresh(layout=True)
        self._announce(self.Highlighted)

    # -- geometry ----------------------------------------------------------

    def grid(self) -> tuple[int, int]:
        if self.map is None:
            return 0, 0
        rows = max(1, min(self.map.cells, self.size.height - 1 if self.size.height > 2 else 1))
        cols = max(1, min(self.map.cells, (self.size.width - 6) // 2 if self.size.width > 8 else 1))
        return rows, cols

    def _span(self, i: int, n: int) -> tuple[int, int]:
        cells = self.map.cells
        return i * cells // n, max(i * cells // n, (i + 1) * cells // n - 1)

    def cell_info(self, r: int, c: int) -> tuple[tuple[int, int], tuple[int, int], int, int]:
        rows, cols = self.grid()
        r0, r1 = self._span(r, rows)
        c0, c1 = self._span(c, cols)
        checked = int(self.map.checked[r0 : r1 + 1, c0 : c1 + 1].sum())
        wrong = int(self.map.wrong[r0 : r1 + 1, c0 : c1 + 1].sum())
        a = (self.map.bounds(r0)[0], self.map.bounds(r1)[1])
        b = (self.map.bounds(c0)[0], self.map.bounds(c1)[1])
        return a, b, checked, wrong

    # -- drawing -----------------------------------------------------------

    def render(self) -> Text:
        if self.map is None:
            return Text("Evaluate a two-operand model to see its map.", style="dim")
        rows, cols = self.grid()
        cr, cc = self.cursor
        t = Text()
        a_w = 5
        t.append(" a\\b ".ljust(a_w + 1), style="dim")
        lo_b, hi_b = self.map.bounds(0)[0], self.map.bounds(self.map.cells - 1)[1]
        head = f"{lo_b}".ljust(cols * 2 - len(str(hi_b))) + f"{hi_b}"
        t.append(head[: cols * 2] + "\n", style="dim")
        for r in range(rows):
            r0, r1 = self._span(r, rows)
            label = str(self.map.bounds(r0)[0]) if r in (0, rows - 1) or r % 5 == 0 else ""
            t.append(label.rjust(a_w)[-a_w:] + " ", style="dim")
            for c in range(cols):
                c0, c1 = self._span(c, cols)
                checked = int(self.map.checked[r0 : r1 + 1, c0 : c1 + 1].sum())
                wrong = int(self.map.wrong[r0 : r1 + 1, c0 : c1 + 1].sum())
                here = (r, c) == (cr, cc)
                if checked == 0:
                    t.append("[]" if here else "··", style="bold reverse" if here and self.has_focus else "dim")
                else:
                    colour = rate_colour(wrong / checked)
                    if here:
                        t.append("[]", style=f"bold {'black' if self.has_focus else 'white'} on {colour}")
                    else:
                        t.append("  ", style=f"on {colour}")
            if r < rows - 1:
                t.append("\n")
        return t

    def watch_cursor(self) -> None:
        self.refresh()
        self._announce(self.Highlighted)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        rows, cols = self.grid()
        r, c = self.cursor
        if rows and (r >= rows or c >= cols):
            self.cursor = (min(r, rows - 1), min(c, cols - 1))

    def _announce(self, kind) -> None:
        if self.map is None or not self.size.height:
            return
        rows, cols = self.grid()
        r, c = self.cursor
        if r >= rows or c >= cols:
            return
        a, b, checked, wrong = self.cell_info(r, c)
        self.post_message(kind(self, a, b, checked, wrong))

    def action_move(self, dr: int, dc: int) -> None:
        rows, cols = self.grid()
        if not rows:
            return
        r, c = self.cursor
        self.cursor = (max(0, min(rows - 1, r + dr)), max(0, min(cols - 1, c + dc)))

    def action_jump(self, end: int) -> None:
        rows, cols = self.grid()
        if rows:
            self.cursor = (rows - 1, cols - 1) if end else (0, 0)

    def action_select(self) -> None:
        self._announce(self.Selected)


class BarChart(Static):
    """Rows of ``label ████ rate (wrong/checked)``, coloured green..red."""

    def __init__(self, title: str, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.title = title
        self.rows: list[tuple[str, float, str]] = []
        self.scale_to_max = False

    def set_rows(self, rows: list[tuple[str, float, str]], scale_to_max: bool = False) -> None:
        self.rows = rows
        self.scale_to_max = scale_to_max
        self.refresh(layout=True)

    def render(self) -> Text:
        t = Text(self.title + "\n", style="bold")
        if not self.rows:
            t.append("–", style="dim")
            return t
        label_w = min(14, max(len(r[0]) for r in self.rows)) + 1
        note_w = max(len(r[2]) for r in self.rows) + 1
        width = max(4, self.size.width - label_w - note_w - 1)
        top = max((r[1] for r in self.rows), default=0) or 1.0
        for i, (label, value, note) in enumerate(self.rows):
            shown = value / top if self.scale_to_max else value
            colour = "rgb(90,150,230)" if self.scale_to_max else None
            t.append_text(bar_line(label[:label_w - 1].ljust(label_w), shown, width, note, colour))
            if i < len(self.rows) - 1:
                t.append("\n")
        return t

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: D401
        return len(self.rows) + 1 if self.rows else 2
