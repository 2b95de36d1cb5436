"""The course as a learner meets it: the student edition in JupyterLab 4, driven by Playwright in Debian's Chromium.

The server serves a freshly built student edition (solutions replaced by prompts, both languages)
from a temporary folder, so the committed notebooks are never touched. For every English lesson:
open it; require that the launch badges at the top render as images inside links (not raw
markdown); run all cells; require that no error output appears, that every widget view renders
(none stuck loading or failing) and that every exercise check says "not answered yet"; then, as a
learner would, type the first exercise's solution into its prompt cell, run it and its check, and
require "Correct"; and click the quiz and see it react. One Korean lesson goes through the same
steps in Korean. Last, the course index: its progress cell must show, for every lesson, the exercise
just completed (the server's kernels write to a temporary progress record). Full-page screenshots
land in screenshots/ (ignored).

This is also the test that the student edition runs top to bottom; without Chromium,
tests/test_student.py runs it with nbclient instead. Skipped, with the reason in the test summary,
when Chromium or Playwright is missing (`apt-get install chromium`; `.ci/run` installs it).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import courseenv
import student
from helpers import i18n

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = courseenv.ROOT / "screenshots"
NOTEBOOKS = courseenv.notebooks(editions=("en",))
KOREAN_LESSON = courseenv.ROOT / courseenv.KOREAN / "chapters" / "03_evaluation.ipynb"  # the model lesson
LESSONS = NOTEBOOKS + ([KOREAN_LESSON] if KOREAN_LESSON.exists() else [])
RUN_TIMEOUT_S = 240
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

try:
    import playwright.sync_api as pw
except ImportError:  # pragma: no cover - the pinned stack has it
    pw = None

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="real-browser test skipped: /usr/bin/chromium not found (apt-get install chromium)"),
    pytest.mark.skipif(pw is None, reason="real-browser test skipped: playwright is not installed (make venv)"),
]

# JupyterLab settings for a quiet, deterministic test session.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    # Render every cell (no virtual scrolling), so every output is in the page to be checked.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 serving a freshly built student edition of the course."""
    base = tmp_path_factory.mktemp("lab")
    root = base / "course"
    student.build(root, make_zip=False)
    settings = base / "settings"
    for name, values in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    record = base / "progress" / "progress.jsonl"  # the learner's progress record, as on a laptop
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTER_RUNTIME_DIR=str(base / "runtime"),
               JUPYTER_CONFIG_DIR=str(base / "config"), ML_AT_WORK_PROGRESS=str(record))
    port, token = _free_port(), secrets.token_hex(16)
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
        "--ServerApp.port_retries=0",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # CI and these machines run as root
    log = open(base / "lab.log", "w")  # noqa: SIM115 - closed in the finaliser
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"JupyterLab did not start; its log:\n{(base / 'lab.log').read_text()[-3000:]}")
            time.sleep(0.3)
    yield {"url": url, "token": token, "root": root, "record": record}
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with pw.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),  # a new, empty user-data dir
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


