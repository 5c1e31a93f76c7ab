"""Calculator pane: ask the active model, see its answer next to the truth."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Input, Label, RichLog, Static

from mathtui.ui.format import coloured_answer, confidence_style


class CalculatorPane(Widget):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.asked = 0
        self.right = 0
        self.last = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="calc-row"):
            yield Label("equation", classes="flabel-short")
            yield Input(placeholder="type an equation such as 31 + 87 and press Enter", id="calc-input", compact=True)
            yield Button("Ask", id="calc-ask", compact=True, variant="primary")
        yield Static("", id="calc-answer")
        yield Label("", id="calc-score")
        yield RichLog(id="calc-history", markup=False, wrap=False, highlight=False, auto_scroll=True)

    def on_mount(self) -> None:
        getattr(self.app, "apply_blink", lambda w: None)(self)
        self.show_idle()

    def show_idle(self) -> None:
        loaded = getattr(self.app, "loaded", None)
        if loaded is None:
            t = Text("No model is active yet. ", style="bold yellow")
            t.append(self.app.model_hint() if hasattr(self.app, "model_hint") else "")
        else:
            d = loaded.predictor.dataset
            t = Text.assemble(("Ask ", ""), (loaded.name, "bold"), f": it was trained on {loaded.info.describe()}.\n",
                              ("Each answer digit is coloured by the model's confidence: ", "dim"),
                              ("sure ", confidence_style(0.99)), ("fairly ", confidence_style(0.92)),
                              ("unsure ", confidence_style(0.75)), ("guessing", confidence_style(0.3)))
            t.append(f"\ntry: {d.min_value} {d.operations[0]} {d.max_value}", style="dim")
        self.query_one("#calc-answer", Static).update(t)
        self._score()

    def _score(self) -> None:
        if self.asked:
            self.query_one("#calc-score", Label).update(
                Text.assemble(("score ", "bold"), f"{self.right}/{self.asked} right ", (f"({self.right / self.asked:.0%})", "bold")))
        else:
            self.query_one("#calc-score", Label).update(Text("history (newest last)", style="dim"))

    @on(Input.Submitted, "#calc-input")
    @on(Button.Pressed, "#calc-ask")
    def _ask(self) -> None:
        box = self.query_one("#calc-input", Input)
        self.ask(box.value)

    def ask(self, text: str) -> None:
        answer = self.query_one("#calc-answer", Static)
        loaded = getattr(self.app, "loaded", None)
        if not text.strip():
            answer.update(Text("Type an equation such as 31 + 87.", style="yellow"))
            return
        if loaded is None:
            answer.update(Text.assemble(("No model is active. ", "bold red"), self.app.model_hint()))
            return
        try:
            p = loaded.predictor.predict(text)
        except Exception as exc:  # noqa: BLE001 -- the pane must never crash
            answer.update(Text.assemble(("error: ", "bold red"), f"{type(exc).__name__}: {exc}"))
            return
        self.last = p
        if p.error:
            answer.update(Text.assemble(("✗ ", "bold red"), (repr(text.strip()), "bold"), ": ", (p.error, "red")))
            self.query_one("#calc-history", RichLog).write(Text.assemble(("  ! ", "red"), text.strip(), ("  " + p.error, "dim red")))
            return
        self.asked += 1
        self.right += bool(p.correct)
        answer.update(self.render_prediction(p, loaded.name))
        self._score()
        line = Text()
        line.append("✓ " if p.correct else "✗ ", style="bold green" if p.correct else "bold red")
        line.append(f"{p.equation} = ")
        line.append_text(coloured_answer(p.prediction, p.confidence))
        if not p.correct:
            line.append(f"  (true {p.truth})", style="dim")
        if p.outside:
            line.append("  [outside training]", style="magenta")
        self.query_one("#calc-history", RichLog).write(line)
        self.query_one("#calc-input", Input).value = ""

    @staticmethod
    def render_prediction(p, model_name: str) -> Text:
        t = Text()
        t.append(f"{p.equation} = ", style="bold")
        t.append_text(coloured_answer(p.prediction or "∅", p.confidence))
        t.append("   ")
        if p.correct:
            t.append(" ✓ right ", style="bold black on green")
        else:
            t.append(" ✗ wrong ", style="bold white on red")
            t.append("  true result ", style="dim")
            t.append(p.truth, style="bold green")
        t.append(f"   ({model_name})\n", style="dim")
        t.append("confidence ", style="dim")
        for ch, c in zip(p.prediction, p.confidence):
            t.append(f"{ch}:{c:.0%} ", style=confidence_style(c))
        low = p.low_confidence
        if low:
            digits = ", ".join(f"'{p.prediction[i]}' (position {i + 1}, {p.confidence[i]:.0%})" for i in low)
            t.append("\n⚠ unsure of ", style="bold yellow")
            t.append(digits, style="yellow")
        if p.outside:
            t.append("\n⚠ outside training: ", style="bold magenta")
            t.append(p.outside, style="magenta")
        return t
