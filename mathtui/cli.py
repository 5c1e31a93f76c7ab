"""The command line: ``mathtui [train|predict|evaluate|models]``.

Kept light at import (argparse only) so ``mathtui --help`` answers at once;
each command imports the engine, and through it TensorFlow, only when run.
Usage and input errors are one line on stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import Sequence

EXIT_USAGE = 2
FIELD_FLAGS: dict[str, str] = {}  # "dataset.max_value" -> "--max", filled by build_parser


class CliError(Exception):
    """A one-line problem to report with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not the usage dump
        raise CliError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mathtui", description="Teach a small seq2seq LSTM to do arithmetic from strings. Run with no command to open the TUI.")
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    t = sub.add_parser("train", help="train a model and save it to the store")
    t.add_argument("--preset", default=None, help="start from a preset: seed, default, subtract, multiply, mixed, divide, tiny")
    t.add_argument("--min", type=int, dest="dataset.min_value", help="smallest operand")
    t.add_argument("--max", type=int, dest="dataset.max_value", help="largest operand")
    t.add_argument("--ops", dest="dataset.operations", help='operations, e.g. "+-*/"')
    t.add_argument("--n-ops", type=int, dest="dataset.n_ops", help="operators per equation")
    t.add_argument("--decimals", type=int, dest="dataset.decimals", help="round results to D places (needed for /)")
    t.add_argument("--examples", type=int, dest="dataset.examples", help="equations to sample (train + test)")
    t.add_argument("--test-split", type=float, dest="dataset.test_split", help="share held out for validation")
    t.add_argument("--reverse", action=argparse.BooleanOptionalAction, dest="dataset.reverse", default=None, help="reverse digits of input and output")
    t.add_argument("--balanced", action=argparse.BooleanOptionalAction, dest="dataset.balanced", default=None, help="balance operand digit lengths")
    t.add_argument("--seed", type=int, dest="dataset.seed", help="random seed")
    t.add_argument("--hidden", type=int, dest="model.hidden", help="LSTM units per direction")
    t.add_argument("--encoder-depth", type=int, dest="model.encoder_depth")
    t.add_argument("--decoder-depth", type=int, dest="model.decoder_depth")
    t.add_argument("--dropout", type=float, dest="model.dropout")
    t.add_argument("--batch-norm", action="store_true", dest="model.batch_norm", default=None)
    t.add_argument("--lr", type=float, dest="train.lr", help="learning rate")
    t.add_argument("--lr-schedule", choices=["constant", "plateau", "cosine"], dest="train.lr_schedule")
    t.add_argument("--patience", type=int, dest="train.patience", help="stop after N epochs without a better val exact-match (0 = never)")
    t.add_argument("--batch-size", type=int, dest="train.batch_size")
    t.add_argument("--epochs", type=int, dest="train.epochs")
    t.add_argument("--name", help="name to save under (default: PRESET-DATE-TIME)")
    t.add_argument("--force", action="store_true", help="replace an existing model of that name")
    t.add_argument("--quiet", action="store_true", help="print only the final line")

    p = sub.add_parser("predict", help="ask a model; equations as arguments or one per line on stdin")
    p.add_argument("--model", default="default")
    p.add_argument("--json", action="store_true", help="one JSON object per equation")
    p.add_argument("equations", nargs="*", metavar="EQUATION")

    e = sub.add_parser("evaluate", help="measure exact-match on fresh equations or the whole space")
    scope = e.add_mutually_exclusive_group()
    scope.add_argument("--all", action="store_true", help="every equation of the space (at most 2,000,000)")
    scope.add_argument("--sample", type=int, default=None, help="N fresh equations (default 20,000)")
    e.add_argument("--model", default="default")
    e.add_argument("--json", action="store_true")
    e.add_argument("--csv", metavar="FILE", help="write the mistakes to FILE")

    for action in t._actions:
        if "." in action.dest and action.option_strings:
            FIELD_FLAGS[action.dest] = action.option_strings[0]

    m = sub.add_parser("models", help="list the store's models")
    m.add_argument("--json", action="store_true")
    return parser


def _version() -> str:
    from mathtui import __version__

    return f"mathtui {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            from mathtui.ui.app import run_app

            return run_app()
        return {"train": cmd_train, "predict": cmd_predict, "evaluate": cmd_evaluate, "models": cmd_models}[args.command](args)
    except CliError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("mathtui: interrupted", file=sys.stderr)
        return 130


# -- train -------------------------------------------------------------------


def run_config_from_args(args: argparse.Namespace):
    from mathtui.config import ConfigError, RunConfig
    from mathtui.presets import preset

    try:
        base = preset(args.preset) if args.preset else RunConfig()
    except KeyError as exc:
        raise CliError(f"mathtui train: {exc.args[0]}") from None
    values = {k: v for k, v in vars(args).items() if "." in k and v is not None}
    config = base.with_values(**values)
    try:
        return config.validate()
    except ConfigError as exc:
        flag = FIELD_FLAGS.get(exc.problems[0].field, exc.problems[0].field)
        raise CliError(f"mathtui train: {flag}: {exc}") from None


