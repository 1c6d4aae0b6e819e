"""The README's commands, run verbatim as a newcomer would: in a fresh virtual environment, in a new folder.

The commands are read from README.md (the fenced block after each `<!-- setup:NAME -->` or
`<!-- walkthrough:NAME -->` marker, as .ci/run reads the set-up commands), so the README cannot
promise what the tool does not do. The venv sees the installed dependencies
(`--system-site-packages`), so `pip install -e .` of the set-up command installs only the
project into it, from a copy of this checkout; pip's own build step fetches the build backend
(setuptools) as it does for any user.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parent.parent
README = CHECKOUT / "README.md"


def readme_block(marker: str) -> str:
    """The fenced block that follows `<!-- marker -->` in README.md."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^<!-- {re.escape(marker)} -->\n```[^\n]*\n(.*?)^```", text, re.M | re.S)
    assert match, f"README.md has no block after <!-- {marker} -->"
    return match.group(1)


def run_block(marker: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    commands = readme_block(marker)
    proc = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", commands], cwd=cwd, env=env, capture_output=True, text=True,
        check=False, timeout=600,
    )
    assert proc.returncode == 0, (
        f"README {marker} failed (exit {proc.returncode}):\n{commands}\nstdout:\n{proc.stdout}\n"
        f"stderr:\n{proc.stderr}"
    )
    return proc


def _tracked_files() -> list[str]:
    """The checkout's files as a clone would have them, uncommitted edits included."""
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=CHECKOUT,
        capture_output=True, check=True,
    ).stdout
    return [
        name for name in out.decode().split("\0")
        if name and ((CHECKOUT / name).is_symlink() or (CHECKOUT / name).is_file())
    ]


@pytest.fixture(scope="module")
def newcomer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """A copy of the checkout, and an environment whose PATH starts with a fresh venv's bin/."""
    base = tmp_path_factory.mktemp("newcomer")
    clone = base / "policy-tracker"
    for name in _tracked_files():
        target = clone / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (CHECKOUT / name).is_symlink():
            target.symlink_to(os.readlink(CHECKOUT / name))
        else:
            shutil.copy2(CHECKOUT / name, target)
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    home = base / "home"
    home.mkdir()
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("TRACKER_", "PYTHON", "VIRTUAL_ENV", "PIP_"))
    }
    env.update({
        "HOME": str(home),
        "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        "VIRTUAL_ENV": str(venv),
        # pip finds the dependencies installed (only the build backend is fetched, from pip's cache
        # after the first run), as on a machine where the README's test command ran
        "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR") or str(Path.home() / ".cache" / "pip"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "TRACKER_CACHE_DIR": "off",
    })
    yield clone, env


def _make_pdf(path: Path, heading: str, sentences: list[str]) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setFont("Helvetica-Bold", 18)
    pdf.drawString(72, 780, heading)
    pdf.setFont("Helvetica", 11)
    for number, sentence in enumerate(sentences):
        pdf.drawString(72, 740 - 16 * number, sentence)
    pdf.save()
    path.write_bytes(buffer.getvalue())


def _make_docx(path: Path, heading: str, sentences: list[str]) -> None:
    from docx import Document

    document = Document()
    document.add_heading(heading, 1)
    for sentence in sentences:
        document.add_paragraph(sentence)
    document.save(str(path))


PLAN = [
    "The Government will build three national AI data centres by 2028.",
    "The Ministry will consider tax credits for private compute.",
]


def test_readme_setup_main_builds_the_sample_site(newcomer: tuple[Path, dict[str, str]]) -> None:
    clone, env = newcomer
    proc = run_block("setup:main", clone, env)
    assert (clone / "public" / "index.html").is_file()
    assert "open " in proc.stdout + proc.stderr  # it says where to open the site
    tracker = shutil.which("tracker", path=env["PATH"])
    assert tracker is not None and Path(tracker).parent == Path(env["VIRTUAL_ENV"]) / "bin"


def test_readme_walkthrough_works_as_written(newcomer: tuple[Path, dict[str, str]]) -> None:
    clone, env = newcomer
    if shutil.which("tracker", path=env["PATH"]) != str(Path(env["VIRTUAL_ENV"]) / "bin" / "tracker"):
        run_block("setup:main", clone, env)  # this test run alone: install as the README says
    downloads = clone.parent / "downloads"  # a new folder holding the files, as the README says
    downloads.mkdir()
    _make_pdf(downloads / "draft.pdf", "AI Basic Plan", PLAN)
    _make_docx(downloads / "revised.docx", "AI Basic Plan", [PLAN[0].replace("2028", "2029"), PLAN[1]])
    _make_pdf(downloads / "amended.pdf", "AI Basic Plan", [PLAN[0].replace("three", "four"), PLAN[1]])

    corpus_run = run_block("walkthrough:corpus", downloads, env)
    corpus = Path(env["HOME"]) / "ai-plans"
    assert "ok: 1 documents, 2 revisions checked" in corpus_run.stdout
    assert 'issuer = "Cabinet Office"' in (corpus / "documents/jp/ai-basic-plan/document.toml").read_text()
    assert "2028" in corpus_run.stdout  # `show @latest~1` printed the draft
    status = subprocess.run(["git", "status", "--porcelain"], cwd=corpus, capture_output=True, text=True)
    assert status.stdout == ""

    run_block("walkthrough:watch", downloads, env)
    log = subprocess.run(
        ["tracker", "log", "jp/ai-basic-plan", "--corpus", str(corpus)], env=env, capture_output=True,
        text=True, check=True,
    ).stdout
    assert "2026-08-28" in log and len(log.splitlines()) == 4
    assert (Path(env["HOME"]) / "public" / "index.html").is_file()
    dropped = list((Path(env["HOME"]) / "inbox").rglob("*.pdf"))
    assert dropped and all("_done" in path.parts for path in dropped)  # recorded, then moved


def test_installed_theme_is_found_outside_the_checkout(
    newcomer: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """A wheel carries the site theme (tracker/site/theme is a link into site/ in the checkout)."""
    import zipfile

    clone, env = newcomer
    wheels = tmp_path / "wheels"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(clone)],
        env=env, capture_output=True, text=True, check=False, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    installed = tmp_path / "site-packages"
    with zipfile.ZipFile(next(wheels.glob("policy_tracker-*.whl"))) as wheel:
        wheel.extractall(installed)
    probe = "from tracker.site.environment import PACKAGED_THEME as t; print(t.resolve())"
    where = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env={**env, "PYTHONPATH": str(installed)},
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    theme = Path(where)
    assert theme.is_relative_to(installed), theme
    assert (theme / "templates" / "base.html").is_file() and (theme / "static").is_dir()


def test_the_test_command_needs_nothing_but_its_extras() -> None:
    """`pip install -c constraints.txt -e '.[test]' && pytest` is the whole set-up: every test
    extra is pinned, axe-core comes in a Python package (no npm step), and skips say why."""
    import tomllib

    project = tomllib.loads((CHECKOUT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = {
        re.split(r"[=<>!~ ]", line, maxsplit=1)[0].lower().replace("_", "-")
        for line in (CHECKOUT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    test_extras = project["project"]["optional-dependencies"]["test"]
    extras = {re.split(r"[=<>!~ \[]", req, maxsplit=1)[0].lower() for req in test_extras}
    assert extras - pins == set()
    assert "axe-playwright-python" in extras
    assert not list((CHECKOUT / "tests").rglob("package.json"))
    assert "-rs" in project["tool"]["pytest"]["ini_options"]["addopts"].split()
    from tests.browser.test_site_browser import AXE

    assert AXE.is_file() and "node_modules" not in AXE.parts
