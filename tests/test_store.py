"""The model store: whole models or clearly broken ones, never half of one."""

from __future__ import annotations

import json
import os
import shutil
import zipfile

import pytest

from mathtui.engine.store import ModelStore, StoreError


@pytest.fixture
def store(tmp_path):
    return ModelStore(root=tmp_path / "user", shipped=tmp_path / "shipped")


def test_a_saved_model_lists_and_loads_and_answers(store, tiny_result):
    info = store.save(tiny_result, "first")
    assert info.ok and info.name == "first" and not info.shipped
    meta = json.loads((info.path / "meta.json").read_text())
    assert meta["format"] == 1 and meta["config"]["dataset"]["max_value"] == 9
    assert len(meta["history"]) == 2 and "tensorflow" in meta["versions"]
    assert [i.name for i in store.list()] == ["first"]
    loaded = store.load("first")
    answer = loaded.predictor.predict("3 + 4")
    assert answer.error is None and answer.truth == "7" and len(answer.confidence) == len(answer.prediction)


def test_saving_never_overwrites_without_force_and_replaces_atomically(store, tiny_result):
    store.save(tiny_result, "m")
    before = (store.root / "m" / "meta.json").read_text()
    with pytest.raises(StoreError, match="already exists"):
        store.save(tiny_result, "m")
    assert (store.root / "m" / "meta.json").read_text() == before
    store.save(tiny_result, "m", force=True)
    assert [p.name for p in store.root.iterdir()] == ["m"]  # no temp or old folders left


def test_shipped_models_are_read_only(store, tiny_result):
    store.shipped_root.mkdir(parents=True)
    store.save(tiny_result, "tmp")
    shutil.copytree(store.root / "tmp", store.shipped_root / "default")
    with pytest.raises(StoreError, match="shipped"):
        store.save(tiny_result, "default", force=True)
    assert [(i.name, i.shipped) for i in store.list()] == [("default", True), ("tmp", False)]


def test_a_failed_save_leaves_no_trace_and_keeps_older_models(store, tiny_result, monkeypatch):
    store.save(tiny_result, "old")

    def disk_full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tiny_result.model, "save", disk_full)
    with pytest.raises(StoreError, match="No space left on device.*older models are unchanged"):
        store.save(tiny_result, "new")
    with pytest.raises(StoreError, match="No space left"):
        store.save(tiny_result, "old", force=True)
    assert sorted(p.name for p in store.root.iterdir()) == ["old"]
    assert store.get("old").ok


def test_a_crash_between_the_two_renames_of_a_replace_is_healed(store, tiny_result):
    store.save(tiny_result, "m")
    # What a kill -9 after "move the old one aside" leaves behind:
    os.rename(store.root / "m", store.root / ".old-m-999999-abcd1234")
    (store.root / ".tmp-n-999999-abcd1234").mkdir()
    assert [i.name for i in store.list()] == ["m"]
    assert store.get("m").ok
    assert sorted(p.name for p in store.root.iterdir()) == ["m"]


def _broken(root, tiny_source):
    root.mkdir(parents=True, exist_ok=True)
    (root / "empty").mkdir()
    (root / "no-meta").mkdir()
    shutil.copy(tiny_source / "model.keras", root / "no-meta" / "model.keras")
    shutil.copytree(tiny_source, root / "truncated")
    data = (root / "truncated" / "model.keras").read_bytes()
    (root / "truncated" / "model.keras").write_bytes(data[: len(data) // 2])
    shutil.copytree(tiny_source, root / "bad-json")
    (root / "bad-json" / "meta.json").write_text("{not json")
    shutil.copytree(tiny_source, root / "future")
    meta = json.loads((tiny_source / "meta.json").read_text())
    (root / "future" / "meta.json").write_text(json.dumps({**meta, "format": 99}))
    shutil.copytree(tiny_source, root / "vocab")
    (root / "vocab" / "meta.json").write_text(json.dumps({**meta, "vocab": "0123456789"}))
    (root / "a-file").write_text("not a folder")


EXPECTED_BROKEN = {
    "empty": "empty folder",
    "no-meta": "meta.json is missing",
    "truncated": "truncated",
    "bad-json": "not valid JSON",
    "future": "unknown meta format 99",
    "vocab": "vocabulary differs",
    "a-file": "not a folder",
}


def test_broken_folders_are_listed_with_their_reason_and_good_models_still_work(store, tiny_result):
    good = store.save(tiny_result, "good")
    _broken(store.root, good.path)
    infos = {i.name: i for i in store.list()}
    assert infos["good"].ok
    for name, reason in EXPECTED_BROKEN.items():
        assert not infos[name].ok and reason in infos[name].error, (name, infos[name].error)
        with pytest.raises(StoreError, match="broken"):
            store.load(name)
    assert store.load("good").predictor.predict("1 + 1").error is None


def test_a_model_whose_layers_disagree_with_its_vocabulary_is_broken(store, tiny_result, tmp_path):
    good = store.save(tiny_result, "good")
    bad = store.root / "mismatch"
    shutil.copytree(good.path, bad)
    with zipfile.ZipFile(good.path / "model.keras") as src, zipfile.ZipFile(bad / "model.keras", "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "config.json":
                data = data.replace(b'"input_dim": 17', b'"input_dim": 12')
            dst.writestr(item, data)
    info = store.get("mismatch")
    assert not info.ok and "vocabulary size" in info.error


def test_bad_names_are_refused(store, tiny_result):
    for name in ["", ".hidden", "a/b", "x" * 65, "spaces here"]:
        with pytest.raises(StoreError, match="invalid model name"):
            store.save(tiny_result, name)


def test_an_unwritable_models_folder_gives_a_clear_message(tmp_path, tiny_result):
    if os.geteuid() == 0:
        blocker = tmp_path / "file"
        blocker.write_text("x")
        store = ModelStore(root=blocker / "models", shipped=tmp_path / "none")
    else:  # pragma: no cover - non-root machines
        (tmp_path / "ro").mkdir(mode=0o500)
        store = ModelStore(root=tmp_path / "ro" / "models", shipped=tmp_path / "none")
    with pytest.raises(StoreError, match="cannot create the models folder"):
        store.save(tiny_result, "m")
