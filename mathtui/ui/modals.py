"""Modal screens: confirm, path prompt, model picker, mistake detail."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, Static

from mathtui.ui.format import confidence_style, pct


class ConfirmModal(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel"), Binding("y", "dismiss(True)", "Yes", show=False),
                Binding("n", "dismiss(False)", "No", show=False)]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(classes="modal")
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, id="yes", variant="warning", compact=True)
                yield Button(self.no, id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class PathPrompt(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, default: str) -> None:
        super().__init__(classes="modal")
        self.title_text, self.default = title, default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-text")
            yield Input(self.default, id="path", compact=True)
            yield Static("", id="path-error", classes="problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="ok", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        getattr(self.app, "apply_blink", lambda w: None)(self)
        self.query_one("#path", Input).focus()

    def show_error(self, message: str) -> None:
        self.query_one("#path-error", Static).update(Text("▲ " + message, style="red"))

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        value = self.query_one("#path", Input).value.strip()
        if not value:
            self.show_error("type a file path")
            return
        self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class ModelPicker(ModalScreen[str | None]):
    """Every model in the store with what it learned; broken ones say why."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel"), Binding("r", "refresh", "Refresh")]

    def __init__(self, infos: list, active: str | None) -> None:
        super().__init__(classes="modal")
        self.infos = infos
        self.active = active

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Text("Choose a model to load (Enter), Esc to cancel", style="bold"), classes="dialog-text")
            yield DataTable(id="models", cursor_type="row", zebra_stripes=True)
            yield Static("", id="model-note", classes="note")

    def on_mount(self) -> None:
        table = self.query_one("#models", DataTable)
        table.add_columns("", "name", "source", "trained on", "val exact", "epochs", "status")
        for info in self.infos:
            if info.ok:
                em = info.metrics.get("val_exact_match")
                status = Text("ok", style="green")
                epochs = str(len(info.meta.get("history", [])) or "")
                row = ("●" if info.name == self.active else "", Text(info.name, style="bold"), "shipped" if info.shipped else "user",
                       info.describe(), pct(em, 2) if em is not None else "–", epochs, status)
            else:
                row = ("", Text(info.name, style="red"), "shipped" if info.shipped else "user", "–", "–", "",
                       Text(f"broken: {info.error}", style="red"))
            table.add_row(*row, key=info.name)
        if not self.infos:
            self.query_one("#model-note", Static).update(Text("The store is empty: train a model on the Training pane (F2).", style="yellow"))
        table.focus()

    @on(DataTable.RowHighlighted, "#models")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        info = next((i for i in self.infos if i.name == event.row_key.value), None)
        note = self.query_one("#model-note", Static)
        if info is None:
            return
        if not info.ok:
            note.update(Text(f"{info.name} is broken: {info.error}", style="red"))
        else:
            m = info.metrics
            cfg = info.config
            note.update(Text.assemble((info.name, "bold"), f": hidden {cfg.model.hidden}, {cfg.dataset.examples:,} examples, "
                                      f"best epoch {m.get('best_epoch', '–')}, val char acc {pct(m.get('val_char_accuracy'))}"))

    @on(DataTable.RowSelected, "#models")
    def _selected(self, event: DataTable.RowSelected) -> None:
        info = next((i for i in self.infos if i.name == event.row_key.value), None)
        if info is None:
            return
        if not info.ok:
            self.query_one("#model-note", Static).update(Text(f"cannot load {info.name}: {info.error}", style="bold red"))
            self.app.bell()
            return
        self.dismiss(info.name)


class MistakeDetail(ModalScreen[str | None]):
    """One mistake: answer vs truth, per-character confidence, wrong positions."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close"), Binding("c", "send", "Send to calculator")]

    def __init__(self, mistake) -> None:
        super().__init__(classes="modal")
        self.mistake = mistake

    def compose(self) -> ComposeResult:
        m = self.mistake
        with Vertical(classes="dialog"):
            yield Static(self._body(m), id="detail-body", classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Send to calculator (c)", id="send", variant="primary", compact=True)
                yield Button("Close (Esc)", id="close", compact=True)

    @staticmethod
    def _body(m) -> Text:
        t = Text()
        t.append(f"{m.equation}\n", style="bold")
        width = max(len(m.predicted), len(m.expected))
        pred, exp = m.predicted.rjust(width), m.expected.rjust(width)
        t.append("predicted ", style="dim")
        offset = width - len(m.predicted)
        for i, ch in enumerate(pred):
            pos_from_right = width - 1 - i
            if i < offset:
                t.append(" ")
                continue
            wrong = pos_from_right in m.wrong_positions
            t.append(ch, style=("bold white on red" if wrong else confidence_style(m.confidence[i - offset] if i - offset < len(m.confidence) else 0)))
        t.append("\nexpected  ", style="dim")
        t.append(exp + "\n", style="bold green")
        if m.error is not None:
            t.append("off by    ", style="dim")
            t.append(f"{m.error:+g}\n", style="yellow")
        t.append("\nper-character confidence\n", style="bold")
        for i, (ch, c) in enumerate(zip(m.predicted, m.confidence)):
            pos = len(m.predicted) - 1 - i
            bar = "█" * int(round(c * 20))
            t.append(f"  {ch}  ", style="bold red" if pos in m.wrong_positions else "bold")
            t.append(bar.ljust(20), style=confidence_style(c))
            t.append(f" {c:6.1%}")
            t.append("  wrong" if pos in m.wrong_positions else "", style="red")
            t.append("\n")
        names = {0: "units", 1: "tens", 2: "hundreds", 3: "thousands"}
        where = ", ".join(f"{p} ({names.get(p, f'10^{p}')})" for p in m.wrong_positions)
        t.append(f"\nwrong positions (from the right) {where or '–'}\n")
        t.append(f"lowest confidence {m.lowest_confidence:.1%}   operand digits {' × '.join(map(str, m.operand_digits))}")
        if m.carries is not None:
            t.append(f"   carries {m.carries}")
        return t

    def on_mount(self) -> None:
        self.query_one("#send", Button).focus()

    @on(Button.Pressed, "#send")
    def action_send(self) -> None:
        self.dismiss(self.mistake.equation)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)
