"""The mathtui Textual app: four panes around one active model.

Nothing here imports TensorFlow at import time.  The shipped ``default``
model (and TensorFlow with it) loads in a thread worker after the first
frame; training, saving and evaluation run in thread workers too and talk
to the UI only through small messages (see :mod:`mathtui.ui.messages`).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.widgets import Footer, Input, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from mathtui.engine.store import ModelStore, StoreError, default_name
from mathtui.ui.calculator_pane import CalculatorPane
from mathtui.ui.commands import MathCommands
from mathtui.ui.dataset_pane import DatasetPane
from mathtui.ui.format import pct, seconds
from mathtui.ui.messages import (
    EvalDone,
    EvalTick,
    ModelLoaded,
    ModelLoadFailed,
    SaveDone,
    Slot,
    TrainDone,
    TrainEvent,
    TrainTick,
)
from mathtui.ui.mistakes_pane import MistakesPane
from mathtui.ui.modals import ConfirmModal, MistakeDetail, ModelPicker, PathPrompt
from mathtui.ui.training_pane import TrainingPane

PANE_TITLES = {"dataset": "Dataset F1", "training": "Training F2", "calculator": "Calculator F3", "mistakes": "Mistakes F4"}
PANES = tuple(PANE_TITLES)
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


class StatusLine(Static):
    """One line: the active model, what it knows, its exact-match; what is running."""


class MathApp(App[int]):
    """The TUI.  Build it with :func:`make_app`."""

    CSS_PATH = "app.tcss"
    TITLE = "mathtui"
    COMMANDS = App.COMMANDS | {MathCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-normal"), (140, "-wide")]
    BINDINGS = [
        Binding("f1", "show_pane('dataset')", "Dataset"),
        Binding("f2", "show_pane('training')", "Training"),
        Binding("f3", "show_pane('calculator')", "Calc"),
        Binding("f4", "show_pane('mistakes')", "Mistakes"),
        Binding("f5", "start_training", "Train"),
        Binding("f6", "stop_training", "Stop"),
        Binding("f7", "evaluate", "Evaluate"),
        Binding("f8", "load_model", "Models"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, store: ModelStore | None = None, autoload: bool = True, default_model: str = "default",
                 preset: str = "tiny", cursor_blink: bool = True, pane: str = "calculator") -> None:
        super().__init__()
        self.initial_pane = pane if pane in PANES else "calculator"
        self.store = store or ModelStore()
        self.autoload = autoload
        self.default_model = default_model
        self.initial_preset = preset
        self.cursor_blink = cursor_blink
        self.loaded = None  # LoadedModel
        self.model_state = "none"  # none | loading | ready | missing | broken | failed
        self.model_note = ""
        self.loading_name: str | None = None
        self.training = False
        self.saving: str | None = None
        self.evaluating = False
        self.train_cancel: threading.Event | None = None
        self.eval_cancel: threading.Event | None = None
        self.train_slot = Slot()
        self.eval_slot = Slot()
        self.train_progress = None  # latest BatchProgress shown
        self.train_epochs = 0
        self.eval_progress = None
        self.last_eval = None
        self.first_frame_at: float | None = None
        self._spin = 0
        self._spinner_timer = None
        self._exiting = False
        self.ready = False  # every pane mounted

    # -- layout ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusLine("", id="status")
        # The first pane (the calculator: it answers from `default` as soon as
        # that loads) is composed now; the others mount right after the first
        # frame, so it paints sooner.
        with TabbedContent(initial=self.initial_pane, id="panes"):
            for pane, title in PANE_TITLES.items():
                with TabPane(title, id=pane):
                    if pane == self.initial_pane:
                        yield self._make_pane(pane)
        yield Footer(compact=True)

    def _make_pane(self, pane: str):
        return {
            "dataset": lambda: DatasetPane(self.initial_preset, id="dataset-pane"),
            "training": lambda: TrainingPane(id="training-pane"),
            "calculator": lambda: CalculatorPane(id="calculator-pane"),
            "mistakes": lambda: MistakesPane(id="mistakes-pane"),
        }[pane]()

    def on_mount(self) -> None:
        # A timer, not call_after_refresh: in a terminal exactly 80 columns
        # wide (Textual's default width) the first resize changes nothing, no
        # second refresh comes, and after-refresh callbacks (ours, the Footer's)
        # would wait forever.  Asking for a layout refresh unsticks them.
        self.set_timer(0.02, self._first_frame)
        self.set_timer(0.05, lambda: self.screen.refresh(layout=True))
        self.refresh_status()

    def apply_blink(self, widget) -> None:
        """Panes and modals call this on mount: tests and snapshots turn blinking off."""
        if not self.cursor_blink:
            for box in widget.query(Input):
                box.cursor_blink = False

    async def _first_frame(self) -> None:
        self.first_frame_at = time.perf_counter()
        for pane in PANES:
            if pane != self.initial_pane:
                await self.query_one(f"#{pane}", TabPane).mount(self._make_pane(pane))
        self.ready = True
        self.action_show_pane(self.initial_pane)  # keyboard focus where the user will type
        self.check_default()

    # -- the active model --------------------------------------------------

    def check_default(self) -> None:
        """Find ``default`` in the store (fast, no TensorFlow); load it if allowed."""
        infos = self.store.list()
        info = next((i for i in infos if i.name == self.default_model), None)
        if info is None:
            self.model_state = "missing"
            self.model_note = f"No '{self.default_model}' model in the store yet"
        elif not info.ok:
            self.model_state = "broken"
            self.model_note = f"'{info.name}' is broken: {info.error}"
        elif self.autoload:
            self.load_model(info.name)
            return
        else:
            self.model_state = "none"
            self.model_note = f"'{info.name}' not loaded (autoload off)"
        self.refresh_status()
        self._calc_idle()

    def _calc_idle(self) -> None:
        try:
            self.query_one(CalculatorPane).show_idle()
        except NoMatches:  # not mounted yet; it shows the state when it mounts
            pass

    def model_hint(self) -> str:
        if self.model_state == "loading":
            return f"Loading TensorFlow and '{self.loading_name}'… the calculator answers as soon as it is ready."
        note = self.model_note + ". " if self.model_note else ""
        return note + "Train one on the Training pane (F5) or load one from the store (F8)."

    def load_model(self, name: str) -> None:
        self.model_state = "loading"
        self.loading_name = name
        self._start_spinner()
        self.refresh_status()
        self._calc_idle()
        self._load_worker(name)

    @work(thread=True, exclusive=True, group="load")
    def _load_worker(self, name: str) -> None:
        started = time.perf_counter()
        worker = get_current_worker()
        try:
            loaded = self.store.load(name)
            self._warm(loaded)
        except Exception as exc:  # noqa: BLE001 -- shown, never raised
            message = str(exc) if isinstance(exc, StoreError) else f"{type(exc).__name__}: {exc}"
            if not worker.is_cancelled:
                self.post_message(ModelLoadFailed(name, message))
            return
        if not worker.is_cancelled:
            self.post_message(ModelLoaded(loaded, time.perf_counter() - started))

    @staticmethod
    def _warm(loaded) -> None:
        """Trace the predictor's tf.function now, so the first question is instant."""
        import numpy as np

        p = loaded.predictor
        p.best(np.zeros((1, p.input_len), dtype=np.int32))

    def on_model_loaded(self, message: ModelLoaded) -> None:
        self.loaded = message.loaded
        self.model_state = "ready"
        self.model_note = ""
        self.loading_name = None
        self._stop_spinner()
        self.last_eval = None
        self.refresh_status()
        self._calc_idle()
        self.notify(f"Model '{message.loaded.name}' is active ({message.seconds:.1f} s to load).", title="model loaded")

    def on_model_load_failed(self, message: ModelLoadFailed) -> None:
        self.loading_name = None
        self._stop_spinner()
        self.model_state = "ready" if self.loaded is not None else "failed"
        self.model_note = f"Could not load '{message.name}': {message.message}"
        self.refresh_status()
        self._calc_idle()
        self.notify(message.message, title=f"could not load {message.name}", severity="error", timeout=8)

    # -- status line -------------------------------------------------------

    def refresh_status(self) -> None:
        t = Text()
        if self.loaded is not None:
            info = self.loaded.info
            t.append("● ", style="green")
            t.append(info.name, style="bold")
            t.append(f"  {info.describe()}", style="")
            em = info.metrics.get("val_exact_match")
            t.append("  val exact ", style="dim")
            t.append(pct(em) if em is not None else "–", style="bold")
            if self.last_eval is not None:
                t.append("  eval ", style="dim")
                t.append(pct(self.last_eval.exact_match, 2), style="bold")
        elif self.model_state == "loading":
            pass
        else:
            t.append("○ no model", style="bold yellow")
            if self.model_note:
                t.append(f"  {self.model_note}", style="yellow")
        activity = self._activity()
        if activity:
            t.append("  │  ", style="dim")
            t.append_text(activity)
        self.query_one(StatusLine).update(t)

    def _activity(self) -> Text:
        parts: list[Text] = []
        spin = SPINNER[self._spin % len(SPINNER)]
        if self.model_state == "loading":
            parts.append(Text(f"{spin} loading TensorFlow + '{self.loading_name}'…", style="bold cyan"))
        if self.training:
            p = self.train_progress
            if p is None:
                parts.append(Text(f"{spin} training: preparing…", style="bold magenta"))
            else:
                parts.append(Text(f"training epoch {p.epoch}/{self.train_epochs} {p.step / max(p.steps, 1):.0%}", style="bold magenta"))
        if self.saving:
            parts.append(Text(f"{spin} saving '{self.saving}'…", style="bold cyan"))
        if self.evaluating:
            p = self.eval_progress
            done = f" {p.done / max(p.total, 1):.0%}" if p else ""
            parts.append(Text(f"evaluating{done}", style="bold blue"))
        if not parts:
            return Text("idle", style="dim")
        return Text("  ").join(parts)

    def _start_spinner(self) -> None:
        if self._spinner_timer is None:
            self._spinner_timer = self.set_interval(0.12, self._tick_spinner)

    def _stop_spinner(self) -> None:
        if self._spinner_timer is not None and not (self.model_state == "loading" or self.saving or (self.training and self.train_progress is None)):
            self._spinner_timer.stop()
            self._spinner_timer = None

    def _tick_spinner(self) -> None:
        self._spin += 1
        self.refresh_status()

    # -- panes -------------------------------------------------------------

    def action_show_pane(self, pane: str) -> None:
        if pane in PANES and self.ready:
            self.query_one("#panes", TabbedContent).active = pane
            focus = {"calculator": "#calc-input", "training": "#tr-start", "mistakes": "#mk-eval", "dataset": "#preset"}[pane]
            widget = self.query_one(focus)
            if widget.focusable:
                widget.focus()
            else:
                self.query_one("#panes", TabbedContent).query_one(f"#{pane}").focus()

    # -- training ----------------------------------------------------------

    def action_start_training(self) -> None:
        if not self.ready:
            return
        tp = self.query_one(TrainingPane)
        if self.training:
            self.notify("A run is already training; stop it first (F6).", severity="warning")
            return
        if self.saving:
            self.notify(f"Still saving '{self.saving}'.", severity="warning")
            return
        ds = self.query_one(DatasetPane)
        ds.recompute()
        if ds.config is None:
            n = len(ds.problems)
            tp.message(Text.assemble(("cannot start: ", "bold red"), f"the Dataset form has {n} problem{'s' if n != 1 else ''} "
                                     f"({next(iter(ds.problems.values()))}); fix them on the Dataset pane (F1)."), "error")
            self.notify(f"Fix the {n} flagged field{'s' if n != 1 else ''} on the Dataset pane first.", title="cannot train", severity="error")
            self.action_show_pane("dataset")
            return
        name = tp.requested_name or default_name(ds.preset_name)
        try:
            self.store.check_save(name, force=True)  # an existing user model is asked about below
        except StoreError as exc:
            tp.message(Text.assemble(("cannot start: ", "bold red"), str(exc)), "error")
            self.action_show_pane("training")
            return
        config = ds.config
        if self.store.exists(name):
            def answer(yes: bool | None) -> None:
                if yes:
                    self._begin_training(config, name, force=True)
                else:
                    tp.message("Not started: choose another name.", "")
            self.push_screen(ConfirmModal(f"A model named '{name}' already exists.\nReplace it with this run when training ends?",
                                          yes="Replace", no="Cancel"), answer)
            return
        self._begin_training(config, name, force=False)

    def _begin_training(self, config, name: str, force: bool) -> None:
        tp = self.query_one(TrainingPane)
        self.train_cancel = threading.Event()
        self.training = True
        self.train_progress = None
        self.train_epochs = config.train.epochs
        self.train_slot.take()
        tp.reset(config.train.epochs)
        tp.set_running(True)
        tp.message(Text.assemble(("starting ", "bold"), f"'{name}': importing TensorFlow and building the data set…"), "busy")
        self.action_show_pane("training")
        self.query_one("#tr-stop").focus()
        self._start_spinner()
        self.refresh_status()
        self._train_worker(config, name, force, self.train_cancel)

    @work(thread=True, exclusive=True, group="train")
    def _train_worker(self, config, name: str, force: bool, cancel: threading.Event) -> None:
        from mathtui.engine.events import BatchProgress

        def sink(event) -> None:
            if isinstance(event, BatchProgress):
                if self.train_slot.put(event):
                    self.post_message(TrainTick())
            else:
                self.post_message(TrainEvent(event))

        try:
            from mathtui.engine.training import train

            result = train(config, on_event=sink, cancel=cancel)
        except Exception as exc:  # noqa: BLE001 -- ConfigError or a bug: shown in the pane
            self.post_message(TrainDone(error=f"{type(exc).__name__}: {exc}", name=name, force=force))
            return
        self.post_message(TrainDone(result=result, name=name, force=force))

    def on_train_tick(self, _message: TrainTick) -> None:
        event = self.train_slot.take()
        if event is None or not self.training:
            return
        self.train_progress = event
        self._stop_spinner()
        self.query_one(TrainingPane).on_progress(event)
        self.refresh_status()

    def on_train_event(self, message: TrainEvent) -> None:
        from mathtui.engine import events as ev

        tp = self.query_one(TrainingPane)
        event = message.event
        if isinstance(event, ev.TrainingStarted):
            self.train_epochs = event.epochs
            tp.on_started(event)
        elif isinstance(event, ev.EpochEnd):
            tp.on_epoch(event)
        elif isinstance(event, ev.Examples):
            tp.on_examples(event)
        elif isinstance(event, ev.TrainingFinished):
            pass  # the result (TrainDone) carries the same and more
        self.refresh_status()

    def action_stop_training(self) -> None:
        if not self.training or self.train_cancel is None:
            self.notify("Nothing is training.", severity="information")
            return
        self.train_cancel.set()
        self.query_one(TrainingPane).message(Text("stopping after this batch; the best checkpoint is kept…", style="bold yellow"), "busy")

    def on_train_done(self, message: TrainDone) -> None:
        tp = self.query_one(TrainingPane)
        self.training = False
        self.train_progress = None
        self._stop_spinner()
        if message.error is not None:
            tp.on_finished("failed", message.error)
            self.notify(message.error, title="training failed", severity="error", timeout=10)
            self.refresh_status()
            return
        result = message.result
        tp.on_finished(result.status, result.message or result.status)
        if not result.saveable:
            if result.status == "failed":
                self.notify(result.message, title="training failed", severity="error", timeout=10)
            else:
                self.notify("Nothing to save: no epoch finished.", severity="warning")
            self.refresh_status()
            return
        name = message.name
        if self.store.exists(name) and not message.force:
            def answer(yes: bool | None) -> None:
                if yes:
                    self._save(result, name, True)
                else:
                    tp.message(Text.assemble(("not saved: ", "bold yellow"), f"'{name}' exists and was kept; the run was discarded."), "")
            self.push_screen(ConfirmModal(f"A model named '{name}' appeared while training.\nReplace it?", yes="Replace", no="Discard run"), answer)
        else:
            self._save(result, name, message.force)
        self.refresh_status()

    def _save(self, result, name: str, force: bool) -> None:
        self.saving = name
        self._start_spinner()
        self.refresh_status()
        self._save_worker(result, name, force)

    @work(thread=True, exclusive=True, group="save")
    def _save_worker(self, result, name: str, force: bool) -> None:
        try:
            self.store.save(result, name, force=force)
        except Exception as exc:  # noqa: BLE001
            self.post_message(SaveDone(name, str(exc) if isinstance(exc, StoreError) else f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(SaveDone(name))
        started = time.perf_counter()
        try:
            loaded = self.store.load(name)
            self._warm(loaded)
        except Exception as exc:  # noqa: BLE001
            self.post_message(ModelLoadFailed(name, str(exc)))
            return
        self.post_message(ModelLoaded(loaded, time.perf_counter() - started))

    def on_save_done(self, message: SaveDone) -> None:
        self.saving = None
        tp = self.query_one(TrainingPane)
        if message.error:
            tp.message(Text.assemble(("could not save: ", "bold red"), message.error), "error")
            self.notify(message.error, title="save failed", severity="error", timeout=10)
            self._stop_spinner()
        else:
            tp.append_message(Text.assemble(("saved as ", "bold green"), (message.name, "bold"), " — loading it as the active model…"), "ok")
            self.model_state = "loading"
            self.loading_name = message.name
        self.refresh_status()

    # -- evaluation --------------------------------------------------------

    def action_evaluate(self) -> None:
        if not self.ready:
            return
        mp = self.query_one(MistakesPane)
        self.action_show_pane("mistakes")
        if self.loaded is None:
            mp.show_error("no model is active. " + self.model_hint())
            return
        if self.evaluating:
            self.notify("An evaluation is already running.", severity="warning")
            return
        n, exhaustive, error = mp.request()
        if error:
            mp.show_error(error)
            return
        self.eval_cancel = threading.Event()
        self.evaluating = True
        self.eval_progress = None
        self.eval_slot.take()
        mp.set_running(True)
        self.query_one("#mk-stop").focus()
        self.refresh_status()
        self._eval_worker(self.loaded, n, exhaustive, self.eval_cancel)

    @work(thread=True, exclusive=True, group="eval")
    def _eval_worker(self, loaded, n: int | None, exhaustive: bool, cancel: threading.Event) -> None:
        from mathtui.engine.evaluation import EvaluationError, evaluate
        from mathtui.engine.events import EvaluationProgress

        def sink(event) -> None:
            if isinstance(event, EvaluationProgress) and self.eval_slot.put(event):
                self.post_message(EvalTick())

        try:
            result = evaluate(loaded, sample=n, exhaustive=exhaustive, on_event=sink, cancel=cancel)
        except EvaluationError as exc:
            self.post_message(EvalDone(error=str(exc)))
            return
        except Exception as exc:  # noqa: BLE001
            self.post_message(EvalDone(error=f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(EvalDone(result=result))

    def on_eval_tick(self, _message: EvalTick) -> None:
        event = self.eval_slot.take()
        if event is None or not self.evaluating:
            return
        self.eval_progress = event
        self.query_one(MistakesPane).on_progress(event)
        self.refresh_status()

    def on_eval_done(self, message: EvalDone) -> None:
        self.evaluating = False
        mp = self.query_one(MistakesPane)
        if message.error:
            mp.show_error(message.error)
        else:
            self.show_evaluation(message.result)
        self.refresh_status()

    def show_evaluation(self, result) -> None:
        """Show an EvaluationResult (also used by tests and the screenshot script)."""
        if result.status != "failed" and self.loaded is not None and result.model == self.loaded.name:
            self.last_eval = result
        self.query_one(MistakesPane).show_result(result)
        self.refresh_status()

    def action_stop_evaluation(self) -> None:
        if self.evaluating and self.eval_cancel is not None:
            self.eval_cancel.set()

    def open_mistake(self, mistake) -> None:
        def answer(equation: str | None) -> None:
            if equation:
                self.action_show_pane("calculator")
                calc = self.query_one(CalculatorPane)
                self.query_one("#calc-input", Input).value = equation
                calc.ask(equation)
        self.push_screen(MistakeDetail(mistake), answer)

    def action_export_mistakes(self) -> None:
        if not self.ready:
            return
        mp = self.query_one(MistakesPane)
        if mp.result is None:
            self.notify("Evaluate a model first (F7); there are no mistakes to export.", severity="warning")
            return
        rows = mp.view
        filtered = len(rows) != len(mp.all_mistakes)
        default = str(Path.cwd() / f"mistakes-{mp.result.model}.csv")
        what = f"{len(rows):,} mistakes" + (" (the filtered view)" if filtered else "")

        def answer(path: str | None) -> None:
            if not path:
                return
            from mathtui.mistakes import write_csv

            target = Path(path).expanduser()
            try:
                count = write_csv(rows, target)
            except OSError as exc:
                self.notify(f"cannot write {target}: {exc.strerror or exc}", title="export failed", severity="error", timeout=10)
                return
            self.notify(f"wrote {count:,} mistakes to {target}", title="exported")
        self.push_screen(PathPrompt(f"Export {what} as CSV to:", default), answer)

    # -- models ------------------------------------------------------------

    def action_load_model(self) -> None:
        infos = self.store.list()

        def answer(name: str | None) -> None:
            if name:
                self.load_model(name)
        self.push_screen(ModelPicker(infos, self.loaded.name if self.loaded else None), answer)

    # -- quitting ----------------------------------------------------------

    async def action_quit(self) -> None:
        if self.training and self.train_cancel is not None:
            def answer(yes: bool | None) -> None:
                if yes:
                    self._quit_now()
            self.push_screen(ConfirmModal("Training is running.\nQuit now? The run stops within one batch and is not saved; "
                                          "models already saved are untouched.", yes="Quit", no="Keep training"), answer)
            return
        self._quit_now()

    def _quit_now(self) -> None:
        self._exiting = True
        for cancel in (self.train_cancel, self.eval_cancel):
            if cancel is not None:
                cancel.set()
        self.exit(0)


def make_app(store: ModelStore | None = None, autoload: bool = True, *, default_model: str = "default",
             preset: str = "tiny", cursor_blink: bool = True, pane: str = "calculator") -> MathApp:
    """The one way to build the app (used by :func:`run_app`, tests and scripts).

    ``store`` defaults to ``ModelStore()``; ``autoload`` loads the ``default``
    model in a worker after the first frame; ``pane`` is the pane shown first.
    """
    return MathApp(store=store, autoload=autoload, default_model=default_model, preset=preset,
                   cursor_blink=cursor_blink, pane=pane)


def native_log_path() -> Path | None:
    try:
        from platformdirs import user_log_dir

        folder = Path(user_log_dir("mathtui", appauthor=False))
        folder.mkdir(parents=True, exist_ok=True)
        return folder / "native.log"
    except Exception:  # noqa: BLE001
        return None


@contextmanager
def native_stderr_to_log() -> Iterator[Path | None]:
    """Keep native (C++) writes to fd 2 off the screen while the TUI runs.

    Textual draws to ``sys.__stderr__``; TensorFlow's C++ code writes to
    file descriptor 2.  The terminal gets a fresh descriptor that only the
    TUI writes to, and fd 2 goes to a log file (or devnull).
    """
    try:
        sys.stderr.flush()
        term_fd = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield None
        return
    path = native_log_path()
    log_fd = -1
    if path is not None:
        try:
            log_fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError:
            log_fd = -1
            path = None
    if log_fd < 0:
        log_fd = os.open(os.devnull, os.O_WRONLY)
    saved_dunder, saved_stderr = sys.__stderr__, sys.stderr
    encoding = getattr(saved_dunder, "encoding", None) or "utf-8"
    term = open(term_fd, "w", encoding=encoding, errors="replace", closefd=False)
    os.dup2(log_fd, 2)
    os.close(log_fd)
    sys.__stderr__ = term  # type: ignore[misc]
    sys.stderr = term
    try:
        yield path
    finally:
        try:
            term.flush()
        except (OSError, ValueError):
            pass
        os.dup2(term_fd, 2)
        sys.__stderr__ = saved_dunder  # type: ignore[misc]
        sys.stderr = saved_stderr
        term.close()
        os.close(term_fd)


def run_app() -> int:
    """Run the TUI; the CLI's entry point when no command is given."""
    with native_stderr_to_log():
        app = make_app()
        result = app.run()
    return int(result or app.return_code or 0)
