"""Training pane: start/stop, epoch progress, epoch table, loss/accuracy plots, examples."""

from __future__ import annotations

import math

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Label, ProgressBar, Static
from textual_plotext import PlotextPlot

from mathtui.ui.format import pct, seconds

EPOCH_COLUMNS = ("epoch", "loss", "char acc", "val loss", "val char", "val exact", "lr", "secs")


class MetricPlot(PlotextPlot):
    """A plot of per-epoch series with axes, title and legend."""

    def __init__(self, title: str, ylabel: str, percent: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.title = title
        self.ylabel = ylabel
        self.percent = percent
        self.series: dict[str, tuple[list[float], list[float], str]] = {}

    def on_mount(self) -> None:
        super().on_mount()
        self.replot()

    def set_series(self, series: dict[str, tuple[list[float], list[float], str]]) -> None:
        self.series = series
        self.replot()

    def replot(self) -> None:
        plt = self.plt
        plt.clear_figure()
        plt.title(self.title)
        plt.xlabel("epoch")
        any_data = False
        for label, (xs, ys, colour) in self.series.items():
            pts = [(x, y) for x, y in zip(xs, ys) if y is not None and math.isfinite(y)]
            if pts:
                any_data = True
                plt.plot([p[0] for p in pts], [p[1] * (100 if self.percent else 1) for p in pts],
                         label=label, color=colour, marker="braille")
        if not any_data:
            plt.xlim(1, 10)
            plt.ylim(0, 100 if self.percent else 1)
        elif self.percent:
            plt.ylim(0, 100)
        plt.ylabel(self.ylabel)
        self.refresh()


class TrainingPane(Widget):
    def compose(self) -> ComposeResult:
        with Horizontal(id="tr-controls"):
            yield Button("▶ Start (F5)", id="tr-start", variant="success", compact=True)
            yield Button("■ Stop (F6)", id="tr-stop", variant="error", compact=True, disabled=True)
            yield Label("save as", classes="flabel-short")
            yield Input(placeholder="name (blank = preset-date-time)", id="tr-name", compact=True)
        with Horizontal(id="tr-progress-row"):
            yield Label("epoch –", id="tr-epoch")
            yield ProgressBar(total=1, show_eta=False, id="tr-progress")
            yield Label("", id="tr-eta")
        yield Static("Idle. Set up a run on the Dataset pane (F1), then Start.", id="tr-message")
        with Horizontal(id="tr-main"):
            table = DataTable(id="tr-epochs", cursor_type="row", zebra_stripes=True)
            yield table
            with Vertical(id="tr-plots"):
                yield MetricPlot("loss", "loss", id="plot-loss")
                yield MetricPlot("accuracy", "%", percent=True, id="plot-acc")
        yield Static("", id="tr-examples")

    def on_mount(self) -> None:
        getattr(self.app, "apply_blink", lambda w: None)(self)
        table = self.query_one("#tr-epochs", DataTable)
        for col in EPOCH_COLUMNS:
            table.add_column(col, key=col)
        self.history: list = []

    # -- state -------------------------------------------------------------

    def set_running(self, running: bool) -> None:
        self.query_one("#tr-start", Button).disabled = running
        self.query_one("#tr-stop", Button).disabled = not running
        self.query_one("#tr-name", Input).disabled = running

    def message(self, text: str | Text, kind: str = "") -> None:
        widget = self.query_one("#tr-message", Static)
        self.message_text = text if isinstance(text, Text) else Text(text)
        widget.update(text)
        for k in ("-error", "-ok", "-busy"):
            widget.set_class(k == f"-{kind}", k)

    def reset(self, total_epochs: int) -> None:
        self.history = []
        self.total_epochs = total_epochs
        self.query_one("#tr-epochs", DataTable).clear()
        self.query_one("#tr-progress", ProgressBar).update(total=None, progress=0)
        self.query_one("#tr-epoch", Label).update(f"epoch –/{total_epochs}")
        self.query_one("#tr-eta", Label).update("preparing data…")
        self.query_one("#tr-examples", Static).update("")
        self._replot()

    # -- engine events -----------------------------------------------------

    def on_started(self, ev) -> None:
        self.steps = ev.steps_per_epoch
        self.total_epochs = ev.epochs
        self.query_one("#tr-progress", ProgressBar).update(total=ev.steps_per_epoch, progress=0)
        self.query_one("#tr-epoch", Label).update(f"epoch 1/{ev.epochs}")
        self.query_one("#tr-eta", Label).update("compiling…")
        self.message(
            Text.assemble(("training ", "bold"), f"on {ev.train_size:,} equations, validating on {ev.test_size:,}; ",
                          f"{ev.parameters:,} parameters; {ev.device}; in {ev.input_len} → out {ev.output_len} chars"),
            "busy",
        )

    def on_progress(self, ev) -> None:
        bar = self.query_one("#tr-progress", ProgressBar)
        bar.update(total=ev.steps, progress=ev.step)
        self.query_one("#tr-epoch", Label).update(f"epoch {ev.epoch}/{self.total_epochs}")
        self.query_one("#tr-eta", Label).update(f"step {ev.step}/{ev.steps}  loss {ev.loss:.4f}  ETA {seconds(ev.eta)}")

    def on_epoch(self, ev) -> None:
        self.history.append(ev)
        table = self.query_one("#tr-epochs", DataTable)
        mark = Text("★ ", style="yellow") if ev.best else Text("  ")
        table.add_row(
            Text.assemble(mark, str(ev.epoch)),
            f"{ev.loss:.4f}", pct(ev.char_accuracy), f"{ev.val_loss:.4f}", pct(ev.val_char_accuracy),
            Text(pct(ev.val_exact_match), style="bold green" if ev.best else "bold"),
            f"{ev.lr:.2g}", f"{ev.seconds:.1f}",
        )
        table.move_cursor(row=table.row_count - 1)
        if ev.epoch < self.total_epochs:
            self.query_one("#tr-epoch", Label).update(f"epoch {ev.epoch + 1}/{self.total_epochs}")
            self.query_one("#tr-progress", ProgressBar).update(progress=0)
        self._replot()

    def _replot(self) -> None:
        xs = [e.epoch for e in self.history]
        self.query_one("#plot-loss", MetricPlot).set_series({
            "train": (xs, [e.loss for e in self.history], "cyan"),
            "val": (xs, [e.val_loss for e in self.history], "orange"),
        })
        self.query_one("#plot-acc", MetricPlot).set_series({
            "train exact": (xs, [e.exact_match for e in self.history], "cyan"),
            "val exact": (xs, [e.val_exact_match for e in self.history], "green"),
            "val char": (xs, [e.val_char_accuracy for e in self.history], "orange"),
        })

    def on_examples(self, ev) -> None:
        right = sum(1 for e in ev.items if e.correct)
        t = Text.assemble(("examples", "bold"), f" after epoch {ev.epoch}: ", (f"{right}/{len(ev.items)} right", "green" if right == len(ev.items) else "yellow"), "\n")
        width = max((len(e.equation) for e in ev.items), default=0)
        for i, e in enumerate(ev.items):
            if e.correct:
                t.append(f"✓ {e.equation.rjust(width)} = ", style="")
                t.append(e.predicted, style="green")
            else:
                t.append(f"✗ {e.equation.rjust(width)} = ", style="")
                t.append(e.predicted or "∅", style="bold red")
                t.append(f" (not {e.expected})", style="dim")
            t.append("   " if i % 2 == 0 else "\n")
        self.query_one("#tr-examples", Static).update(t)

    def on_finished(self, status: str, message: str) -> None:
        self.set_running(False)
        bar = self.query_one("#tr-progress", ProgressBar)
        if status == "completed" and bar.total:
            bar.update(progress=bar.total)
        self.query_one("#tr-eta", Label).update(status)
        kind = {"completed": "ok", "stopped": "ok", "failed": "error"}.get(status, "")
        label = {"completed": "finished", "stopped": "stopped", "failed": "FAILED"}.get(status, status)
        self.message(Text.assemble((f"{label}: ", "bold"), message), kind)

    # -- buttons -----------------------------------------------------------

    @on(Button.Pressed, "#tr-start")
    def _start(self) -> None:
        self.app.run_action("start_training")

    @on(Button.Pressed, "#tr-stop")
    def _stop(self) -> None:
        self.app.run_action("stop_training")

    @on(Input.Submitted, "#tr-name")
    def _submitted(self) -> None:
        self.app.run_action("start_training")

    def append_message(self, extra: Text, kind: str = "") -> None:
        base = getattr(self, "message_text", Text())
        self.message(Text.assemble(base, "\n", extra), kind)

    @property
    def requested_name(self) -> str:
        return self.query_one("#tr-name", Input).value.strip()