def cmd_train(args: argparse.Namespace) -> int:
    config = run_config_from_args(args)
    from mathtui.engine.store import ModelStore, StoreError, default_name

    store = ModelStore()
    name = args.name or default_name(args.preset)
    try:
        store.check_save(name, force=args.force)
    except StoreError as exc:
        raise CliError(f"mathtui train: {exc}") from None

    from mathtui.cli_progress import TrainingDisplay
    from mathtui.engine.training import train

    cancel = threading.Event()
    previous = signal.getsignal(signal.SIGINT)

    def on_sigint(_sig, _frame):
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()
        print("\nstopping after this batch; press Ctrl+C again to quit without saving", file=sys.stderr)

    signal.signal(signal.SIGINT, on_sigint)
    try:
        with TrainingDisplay(quiet=args.quiet) as display:
            result = train(config, on_event=display, cancel=cancel)
    finally:
        signal.signal(signal.SIGINT, previous)
    print(f"{result.status}: {result.message}", file=sys.stderr)
    if not result.saveable:
        return 1
    try:
        info = store.save(result, name, force=args.force)
    except StoreError as exc:
        print(f"mathtui train: {exc}", file=sys.stderr)
        from mathtui.engine.store import rescue

        print(f"mathtui train: {rescue(result, name)}", file=sys.stderr)
        return 1
    em = info.metrics.get("val_exact_match", 0.0)
    print(f"saved {info.name} ({info.path}); val exact-match {em:.2%}")
    return 0


# -- predict -----------------------------------------------------------------


def _load(name: str):
    from mathtui.engine.store import ModelStore, StoreError

    try:
        return ModelStore().load(name)
    except StoreError as exc:
        raise CliError(f"mathtui: {exc}") from None


def cmd_predict(args: argparse.Namespace) -> int:
    queries = list(args.equations)
    if not queries:
        if sys.stdin is None or sys.stdin.isatty():
            raise CliError("mathtui predict: give equations as arguments or one per line on stdin")
        queries = [line.rstrip("\r\n") for line in sys.stdin]
    loaded = _load(args.model)
    status = 0
    for prediction in loaded.predictor.predict_many(queries):
        if prediction.error:
            status = EXIT_USAGE
        if args.json:
            print(json.dumps(prediction.to_json(), ensure_ascii=True))
        elif prediction.error:
            print(f"{prediction.query!r}: error: {prediction.error}")
        else:
            mark = "right" if prediction.correct else f"wrong, true result {prediction.truth}"
            note = f"  (outside training: {prediction.outside})" if prediction.outside else ""
            print(f"{prediction.equation} = {prediction.prediction}  [{mark}]{note}")
    return status


# -- evaluate ----------------------------------------------------------------


def cmd_evaluate(args: argparse.Namespace) -> int:
    from mathtui.engine.evaluation import EvaluationError, evaluate
    from mathtui.engine.events import EvaluationProgress

    loaded = _load(args.model)
    cancel = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.set())
    try:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True, console=_stderr_console()) as bar:
            task = bar.add_task(f"evaluating {loaded.name}", total=None)

            def sink(event):
                if isinstance(event, EvaluationProgress):
                    bar.update(task, completed=event.done, total=event.total)

            try:
                result = evaluate(loaded, sample=args.sample or 20_000, exhaustive=args.all, on_event=sink, cancel=cancel)
            except EvaluationError as exc:
                raise CliError(f"mathtui evaluate: {exc}") from None
    finally:
        signal.signal(signal.SIGINT, previous)
    if args.csv:
        from mathtui.mistakes import write_csv

        try:
            write_csv(result.mistakes, args.csv)
        except OSError as exc:
            raise CliError(f"mathtui evaluate: cannot write {args.csv}: {exc.strerror or exc}") from None
    if args.json:
        print(json.dumps(result.to_json()))
    else:
        scope = "all" if result.exhaustive else "a fresh sample of"
        print(f"{result.model}: {scope} {result.n:,} equations, exact-match {result.exact_match:.4%} "
              f"({result.mistakes_total:,} wrong), char accuracy {result.char_accuracy:.4%}, {result.seconds:.1f} s")
        for m in result.mistakes[:10]:
            print(f"  {m.equation} = {m.predicted} (should be {m.expected})")
    if result.status == "failed":
        print(f"mathtui evaluate: {result.message}", file=sys.stderr)
        return 1
    return 0 if result.status == "completed" else 130


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


# -- models ------------------------------------------------------------------


def cmd_models(args: argparse.Namespace) -> int:
    from mathtui.engine.store import ModelStore

    infos = ModelStore().list()
    if args.json:
        print(json.dumps([i.to_json() for i in infos]))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table("name", "source", "trained on", "val exact-match", "status")
    for i in infos:
        em = i.metrics.get("val_exact_match")
        table.add_row(i.name, "shipped" if i.shipped else "user", i.describe(), "" if em is None else f"{em:.2%}",
                      "ok" if i.ok else f"[red]broken: {i.error}[/]")
    Console().print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
