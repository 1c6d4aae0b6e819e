"""The packaged word tables: parsed from TOML once, then read back from a plain JSON copy."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from tracker.data_tables import packaged_table

TABLES = ("cues_en.toml", "cues_ja.toml", "themes.toml", "targets.toml", "actors.toml")


def _parsed(name: str) -> dict:  # type: ignore[type-arg]
    return tomllib.loads(resources.files("tracker").joinpath("data", name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", TABLES)
def test_the_kept_copy_reads_back_as_the_toml_parses(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path))
    first = packaged_table(name)
    copies = list(tmp_path.glob(f"table-{name.removesuffix('.toml')}-*.json"))
    assert len(copies) == 1
    assert first == _parsed(name)
    assert packaged_table(name) == _parsed(name)  # now from the copy


def test_a_corrupt_or_foreign_copy_only_means_parsing_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path))
    packaged_table("targets.toml")
    (copy,) = tmp_path.glob("table-targets-*.json")
    for junk in (b"{not json", b"[1, 2, 3]", b"\xff\xfe"):
        copy.write_bytes(junk)
        assert packaged_table("targets.toml") == _parsed("targets.toml")


def test_caching_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_CACHE_DIR", "off")
    monkeypatch.chdir(tmp_path)
    assert packaged_table("actors.toml") == _parsed("actors.toml")
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_cache_folder_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(blocker / "cache"))
    assert packaged_table("themes.toml") == _parsed("themes.toml")