RUN_STATE_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.sessionContext || !panel.sessionContext.session) return null;
  const cells = panel.content.widgets.filter(c => c.model.type === 'code');
  return {
    kernel: panel.sessionContext.session.kernel ? panel.sessionContext.session.kernel.status : 'none',
    pending: cells.filter(c => c.model.executionCount === null || c.promptNode.textContent.includes('*')).length,
    total: cells.length,
  };
}"""


def _wait(predicate, timeout_s, what):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")


def _open_and_run_all(page, lab, relative, workspace):
    page.goto(f"{lab['url']}/lab/workspaces/{workspace}/tree/{relative}?reset&token={lab['token']}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget && "
                           "window.jupyterapp.shell.currentWidget.sessionContext", timeout=60_000)
    _wait(lambda: (page.evaluate(RUN_STATE_JS) or {}).get("kernel") == "idle", 60, "the kernel to start")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    state = _wait(
        lambda: (s := page.evaluate(RUN_STATE_JS)) and s["pending"] == 0 and s["kernel"] == "idle" and s,
        RUN_TIMEOUT_S, "all cells to run",
    )
    assert state["total"] > 0


def _assert_badges_render(page):
    """The launch badges under the title are images inside links, not literal markdown."""
    title = page.locator(".jp-MarkdownCell .jp-RenderedMarkdown").first
    _wait(lambda: title.locator("h1").count() == 1, 30, "the title cell to render")
    assert "[![" not in title.inner_text(), f"badge line shown as raw markdown: {title.inner_text()[:300]!r}"
    _wait(lambda: title.locator("a img").count() >= 1, 10, "the badge images")
    sources = [title.locator("a img").nth(k).get_attribute("src") or "" for k in range(title.locator("a img").count())]
    assert any("binder" in src for src in sources), f"no Binder badge image among {sources}"


def _say(text: str, language: str) -> str:
    """What the helpers show for ``text`` in ``language`` (English, or the Korean catalog's translation)."""
    saved = i18n._current
    i18n.set_language(language)
    try:
        return i18n._(text)
    finally:
        i18n._current = saved


def _check_cells(page):
    """(index, source, shown output) of every exercise-check cell of the open notebook."""
    return page.evaluate("""() => window.jupyterapp.shell.currentWidget.content.widgets
        .map((c, i) => [i, c.model.type, c.model.sharedModel.getSource(), c.node.querySelector('.jp-OutputArea')])
        .filter(([i, type, src, out]) => type === 'code' && /\\bcheck\\.(ch|cs)\\d\\d\\w*\\(/.test(src))
        .map(([i, type, src, out]) => [i, src, out ? out.innerText : ''])""")


COMPLETE_FIRST_EXERCISE_JS = """(code) => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.widgets;
  const index = cells.findIndex(c => c.model.type === 'code' && c.model.metadata.tags && c.model.metadata.tags.includes('exercise-prompt'));
  if (index < 0) return -1;
  cells[index].model.sharedModel.setSource(code);
  panel.content.activeCellIndex = index;
  return index;
}"""


def _first_solution(path):
    """The code of the lesson's first solution cell (what a learner who solved it would type)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return next("".join(c["source"]) for c in nb["cells"] if "solution" in c["metadata"].get("tags", []))


@pytest.mark.parametrize("path", LESSONS, ids=[courseenv.edition(p) + "-" + p.name for p in LESSONS])
def test_lesson_in_a_real_browser(lab, browser, path):
    language = courseenv.edition(path)
    relative = path.relative_to(courseenv.ROOT).as_posix()
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        _open_and_run_all(page, lab, relative, f"{language}-{path.stem}")
        _assert_badges_render(page)

        failures = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        assert failures.count() == 0, f"error output in the page:\n{failures.first.inner_text()[:2000]}"

        unanswered = _say("Not answered yet", language)
        checks = _check_cells(page)
        assert checks, "a lesson without exercises"
        for _, source, shown in checks:
            assert unanswered in shown, f"student edition: {source!r} showed {shown!r}"

        expected = _widget_views_saved(path)
        assert expected > 0, "the lesson displays no widget"
        views = page.locator(".jp-OutputArea-output:has(> .jupyter-widgets)")
        notebook = page.locator(".jp-NotebookPanel")

        def rendered():
            text = notebook.inner_text()
            return views.count() >= expected and "Loading widget" not in text and "Error displaying widget" not in text

        _wait(rendered, 30, "every widget view to render")

        # A learner solves the first exercise: types the solution into its prompt cell, runs it and its check.
        index = page.evaluate(COMPLETE_FIRST_EXERCISE_JS, _first_solution(path))
        assert index >= 0, "no exercise prompt in the student edition"
        for _ in range(2):
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-cell-and-select-next')")
            _wait(lambda: (s := page.evaluate(RUN_STATE_JS)) and s["pending"] == 0 and s["kernel"] == "idle", 60,
                  "the exercise cells to run")
        verdict = dict((i, shown) for i, _, shown in _check_cells(page))[index + 1]
        assert _say("Correct", language) in verdict, f"the first exercise, solved, showed {verdict!r}"

        # A real click on the quiz (every lesson has one) must change what it shows.
        score = _say("Score: {right} of {total} right ({answered} answered)", language).split("{", 1)[0].strip()
        quiz = page.locator(".jupyter-widgets.widget-vbox", has_text=score).last
        quiz.scroll_into_view_if_needed()
        before = quiz.inner_text()
        unchecked = quiz.locator(".widget-radio-box").first.locator("input[type=radio]:not(:checked)").first
        unchecked.click()
        _wait(lambda: quiz.inner_text() != before, 10, "the quiz to react to a click")
        after = quiz.inner_text()
        assert _say("Right.", language) in after or _say("Not quite.", language) in after

        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{language}-{path.stem}.png"), full_page=True)
        assert not errors, f"JavaScript errors in the page: {errors[:3]}"
    finally:
        page.close()
        _shutdown_kernels(lab)


def _widget_views_saved(path):
    """How many widget views the committed (nbclient-executed) notebook displays."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return sum(WIDGET_MIME in output.get("data", {}) for cell in nb["cells"] for output in cell.get("outputs", []))


def _shutdown_kernels(lab):
    """Stop this notebook's kernel through the REST API, so kernels do not pile up."""
    api = f"{lab['url']}/api/sessions"
    headers = {"Authorization": f"token {lab['token']}"}
    with urllib.request.urlopen(urllib.request.Request(api, headers=headers), timeout=10) as response:
        sessions = json.load(response)
    for session in sessions:
        request = urllib.request.Request(f"{api}/{session['id']}", method="DELETE", headers=headers)
        urllib.request.urlopen(request, timeout=30).close()


def test_the_index_shows_the_progress_the_lessons_recorded(lab, browser):
    """A learner completes exercises in a lesson, then sees them counted in the course index."""
    page = browser.new_page()
    try:
        if not lab["record"].exists():  # run on its own: complete one lesson's first exercise first
            _open_and_run_all(page, lab, NOTEBOOKS[0].relative_to(courseenv.ROOT).as_posix(), "first-lesson")
            page.evaluate(COMPLETE_FIRST_EXERCISE_JS, _first_solution(NOTEBOOKS[0]))
            for _ in range(2):
                page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-cell-and-select-next')")
                _wait(lambda: (s := page.evaluate(RUN_STATE_JS)) and s["pending"] == 0 and s["kernel"] == "idle", 60,
                      "the exercise cells to run")
            _shutdown_kernels(lab)
        assert lab["record"].exists(), "the lesson's checks recorded nothing"
        done_lessons = {json.loads(line)["exercise"][:4] for line in lab["record"].read_text().splitlines()
                        if json.loads(line)["correct"]}
        _open_and_run_all(page, lab, "index.ipynb", "index")
        table = page.locator("table.ml-at-work-progress")
        _wait(lambda: table.count() == 1, 30, "the progress table to appear")
        rows = table.locator("tr")
        shown = {rows.nth(k).locator("td").first.inner_text(): rows.nth(k).inner_text() for k in range(1, rows.count())}
        for lesson in done_lessons:
            assert not shown[lesson[2:]].rstrip().endswith(tuple(f"0 of {n} done" for n in range(1, 20))), shown[lesson[2:]]
        assert "exercises done in all" in page.locator(".jp-OutputArea-output", has=table).inner_text()
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "index.png"), full_page=True)
    finally:
        page.close()
        _shutdown_kernels(lab)
