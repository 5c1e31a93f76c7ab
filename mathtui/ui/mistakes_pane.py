"""Mistakes pane: evaluate, then sort/filter/page the mistakes, map and breakdowns."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, DataTable, Input, Label, ProgressBar, Select, Static

from mathtui.ui.format import pct, seconds
from mathtui.ui.widgets import BarChart, EquationMapView

PAGE_SIZE = 1000
ANY = "any"
POSITION_NAMES = {0: "units", 1: "tens", 2: "hundreds", 3: "thousands"}

# (column label, sort key)
COLUMNS: list[tuple[str, object]] = [
    ("equation", lambda m: m.operands),
    ("predicted", lambda m: (len(m.predicted), m.predicted)),
    ("expected", lambda m: (len(m.expected), m.expected)),
    ("error", lambda m: (m.error is None, m.error if m.error is not None else 0.0)),
    ("wrong at", lambda m: (len(m.wrong_positions), m.wrong_positions)),
    ("lowest conf", lambda m: m.lowest_confidence),
    ("digits", lambda m: m.operand_digits),
    ("carries", lambda m: (m.carries is None, m.carries or 0)),
]


def _error_text(m) -> str:
    if m.error is None:
        return "NaN"
    return f"{m.error:+g}"


class MistakeTable(DataTable):
    BINDINGS = [
        Binding("s", "cycle_sort", "Sort by next column"),
        Binding("r", "reverse_sort", "Reverse sort"),
        Binding("right_square_bracket", "page(1)", "Next page", show=False),
        Binding("left_square_bracket", "page(-1)", "Prev page", show=False),
    ]

    def action_cycle_sort(self) -> None:
        pane = self.pane
        pane.sort_by((pane.sort_column + 1) % len(COLUMNS), pane.sort_reverse)

    def action_reverse_sort(self) -> None:
        pane = self.pane
        pane.sort_by(pane.sort_column, not pane.sort_reverse)

    def action_page(self, delta: int) -> None:
        self.pane.turn_page(delta)

    @property
    def pane(self) -> "MistakesPane":
        return next(a for a in self.ancestors if isinstance(a, MistakesPane))


class MistakesPane(Widget):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.result = None
        self.all_mistakes: list = []
        self.view: list = []
        self.page = 0
        self.sort_column = 0
        self.sort_reverse = False
        self.cell_filter: tuple[tuple[int, int], tuple[int, int]] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="mk-controls"):
            yield Label("sample", classes="flabel-short")
            yield Input("2000", id="mk-n", compact=True, tooltip="how many fresh equations (never seen in training)")
            yield Checkbox("whole space", id="mk-all", compact=True)
            yield Button("Evaluate (F7)", id="mk-eval", variant="primary", compact=True)
            yield Button("Stop", id="mk-stop", variant="error", compact=True, disabled=True)
            yield Button("Export CSV", id="mk-export", compact=True, disabled=True)
        with Horizontal(id="mk-progress-row"):
            yield ProgressBar(total=1, show_eta=False, id="mk-progress")
            yield Label("", id="mk-eta")
        yield Static("No evaluation yet. Evaluate the active model to find its mistakes.", id="mk-summary")
        with Horizontal(id="mk-body"):
            with Vertical(id="mk-left"):
                with Horizontal(id="mk-filters"):
                    yield Select([("any magnitude", ANY)], value=ANY, allow_blank=False, compact=True, id="mk-mag")
                    yield Select([("any position", ANY)], value=ANY, allow_blank=False, compact=True, id="mk-pos")
                    yield Input(placeholder="filter text", id="mk-text", compact=True)
                yield MistakeTable(id="mk-table", cursor_type="row", zebra_stripes=True)
                with Horizontal(id="mk-pager"):
                    yield Button("◀", id="mk-prev", compact=True, disabled=True)
                    yield Label("", id="mk-page")
                    yield Button("▶", id="mk-next", compact=True, disabled=True)
                    yield Label("", id="mk-cell-filter")
                    yield Button("clear cell", id="mk-clear-cell", compact=True)
            with VerticalScroll(id="mk-right"):
                yield Static(Text("equation map (a ↓, b →; arrows move, Enter filters)", style="bold"), classes="chart-title")
                yield EquationMapView(id="mk-map")
                yield Static("", id="mk-cell")
                yield BarChart("error rate by operand digits", id="chart-mag")
                yield BarChart("mistakes by wrong position", id="chart-pos")
                yield BarChart("error rate by carries", id="chart-carries")
                yield BarChart("numeric error (predicted − expected)", id="chart-err")

    def on_mount(self) -> None:
        getattr(self.app, "apply_blink", lambda w: None)(self)
        table = self.query_one("#mk-table", DataTable)
        for i, (label, _) in enumerate(COLUMNS):
            table.add_column(label, key=str(i))
        self.query_one("#mk-clear-cell", Button).display = False
        self._headers()

    # -- evaluation state --------------------------------------------------

    def request(self) -> tuple[int | None, bool, str | None]:
        exhaustive = self.query_one("#mk-all", Checkbox).value
        text = self.query_one("#mk-n", Input).value.strip().replace(",", "").replace("_", "")
        if exhaustive:
            return None, True, None
        try:
            n = int(text)
        except ValueError:
            return None, False, f"sample size {text!r} is not a whole number"
        if n < 1:
            return None, False, "sample size must be at least 1"
        return n, False, None

    def set_running(self, running: bool) -> None:
        self.query_one("#mk-eval", Button).disabled = running
        self.query_one("#mk-stop", Button).disabled = not running
        if running:
            self.query_one("#mk-progress", ProgressBar).update(total=None, progress=0)
            self.query_one("#mk-eta", Label).update("preparing…")

    def on_progress(self, ev) -> None:
        self.query_one("#mk-progress", ProgressBar).update(total=ev.total, progress=ev.done)
        rate = ev.done / ev.seconds if ev.seconds > 0 else 0
        eta = (ev.total - ev.done) / rate if rate else 0
        self.query_one("#mk-eta", Label).update(f"{ev.done:,}/{ev.total:,}  ETA {seconds(eta)}")

    def show_error(self, message: str) -> None:
        self.set_running(False)
        self.query_one("#mk-eta", Label).update("")
        self.query_one("#mk-summary", Static).update(Text.assemble(("evaluation failed: ", "bold red"), (message, "red")))

    def show_result(self, result) -> None:
        self.set_running(False)
        self.result = result
        bar = self.query_one("#mk-progress", ProgressBar)
        bar.update(total=max(result.n, 1), progress=result.n if result.status == "completed" else bar.progress)
        self.query_one("#mk-eta", Label).update(f"{result.status} in {seconds(result.seconds)}")
        scope = "equations: the whole space" if result.exhaustive else "fresh equations"
        t = Text()
        if result.status == "failed":
            t.append("failed: ", style="bold red")
            t.append(result.message + "\n", style="red")
        elif result.status == "stopped":
            t.append("stopped: ", style="bold yellow")
        t.append(f"{result.model}: ", style="bold")
        t.append(f"checked {result.n:,} {scope}  ")
        t.append("exact-match ", style="bold")
        t.append(pct(result.exact_match, 2), style="bold green" if result.exact_match > 0.95 else "bold yellow")
        t.append("  mistakes ", style="bold")
        t.append(f"{result.mistakes_total:,}", style="bold red" if result.mistakes_total else "bold green")
        if result.mistakes_total > len(result.mistakes):
            t.append(f" (first {len(result.mistakes):,} kept)", style="dim")
        t.append(f"  char acc {pct(result.char_accuracy, 2)}", style="dim")
        self.query_one("#mk-summary", Static).update(t)
        self.all_mistakes = list(result.mistakes)
        self.cell_filter = None
        self._fill_filters()
        self._charts(result)
        self.refilter()
        self.query_one("#mk-export", Button).disabled = not self.all_mistakes

    # -- filters -----------------------------------------------------------

    def _fill_filters(self) -> None:
        mags = sorted({m.operand_digits for m in self.all_mistakes})
        positions = sorted({p for m in self.all_mistakes for p in m.wrong_positions})
        mag = self.query_one("#mk-mag", Select)
        mag.set_options([("any magnitude", ANY)] + [(" × ".join(map(str, d)) + " digits", " ".join(map(str, d))) for d in mags])
        mag.value = ANY
        pos = self.query_one("#mk-pos", Select)
        pos.set_options([("any position", ANY)] + [(f"wrong {POSITION_NAMES.get(p, f'10^{p}')}", str(p)) for p in positions])
        pos.value = ANY

    def filtered(self) -> list:
        mag = self.query_one("#mk-mag", Select).value
        pos = self.query_one("#mk-pos", Select).value
        text = self.query_one("#mk-text", Input).value.strip()
        out = self.all_mistakes
        if mag not in (ANY, Select.BLANK):
            want = tuple(int(x) for x in str(mag).split())
            out = [m for m in out if m.operand_digits == want]
        if pos not in (ANY, Select.BLANK):
            p = int(pos)
            out = [m for m in out if p in m.wrong_positions]
        if text:
            low = text.lower()
            out = [m for m in out if low in m.equation.lower() or low in m.predicted or low in m.expected]
        if self.cell_filter is not None:
            (a0, a1), (b0, b1) = self.cell_filter
            out = [m for m in out if len(m.operands) == 2 and a0 <= m.operands[0] <= a1 and b0 <= m.operands[1] <= b1]
        return out

    def refilter(self) -> None:
        key = COLUMNS[self.sort_column][1]
        self.view = sorted(self.filtered(), key=key, reverse=self.sort_reverse)
        self.page = 0
        self._load_page()

    def sort_by(self, column: int, reverse: bool) -> None:
        self.sort_column, self.sort_reverse = column, reverse
        self._headers()
        self.refilter()

    def _headers(self) -> None:
        table = self.query_one("#mk-table", DataTable)
        for key, column in table.columns.items():
            i = int(key.value)
            arrow = (" ▼" if self.sort_reverse else " ▲") if i == self.sort_column else ""
            column.label = Text(COLUMNS[i][0] + arrow, style="bold" if arrow else "")
        table.refresh()

    def turn_page(self, delta: int) -> None:
        pages = max(1, -(-len(self.view) // PAGE_SIZE))
        new = max(0, min(pages - 1, self.page + delta))
        if new != self.page:
            self.page = new
            self._load_page()

    def _load_page(self) -> None:
        table = self.query_one("#mk-table", DataTable)
        table.clear()
        start = self.page * PAGE_SIZE
        self.page_items = self.view[start : start + PAGE_SIZE]
        rows = []
        for m in self.page_items:
            rows.append((
                m.equation, Text(m.predicted or "∅", style="red"), Text(m.expected, style="green"), _error_text(m),
                " ".join(map(str, m.wrong_positions)), f"{m.lowest_confidence:.1%}", "×".join(map(str, m.operand_digits)),
                "" if m.carries is None else str(m.carries),
            ))
        table.add_rows(rows)
        pages = max(1, -(-len(self.view) // PAGE_SIZE))
        shown = len(self.page_items)
        label = f"{start + 1 if shown else 0:,}–{start + shown:,} of {len(self.view):,}"
        if len(self.view) != len(self.all_mistakes):
            label += f" (filtered from {len(self.all_mistakes):,})"
        if pages > 1:
            label += f"  page {self.page + 1}/{pages}"
        self.query_one("#mk-page", Label).update(label)
        self.query_one("#mk-prev", Button).disabled = self.page == 0
        self.query_one("#mk-next", Button).disabled = self.page >= pages - 1
        chip = self.query_one("#mk-cell-filter", Label)
        clear = self.query_one("#mk-clear-cell", Button)
        if self.cell_filter:
            (a0, a1), (b0, b1) = self.cell_filter
            chip.update(Text(f" a {a0}..{a1}, b {b0}..{b1} ", style="reverse"))
            clear.display = True
        else:
            chip.update("")
            clear.display = False

    # -- charts ------------------------------------------------------------

    def _charts(self, result) -> None:
        a = result.analysis
        map_view = self.query_one("#mk-map", EquationMapView)
        map_view.set_map(a.equation_map if a else None)
        map_view.display = bool(a and a.equation_map is not None)
        if a is None:
            return
        self.query_one("#chart-mag", BarChart).set_rows(
            [("×".join(map(str, k)) + " digits", rate, f"{pct(rate)} ({w:,}/{c:,})") for k, c, w, rate in a.by_magnitude.rows()])
        total_pos = sum(a.by_position.values()) or 1
        self.query_one("#chart-pos", BarChart).set_rows(
            [(POSITION_NAMES.get(p, f"10^{p}"), v / total_pos, f"{v:,}") for p, v in sorted(a.by_position.items())], scale_to_max=True)
        carries = self.query_one("#chart-carries", BarChart)
        carries.display = bool(a.addition)
        carries.set_rows([(f"{k} carr{'y' if k == 1 else 'ies'}", rate, f"{pct(rate)} ({w:,}/{c:,})") for k, c, w, rate in a.by_carries.rows()])
        hist = a.error_histogram()
        top = max((v for _, v in hist), default=0) or 1
        self.query_one("#chart-err", BarChart).set_rows([(b, v / top, f"{v:,}") for b, v in hist], scale_to_max=True)

    # -- events ------------------------------------------------------------

    @on(Select.Changed, "#mk-mag")
    @on(Select.Changed, "#mk-pos")
    @on(Input.Changed, "#mk-text")
    def _filter_changed(self) -> None:
        if self.result is not None:
            self.refilter()

    @on(DataTable.HeaderSelected, "#mk-table")
    def _header(self, event: DataTable.HeaderSelected) -> None:
        column = int(event.column_key.value)
        self.sort_by(column, not self.sort_reverse if column == self.sort_column else False)

    @on(DataTable.RowSelected, "#mk-table")
    def _row(self, event: DataTable.RowSelected) -> None:
        index = event.cursor_row
        if 0 <= index < len(getattr(self, "page_items", [])):
            self.app.open_mistake(self.page_items[index])

    @on(EquationMapView.Highlighted, "#mk-map")
    @on(EquationMapView.Selected, "#mk-map")
    def _cell(self, event: EquationMapView.Highlighted) -> None:
        (a0, a1), (b0, b1) = event.a, event.b
        rate = event.wrong / event.checked if event.checked else None
        t = Text.assemble(("cell ", "bold"), f"a {a0}..{a1}, b {b0}..{b1}: ", f"{event.checked:,} checked, ",
                          (f"{event.wrong:,} wrong", "red" if event.wrong else "green"), f" ({pct(rate)})")
        self.query_one("#mk-cell", Static).update(t)
        if isinstance(event, EquationMapView.Selected):
            self.cell_filter = (event.a, event.b)
            self.refilter()
            self.query_one("#mk-table", DataTable).focus()

    @on(Button.Pressed, "#mk-clear-cell")
    def _clear_cell(self) -> None:
        self.cell_filter = None
        self.refilter()

    @on(Button.Pressed, "#mk-prev")
    def _prev(self) -> None:
        self.turn_page(-1)

    @on(Button.Pressed, "#mk-next")
    def _next(self) -> None:
        self.turn_page(1)

    @on(Button.Pressed, "#mk-eval")
    @on(Input.Submitted, "#mk-n")
    def _eval(self) -> None:
        self.app.run_action("evaluate")

    @on(Button.Pressed, "#mk-stop")
    def _stop(self) -> None:
        self.app.run_action("stop_evaluation")

    @on(Button.Pressed, "#mk-export")
    def _export(self) -> None:
        self.app.run_action("export_mistakes")
