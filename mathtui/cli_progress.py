"""Rich display of a training run for ``mathtui train``: an epoch progress bar
above a growing table of finished epochs, fed by the engine's events."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from mathtui.engine.events import BatchProgress, EpochEnd, Examples, TrainingFinished, TrainingStarted


class TrainingDisplay:
    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("epoch {task.fields[epoch]}"), BarColumn(), MofNCompleteColumn(), TextColumn("loss {task.fields[loss]:.4f}"),
            TimeRemainingColumn(), console=self.console, transient=True, disable=quiet,
        )
        self.task = None

    def __enter__(self) -> "TrainingDisplay":
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def __call__(self, event) -> None:
        if self.quiet:
            return
        if isinstance(event, TrainingStarted):
            self.console.print(
                f"training on {event.train_size:,} equations, validating on {event.test_size:,}; "
                f"{event.parameters:,} parameters; {event.device}"
            )
            self.console.print("[dim]epoch    loss  char acc  val loss  val char acc  [b]val exact[/b]   seconds[/]")
            self.task = self.progress.add_task("train", total=event.steps_per_epoch, epoch=1, loss=0.0)
        elif isinstance(event, BatchProgress) and self.task is not None:
            self.progress.update(self.task, completed=event.step, epoch=event.epoch, loss=event.loss)
        elif isinstance(event, EpochEnd):
            star = " *" if event.best else ""
            self.console.print(
                f"{event.epoch:5d}  {event.loss:6.4f}  {event.char_accuracy:8.2%}  {event.val_loss:8.4f}  "
                f"{event.val_char_accuracy:12.2%}  [b]{event.val_exact_match:9.2%}[/b]  {event.seconds:8.1f}{star}"
            )
            if self.task is not None:
                self.progress.reset(self.task, epoch=event.epoch + 1, loss=event.loss)
        elif isinstance(event, Examples):
            wrong = [e for e in event.items if not e.correct]
            if wrong:
                shown = ", ".join(f"{e.equation} = {e.predicted} (not {e.expected})" for e in wrong[:3])
                self.console.print(f"[dim]       wrong: {shown}[/]")
        elif isinstance(event, TrainingFinished) and self.task is not None:
            self.progress.remove_task(self.task)
            self.task = None
