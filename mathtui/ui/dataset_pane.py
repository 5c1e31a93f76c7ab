"""Dataset pane: every dataset/model/training knob, a preset picker, live facts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from mathtui.config import LR_SCHEDULES, OPERATIONS, Problem, RunConfig, held_out_count
from mathtui.encoding import VOCAB
from mathtui.presets import PRESETS
from mathtui.ui.format import big_count, show_char

CUSTOM = "custom"


@dataclass(frozen=True)
class Field:
    key: str  # dotted RunConfig path
    label: str
    kind: str  # int | float | bool | ops | choice
    help: str = ""

    @property
    def wid(self) -> str:
        return "f-" + self.key.replace(".", "-")

    @property
    def pid(self) -> str:
        return "p-" + self.key.replace(".", "-")


SECTIONS: list[tuple[str, list[Field]]] = [
    ("Dataset", [
        Field("dataset.min_value", "min operand", "int", "smallest operand value"),
        Field("dataset.max_value", "max operand", "int", "largest operand value"),
        Field("dataset.operations", "operations", "ops", "which of + - * / appear"),
        Field("dataset.n_ops", "operators/eq", "int", "operators per equation (1..4)"),
        Field("dataset.decimals", "decimals", "int", "round results to this many places (needed for /)"),
        Field("dataset.examples", "examples", "int", "equations sampled (train + test)"),
        Field("dataset.test_split", "test split", "float", "share held out for validation"),
        Field("dataset.reverse", "reverse digits", "bool", "least significant digit first"),
        Field("dataset.balanced", "balanced", "bool", "uniform operand digit lengths"),
        Field("dataset.seed", "seed", "int", "random seed for sampling and weights"),
    ]),
    ("Model", [
        Field("model.hidden", "hidden size", "int", "LSTM units per direction"),
        Field("model.encoder_depth", "encoder depth", "int", "stacked encoder BiLSTMs (1..4)"),
        Field("model.decoder_depth", "decoder depth", "int", "stacked decoder BiLSTMs (1..4)"),
        Field("model.dropout", "dropout", "float", "dropout after each LSTM, 0 = none"),
        Field("model.batch_norm", "batch norm", "bool", "normalise after each LSTM"),
    ]),
    ("Training", [
        Field("train.lr", "learning rate", "float", "Adam learning rate"),
        Field("train.lr_schedule", "lr schedule", "choice", "constant, halve on plateau, or cosine decay"),
        Field("train.patience", "patience", "int", "stop after N epochs without better val exact-match (0 = never)"),
        Field("train.batch_size", "batch size", "int", "equations per gradient step"),
        Field("train.epochs", "epochs", "int", "passes over the training set"),
    ]),
]
FIELDS: list[Field] = [f for _, fs in SECTIONS for f in fs]
BY_KEY = {f.key: f for f in FIELDS}


def _get(config: RunConfig, key: str):
    section, name = key.split(".")
    return getattr(getattr(config, section), name)


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def parse_value(kind: str, text: str):
    """Form text -> value, or raise ValueError with a one-line message."""
    raw = text.strip().replace("_", "").replace(",", "")
    if not raw:
        raise ValueError("required")
    if kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"{text.strip()!r} is not a whole number") from None
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("must be a finite number")
    return value


class DatasetPane(Widget):
    """The form.  ``config`` is the valid RunConfig or None; ``problems`` maps field -> message."""

    class ConfigChanged(Message):
        def __init__(self, config: RunConfig | None, problems: dict[str, str]) -> None:
            super().__init__()
            self.config = config
            self.problems = problems

    def __init__(self, initial: str = "tiny", **kwargs) -> None:
        super().__init__(**kwargs)
        self.initial = initial if initial in PRESETS else CUSTOM
        self.base = PRESETS.get(initial, RunConfig())
        self.config: RunConfig | None = self.base
        self.problems: dict[str, str] = {}
        self._scheduled = False

    # -- layout ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="ds-body"):
            with VerticalScroll(id="ds-form"):
                with Horizontal(classes="field preset-row"):
                    yield Label("preset", classes="flabel")
                    yield Select([(name, name) for name in PRESETS] + [("custom", CUSTOM)], value=self.initial,
                                 allow_blank=False, compact=True, id="preset")
                yield Static("", id="preset-note", classes="note")
                for title, fields in SECTIONS:
                    yield Static(title, classes="section")
                    for f in fields:
                        with Horizontal(classes="field", id="row-" + f.wid[2:]):
                            yield Label(f.label, classes="flabel")
                            yield from self._control(f)
                        yield Static("", id=f.pid, classes="problem")
                with Horizontal(id="ds-actions"):
                    yield Button("Train with these settings (F5)", id="ds-train", variant="primary", compact=True)
                    yield Button("Reset to preset", id="ds-reset", compact=True)
            with VerticalScroll(id="ds-facts"):
                yield Static("", id="facts")
                yield Static("", id="vocab")
                yield Static("", id="samples")

    def _control(self, f: Field):
        value = _get(self.base, f.key)
        if f.kind == "bool":
            yield Checkbox(f.help, value=bool(value), id=f.wid, compact=True)
        elif f.kind == "ops":
            with Horizontal(id=f.wid, classes="ops"):
                for i, op in enumerate(OPERATIONS):
                    yield Checkbox(op, value=op in value, id=f"op-{i}", compact=True, tooltip=f"include {op}")
        elif f.kind == "choice":
            yield Select([(s, s) for s in LR_SCHEDULES], value=value, allow_blank=False, compact=True, id=f.wid, tooltip=f.help)
        else:
            yield Input(_fmt(value), id=f.wid, compact=True, tooltip=f.help, select_on_focus=False)

    def on_mount(self) -> None:
        getattr(self.app, "apply_blink", lambda w: None)(self)
        self.recompute()

    # -- reading the form --------------------------------------------------

    def read_form(self) -> tuple[RunConfig | None, dict[str, str]]:
        values: dict = {}
        problems: dict[str, str] = {}
        for f in FIELDS:
            if f.kind == "bool":
                values[f.key] = self.query_one(f"#{f.wid}", Checkbox).value
            elif f.kind == "ops":
                values[f.key] = "".join(op for i, op in enumerate(OPERATIONS) if self.query_one(f"#op-{i}", Checkbox).value)
            elif f.kind == "choice":
                values[f.key] = self.query_one(f"#{f.wid}", Select).value
            else:
                try:
                    values[f.key] = parse_value(f.kind, self.query_one(f"#{f.wid}", Input).value)
                except ValueError as exc:
                    problems[f.key] = str(exc)
        if problems:
            return None, problems
        config = self.base.with_values(**values)
        found: list[Problem] = config.problems()
        for p in found:
            problems.setdefault(p.field, p.message)
        return (None if problems else config), problems

    def recompute(self) -> None:
        config, problems = self.read_form()
        self.config, self.problems = config, problems
        for f in FIELDS:
            label = self.query_one(f"#{f.pid}", Static)
            message = problems.get(f.key, "")
            label.update(Text("  ▲ " + message) if message else "")
            label.display = bool(message)
            self.query_one(f"#row-{f.wid[2:]}").set_class(bool(message), "-invalid")
        preset = self.preset_name
        note = self.query_one("#preset-note", Static)
        if preset and config is not None and config != PRESETS[preset]:
            note.update(Text(f"  modified from '{preset}'", style="dim italic"))
        else:
            note.update("")
        self._update_facts(config, problems)
        self.post_message(self.ConfigChanged(config, problems))

    @property
    def preset_name(self) -> str | None:
        value = self.query_one("#preset", Select).value
        return value if value in PRESETS else None

    # -- filling -----------------------------------------------------------

    def fill(self, config: RunConfig) -> None:
        self.base = config
        for f in FIELDS:
            value = _get(config, f.key)
            if f.kind == "bool":
                self.query_one(f"#{f.wid}", Checkbox).value = bool(value)
            elif f.kind == "ops":
                for i, op in enumerate(OPERATIONS):
                    self.query_one(f"#op-{i}", Checkbox).value = op in value
            elif f.kind == "choice":
                self.query_one(f"#{f.wid}", Select).value = value
            else:
                self.query_one(f"#{f.wid}", Input).value = _fmt(value)
        self.recompute()

    def set_value(self, key: str, text) -> None:
        """Set one field from code or tests (text for inputs, bool/str otherwise)."""
        f = BY_KEY[key]
        if f.kind == "bool":
            self.query_one(f"#{f.wid}", Checkbox).value = bool(text)
        elif f.kind == "ops":
            for i, op in enumerate(OPERATIONS):
                self.query_one(f"#op-{i}", Checkbox).value = op in text
        elif f.kind == "choice":
            self.query_one(f"#{f.wid}", Select).value = text
        else:
            self.query_one(f"#{f.wid}", Input).value = str(text)
        self.recompute()

    # -- events ------------------------------------------------------------

    @on(Select.Changed, "#preset")
    def _preset_changed(self, event: Select.Changed) -> None:
        if event.value in PRESETS:
            self.fill(PRESETS[event.value])

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _field_changed(self, event: Message) -> None:
        event.stop()
        self._schedule()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "preset":
            event.stop()
            self._schedule()

    def _schedule(self) -> None:
        """Coalesce a burst of change events (a preset fills 20 fields) into one recompute."""
        if not self._scheduled:
            self._scheduled = True
            self.call_after_refresh(self._flush)

    def _flush(self) -> None:
        self._scheduled = False
        self.recompute()

    @on(Button.Pressed, "#ds-reset")
    def _reset(self) -> None:
        name = self.preset_name
        self.fill(PRESETS[name] if name else self.base)

    @on(Button.Pressed, "#ds-train")
    def _train(self) -> None:
        self.app.run_action("start_training")

    # -- facts -------------------------------------------------------------

    def _update_facts(self, config: RunConfig | None, problems: dict[str, str]) -> None:
        facts = self.query_one("#facts", Static)
        samples = self.query_one("#samples", Static)
        vocab = Text("vocabulary ", style="bold")
        vocab.append(f"({len(VOCAB)} symbols)\n", style="dim")
        for c in VOCAB:
            vocab.append(f" {show_char(c)} ", style="reverse" if c in "\0 " else "bold reverse")
            vocab.append(" ")
        vocab.append("\n∅ = end marker / padding, ␣ = space", style="dim")
        self.query_one("#vocab", Static).update(vocab)
        if config is None:
            t = Text("Fix the form to see facts\n", style="bold red")
            t.append(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}:\n", style="red")
            for key, message in list(problems.items())[:6]:
                t.append(f"• {BY_KEY[key].label if key in BY_KEY else key}: ", style="bold")
                t.append(message + "\n")
            facts.update(t)
            samples.update("")
            return
        from mathtui.equations import EquationSpace

        d = config.dataset
        space = EquationSpace(d)
        n_test = held_out_count(d.examples, d.test_split)
        n_train = d.examples - n_test
        t = Text()
        t.append("equation space ", style="bold")
        t.append(f"{big_count(space.size)}\n", style="bold cyan")
        share = n_train / space.size if space.size else 0.0
        t.append("training covers ", style="bold")
        t.append(f"{n_train:,} ", style="cyan")
        t.append(f"({share:.4%} of the space)\n" if share < 0.001 else f"({share:.1%} of the space)\n")
        t.append("held out ", style="bold")
        t.append(f"{n_test:,} for validation\n")
        t.append("input ", style="bold")
        t.append(f"{space.input_len} chars  ", style="cyan")
        t.append("output ", style="bold")
        t.append(f"{space.output_len} chars", style="cyan")
        t.append(f" ({space.result_width} + end)\n", style="dim")
        t.append("batches/epoch ", style="bold")
        steps = -(-n_train // config.train.batch_size)
        t.append(f"{steps:,}", style="cyan")
        t.append(f" × {config.train.epochs} epochs\n")
        facts.update(t)

        rng = np.random.default_rng(d.seed)
        eq = space.sample(min(6, space.size), rng, balanced=d.balanced)
        s = Text("samples\n", style="bold")
        width = max((len(x) for x in eq.texts), default=0)
        for text, result in zip(eq.texts, eq.results):
            s.append(f"  {text.rjust(width)} = ")
            s.append(result + "\n", style="green")
        if len(eq):
            first, res = eq.texts[0], eq.results[0]
            if d.reverse:
                first, res = first[::-1], res[::-1]
            seen_in = first + "∅" * (space.input_len - len(first))
            seen_out = res + "∅" * (space.output_len - len(res))
            s.append("the network sees\n", style="bold")
            s.append(f"  {seen_in!s}", style="cyan")
            s.append(" → ")
            s.append(seen_out, style="green")
            if d.reverse:
                s.append("\n  (reversed: least significant digit first)", style="dim")
        samples.update(s)
