"""Command palette provider: panes by name and the app's main actions."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class MathCommands(Provider):
    def _commands(self) -> list[tuple[str, object, str]]:
        app = self.app
        return [
            ("Show Dataset pane", partial(app.action_show_pane, "dataset"), "F1: the settings form, presets and live facts"),
            ("Show Training pane", partial(app.action_show_pane, "training"), "F2: progress, epochs, plots, examples"),
            ("Show Calculator pane", partial(app.action_show_pane, "calculator"), "F3: ask the active model"),
            ("Show Mistakes pane", partial(app.action_show_pane, "mistakes"), "F4: evaluate and study mistakes"),
            ("Start training", app.action_start_training, "F5: train a model with the Dataset pane's settings"),
            ("Stop training", app.action_stop_training, "F6: stop within one batch and keep the best checkpoint"),
            ("Evaluate active model", app.action_evaluate, "F7: exact-match on fresh equations or the whole space"),
            ("Stop evaluation", app.action_stop_evaluation, "cancel a running evaluation"),
            ("Load model…", app.action_load_model, "F8: pick a model from the store"),
            ("Export mistakes to CSV…", app.action_export_mistakes, "write the shown mistakes to a CSV file"),
        ]

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
