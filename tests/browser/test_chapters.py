"""Browser test: every chapter notebook runs and renders in a real JupyterLab, offline.

For each ``notebooks/*.ipynb`` the test opens the notebook in one shared JupyterLab server
(see ``conftest.py``) with Debian's headless Chromium driven by Playwright, clears the saved
outputs, runs all cells, and checks that:

* no cell raised (no error output, no traceback on stderr; cells tagged ``raises-exception``
  may) and every code cell ran;
* a Graphviz diagram rendered inline (``figure.awsbasics-diagram svg``);
* a plotly figure rendered (``.js-plotly-plot .main-svg``);
* what ``chapters.json`` beside this file lists for the notebook rendered: an SVG diagram, a plotly
  figure, a widget (``.awsbasics-widget``) that reacts — changing the ``.awsbasics-control`` the list
  names changes the text of the widget's first ``.awsbasics-output`` —, and a constructive exercise
  whose answer form, answered wrong and then right, changes its feedback from "Not yet" to "Correct";
* the page never asked for anything outside 127.0.0.1/localhost (such requests are also
  aborted, so the page never actually reaches out);
* the notebook file on disk is byte-for-byte unchanged (autosave is off and the notebook is
  closed without saving).

It saves a screenshot per notebook (``<stem>.png``) in pytest's temp folder, and also in
``$AWSBASICS_SCREENSHOT_DIR`` when that is set. Refresh the README image with:

    AWSBASICS_SCREENSHOT_DIR=docs python -m pytest tests/browser -p no:nbval -o addopts=""

Needs the ``playwright`` Python package and Debian's ``chromium`` (no Playwright browser
download); the module is skipped with a reason when either is missing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_MISSING = f"Chromium not found at {CHROMIUM}; install Debian's `chromium` package to run the browser test"


def find_chromium(path: str = CHROMIUM) -> str | None:
    """``path`` if it is an executable file, else ``chromium`` on PATH, else None."""
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return path
    return shutil.which("chromium")


CHROMIUM_EXECUTABLE = find_chromium()
if CHROMIUM_EXECUTABLE is None:
    if os.environ.get("CI"):
        # CI installs Chromium (.ci/run): a missing browser there is a broken setup, not a skip.
        pytest.fail(f"CI is set but {CHROMIUM_MISSING}", pytrace=False)
    pytest.skip(CHROMIUM_MISSING, allow_module_level=True)

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright
except ImportError as exc:  # pragma: no cover - depends on the environment
    pytest.skip(
        f"the `playwright` Python package is not importable ({exc}); install it with "
        "`pip install playwright` to run the browser test (no browser download is needed: "
        "the test drives Debian's Chromium)",
        allow_module_level=True,
    )

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = json.loads((Path(__file__).with_name("chapters.json")).read_text(encoding="utf-8"))
SHOWN = {"diagram": "SVG diagram", "plotly": "plotly figure", "widget": "widget"}

SCREENSHOT_ENV = "AWSBASICS_SCREENSHOT_DIR"
VIEWPORT = {"width": 1280, "height": 900}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Timeouts (milliseconds) sized for a busy 2-core machine.
PAGE_LOAD_MS = 120_000  # JupyterLab loads a few hundred scripts and styles
KERNEL_READY_MS = 120_000  # notebook opened, kernel started, connected and idle
RUN_ALL_MS = 180_000  # all cells executed, kernel idle again
RENDER_MS = 60_000  # diagram / plotly / widget present in the DOM after the run
WIDGET_REACT_MS = 30_000  # output text changes after the control is changed
CLOSE_MS = 20_000  # kernel shutdown, then closing the notebook tab
POLL_MS = 250

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
# External URLs a chapter may legitimately reference in its *prose* (DESIGN.md asks for a Binder
# badge in every chapter's first cell). They are still aborted, so the page never reaches out,
# but they do not fail the test. Nothing a cell *output* asks for is ever allowed.
ALLOWED_EXTERNAL = frozenset({"https://mybinder.org/badge_logo.svg"})
NETWORK_SCHEMES = {"http", "https", "ws", "wss"}
# Server endpoints the disabled announcements plugin would call (they fetch news / PyPI).
ANNOUNCEMENT_PATHS = ("/lab/api/news", "/lab/api/update")

OUTPUTS = ".jp-NotebookPanel .jp-OutputArea"
DIAGRAM = f"{OUTPUTS} figure.awsbasics-diagram svg"
# The plotly mime renderer puts .js-plotly-plot on the output element itself.
PLOTLY = f"{OUTPUTS} .js-plotly-plot .main-svg"
WIDGET = f"{OUTPUTS} .awsbasics-widget"
CONTROL = ".awsbasics-control"
WIDGET_OUTPUT = ".awsbasics-output"
EXERCISE_FORM = f"{OUTPUTS} .awsbasics-exercise-widget"
EXERCISE_ANSWER = ".awsbasics-exercise-answer input, .awsbasics-exercise-answer textarea"
EXERCISE_FEEDBACK = ".awsbasics-exercise-feedback"
# JupyterLab 4 renders an ``error`` output (and stderr) with the stderr mime type.
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


def is_external(url: str) -> bool:
    """True for an http(s)/ws(s) URL whose host is not this machine (data:, blob: are fine)."""
    parts = urlsplit(url)
    if parts.scheme not in NETWORK_SCHEMES:
        return False
    return (parts.hostname or "") not in LOCAL_HOSTS


class NetworkLog:
    """Every request the browser context makes that is external or otherwise unwanted."""

    def __init__(self) -> None:
        self.external: list[str] = []
        self.allowed: list[str] = []
        self.announcements: list[str] = []
        self.file_writes: list[str] = []

    def clear(self) -> None:
        self.external.clear()
        self.allowed.clear()
        self.announcements.clear()
        self.file_writes.clear()

    def record(self, url: str, method: str = "GET") -> None:
        path = urlsplit(url).path
        if url in ALLOWED_EXTERNAL:
            self.allowed.append(url)
        elif is_external(url):
            self.external.append(url)
        elif path.endswith(ANNOUNCEMENT_PATHS):
            self.announcements.append(url)
        elif "/api/contents/" in path and method in ("PUT", "PATCH", "POST", "DELETE"):
            # Save, rename, delete, checkpoint restore. Creating a checkpoint (JupyterLab does it
            # when it opens a file that has none) only copies the file into the server's
            # temporary checkpoint folder, so it is not a write to the repository.
            if not (method == "POST" and path.endswith("/checkpoints")):
                self.file_writes.append(f"{method} {path}")


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    """Headless Chromium with a fresh profile; non-local requests are recorded and aborted.

    Page requests are checked through Playwright. Chromium's own background requests (autofill
    predictions, account and component-update checks) bypass Playwright, so the browser also
    gets a proxy that refuses every connection: only loopback traffic, which Chromium never
    proxies, can succeed, and the browser makes no DNS lookups for outside hosts.
    """
    log = NetworkLog()
    user_data_dir = tmp_path_factory.mktemp("chromium-profile")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as dead_end, sync_playwright() as pw:
        dead_end.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        context = pw.chromium.launch_persistent_context(
            user_data_dir=str(user_data_dir),
            executable_path=CHROMIUM_EXECUTABLE,
            headless=True,
            args=[*CHROMIUM_ARGS, f"--proxy-server=http://127.0.0.1:{dead_end.getsockname()[1]}"],
            viewport=VIEWPORT,
            service_workers="block",  # so every request goes through the routes below
        )
        try:
            context.on("request", lambda req: log.record(req.url, req.method))

            def block_external(route):
                if is_external(route.request.url):
                    route.abort("blockedbyclient")
                else:
                    route.continue_()

            def block_external_ws(ws):
                log.record(ws.url)
                ws.close()  # never connected to the real server

            context.route("**/*", block_external)
            context.route_web_socket(is_external, block_external_ws)
            for stale in context.pages:  # the persistent context opens a blank page
                stale.close()
            yield context, log
        finally:
            context.close()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class PageWatch:
    """Console errors, page errors and timings of one notebook page, for failure messages."""

    def __init__(self, page) -> None:
        self.page = page
        self.console: list[str] = []
        self.errors: list[str] = []
        self.steps: list[str] = []
        self._t0 = time.monotonic()
        page.on("console", self._on_console)
        page.on("pageerror", lambda err: self.errors.append(str(err)))

    def _on_console(self, msg) -> None:
        if msg.type in ("error", "warning"):
            self.console.append(f"[{msg.type}] {msg.text}")

    def step(self, name: str) -> None:
        self.steps.append(f"{time.monotonic() - self._t0:7.1f} s  {name}")
        print(self.steps[-1])

    def report(self, lab_server) -> str:
        parts = ["--- steps ---", *self.steps]
        try:
            parts += ["--- notebook state ---", repr(self.page.evaluate(JS_STATE))]
            dialogs = self.page.locator(".jp-Dialog").all_inner_texts()
            if dialogs:
                parts += ["--- open dialogs ---", *dialogs]
        except PlaywrightError as exc:
            parts += [f"<page state unavailable: {exc}>"]
        parts += ["--- page errors ---", *(self.errors or ["(none)"])]
        parts += ["--- console errors/warnings (last 40) ---", *(self.console[-40:] or ["(none)"])]
        parts += ["--- server log (tail) ---", lab_server.log_tail(40)]
        return "\n".join(parts)


# --- JavaScript run in the page ---------------------------------------------------------------

JS_STATE = """() => {
  const app = window.jupyterapp;
  if (!app) return {app: false};
  const w = app.shell.currentWidget;
  const ctx = w && w.sessionContext;
  const kernel = ctx && ctx.session && ctx.session.kernel;
  const prompts = w
    ? Array.from(w.node.querySelectorAll('.jp-InputPrompt'), p => p.textContent) : [];
  return {
    app: true,
    widget: w ? w.id : null,
    path: w && w.context ? w.context.path : null,
    kernel: kernel ? kernel.name : null,
    kernelStatus: kernel ? kernel.status : null,
    connectionStatus: kernel ? kernel.connectionStatus : null,
    runAll: window.__awsbasicsRunAll || null,
    busyPrompts: prompts.filter(t => t.includes('*')).length,
  };
}"""

JS_NOTEBOOK_READY = """(path) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return false;
  const w = app.shell.currentWidget;
  if (!w || !w.context || w.context.path !== path || !w.content || !w.sessionContext) return false;
  if (!w.node.classList.contains('jp-NotebookPanel') || !w.isVisible) return false;
  if (!w.context.isReady || !w.sessionContext.isReady) return false;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
}"""

JS_START_RUN_ALL = """async () => {
  const app = window.jupyterapp;
  await app.commands.execute('notebook:clear-all-cell-outputs');
  window.__awsbasicsRunAll = {done: false, result: null, error: null};
  app.commands.execute('notebook:run-all-cells').then(
    result => { window.__awsbasicsRunAll = {done: true, result: result, error: null}; },
    error => {
      const text = String(error && error.stack || error);
      window.__awsbasicsRunAll = {done: true, result: null, error: text};
    },
  );
}"""

JS_RUN_ALL_DONE = """() => {
  const run = window.__awsbasicsRunAll;
  if (!run || !run.done) return false;
  const w = window.jupyterapp.shell.currentWidget;
  if (!w || !w.sessionContext) return false;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle' || kernel.connectionStatus !== 'connected') return false;
  const prompts = Array.from(w.node.querySelectorAll('.jp-InputPrompt'));
  return !prompts.some(p => p.textContent.includes('*'));
}"""

# One entry per code cell: did it run, did it raise (error outputs in the model, tracebacks
# on stderr in the DOM), and may it raise (the ``raises-exception`` tag nbval and JupyterLab know).
JS_CODE_CELLS = """(stderrSelector) => {
  const found = [];
  window.jupyterapp.shell.currentWidget.content.widgets.forEach((cellWidget, i) => {
    const cell = cellWidget.model.toJSON();
    if (cell.cell_type !== 'code') return;
    const source = Array.isArray(cell.source) ? cell.source.join('') : String(cell.source);
    const tags = (cell.metadata && cell.metadata.tags) || [];
    found.push({
      index: i,
      source: source.trim().split('\\n')[0].slice(0, 100),
      empty: source.trim() === '',
      executionCount: cell.execution_count,
      mayRaise: tags.includes('raises-exception'),
      errors: (cell.outputs || []).filter(o => o.output_type === 'error')
        .map(o => `${o.ename}: ${o.evalue}`),
      tracebacks: Array.from(cellWidget.node.querySelectorAll(stderrSelector), e => e.innerText)
        .filter(t => t.includes('Traceback')).map(t => t.slice(0, 1500)),
    });
  });
  return found;
}"""

JS_CLOSE_WITHOUT_SAVING = """async (timeoutMs) => {
  const app = window.jupyterapp;
  const w = app && app.shell.currentWidget;
  if (!w || !w.context) return 'no notebook open';
  const giveUp = new Promise(r => setTimeout(r, timeoutMs / 2));
  try {  // the kernel may already be gone
    await Promise.race([w.sessionContext.shutdown(), giveUp]);
  } catch (e) {}
  w.context.model.dirty = false;  // discard changes: no "save your work?" dialog, no write
  await Promise.race([app.commands.execute('application:close'), giveUp]);
  for (let t = 0; t < timeoutMs / 2 && !w.isDisposed; t += 100) {
    await new Promise(r => setTimeout(r, 100));
  }
  return w.isDisposed ? 'closed' : 'still open';
}"""

JS_CONTROL_KIND = """(el) => {
  const has = s => el.matches(s) || el.querySelector(s) !== null;
  if (has('select')) return 'select';
  if (has('.noUi-handle')) return 'nouislider';
  if (has('input[type=range]')) return 'range';
  if (has('input[type=number]')) return 'number';
  if (has('input[type=checkbox]')) return 'checkbox';
  if (has('input[type=radio]')) return 'radio';
  if (has('input[type=text], textarea')) return 'text';
  if (has('button')) return 'button';
  return null;
}"""


# --- steps ------------------------------------------------------------------------------------


def _inner(control, selector: str):
    """``control`` itself when it matches ``selector``, else its first descendant that does."""
    if control.evaluate("(el, s) => el.matches(s)", selector):
        return control
    return control.locator(selector).first


def change_control(control) -> str:
    """Change an ipywidgets control the way a learner would; return what was done."""
    kind = control.evaluate(JS_CONTROL_KIND)
    if kind == "select":
        select = _inner(control, "select")
        options = select.evaluate("s => Array.from(s.options, o => o.value)")
        current = select.evaluate("s => s.selectedIndex")
        if len(options) < 2:
            raise AssertionError(f"the dropdown control has {len(options)} option(s); need 2")
        target = current + 1 if current + 1 < len(options) else current - 1
        select.select_option(index=target)
        return f"select option {target} ({options[target]!r}) instead of {current}"
    if kind in ("nouislider", "range"):
        handle = _inner(control, ".noUi-handle" if kind == "nouislider" else "input[type=range]")
        now, top = handle.evaluate(
            "h => [h.getAttribute('aria-valuenow') ?? h.value, h.getAttribute('aria-valuemax') ?? h.max]"
        )
        vertical = control.evaluate("el => el.querySelector('.noUi-vertical') !== null || el.matches('.noUi-vertical')")
        at_max = now is not None and top is not None and float(now) >= float(top)
        if vertical:
            key = "ArrowDown" if at_max else "ArrowUp"
        else:
            key = "ArrowLeft" if at_max else "ArrowRight"
        handle.focus()
        handle.press(key)
        return f"{kind} slider: focused the handle at {now} (max {top}) and pressed {key}"
    if kind == "number":
        box = _inner(control, "input[type=number]")
        value = float(box.input_value() or 0)
        step_attr = box.get_attribute("step") or "any"
        step = 1.0 if step_attr == "any" else float(step_attr)
        top = box.get_attribute("max")
        new = value - step if top not in (None, "") and value + step > float(top) else value + step
        text = str(int(new)) if new.is_integer() else repr(new)
        box.fill(text)
        box.press("Enter")
        return f"number box: {value} -> {text}"
    if kind == "checkbox":
        _inner(control, "input[type=checkbox]").click()
        return "toggled the checkbox"
    if kind == "radio":
        control.locator("input[type=radio]:not(:checked)").first.click()
        return "picked another radio button"
    if kind == "text":
        box = _inner(control, "input[type=text], textarea")
        box.fill(box.input_value() + "1")
        box.press("Enter")
        return "typed into the text box"
    if kind == "button":
        buttons = control.locator("button:not(.mod-active)")
        (buttons.first if buttons.count() else control.locator("button").first).click()
        return "clicked a button"
    raise AssertionError(
        "the first .awsbasics-control is not a control this test knows how to change: "
        + control.evaluate("el => el.outerHTML.slice(0, 300)")
    )


def save_screenshot(page, name: str, folders: list[Path]) -> list[Path]:
    """Save the viewport as ``name`` after scrolling the visuals into view.

    The side bars are collapsed. When the cells holding the first widget, diagram and plotly
    figure fit on one screen together, the screen starts at the first of them; otherwise the
    widget's output ends the screen, with what precedes it above (or starts the screen if it is
    taller than that). In a chapter the widget shows its own diagram, table or plot.
    """
    settle = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    page.evaluate(
        """() => {
          const shell = window.jupyterapp.shell;
          if (shell.collapseLeft) { shell.collapseLeft(); shell.collapseRight(); }
        }"""
    )
    page.evaluate(settle)  # the notebook re-lays out at its new width
    page.evaluate(
        """([widget, visuals]) => {
          const cells = visuals.map(s => document.querySelector(s)).filter(Boolean)
            .map(el => el.closest('.jp-Cell') || el);
          if (!cells.length) return;
          const scroller = cells[0].closest('.jp-WindowedPanel-outer') || document.scrollingElement;
          const rects = cells.map(c => c.getBoundingClientRect());
          const top = Math.min(...rects.map(r => r.top));
          const bottom = Math.max(...rects.map(r => r.bottom));
          if (bottom - top <= scroller.clientHeight) {
            cells[rects.findIndex(r => r.top === top)].scrollIntoView({block: 'start'});
          } else {
            const w = document.querySelector(widget);
            const target = w ? (w.closest('.jp-OutputArea-child') || w) : cells[0];
            const fits = target.getBoundingClientRect().height <= scroller.clientHeight;
            target.scrollIntoView({block: fits ? 'end' : 'start'});
          }
        }""",
        [WIDGET, [WIDGET, DIAGRAM, PLOTLY]],
    )
    page.evaluate(settle)
    saved = []
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name), animations="disabled", caret="hide")
        saved.append(folder / name)
    return saved


def check_notebook(
    page, watch: PageWatch, lab_server, rel_path: str, expected: dict, screenshot_name: str, folders: list[Path]
) -> None:
    """Open, run and check one notebook in ``page`` (raises AssertionError/PlaywrightError)."""
    workspace = re.sub(r"[^A-Za-z0-9_-]", "-", f"browser-test-{Path(rel_path).stem}")
    page.goto(
        lab_server.url(f"lab/workspaces/{workspace}/tree/{quote(rel_path)}"),
        wait_until="domcontentloaded",
        timeout=PAGE_LOAD_MS,
    )
    page.wait_for_function("() => !!window.jupyterapp", timeout=PAGE_LOAD_MS, polling=POLL_MS)
    watch.step("JupyterLab app present")
    page.wait_for_function(JS_NOTEBOOK_READY, arg=rel_path, timeout=KERNEL_READY_MS, polling=POLL_MS)
    watch.step("notebook shown, kernel connected and idle")

    page.evaluate(JS_START_RUN_ALL)
    page.wait_for_function(JS_RUN_ALL_DONE, timeout=RUN_ALL_MS, polling=POLL_MS)
    watch.step("run all cells finished")

    run = page.evaluate("() => window.__awsbasicsRunAll")
    assert run["error"] is None, f"notebook:run-all-cells failed: {run['error']}"
    cells = page.evaluate(JS_CODE_CELLS, STDERR)
    raised = [
        f"cell {c['index']} ({c['source']}): " + "\n".join(c["errors"] + c["tracebacks"])
        for c in cells
        if (c["errors"] or c["tracebacks"]) and not c["mayRaise"]
    ]
    assert not raised, "cells raised:\n" + "\n---\n".join(raised)
    not_run = [f"cell {c['index']} ({c['source']})" for c in cells if not c["empty"] and c["executionCount"] is None]
    assert not not_run, "code cells that did not run: " + ", ".join(not_run)

    # Check everything and report all problems together, so one run tells a chapter's author
    # what is missing. After one wait has timed out, the others only look (rendering has had
    # its time).
    problems = []
    timeout = RENDER_MS
    selectors = {"diagram": DIAGRAM, "plotly": PLOTLY, "widget": WIDGET}
    for shown in expected["shows"]:
        what, selector = SHOWN[shown], selectors[shown]
        try:
            page.wait_for_selector(selector, state="attached", timeout=timeout)
        except PlaywrightError:
            problems.append(f"no {what} rendered: nothing matches {selector!r}")
            timeout = 1_000
    watch.step("looked for " + ", ".join(SHOWN[shown] for shown in expected["shows"]))

    if "widget" in expected["shows"] and page.locator(WIDGET).count():
        try:
            check_widget_reacts(page, watch, expected.get("control", 0))
        except (AssertionError, PlaywrightError) as exc:
            problems.append(f"widget check failed: {exc}")
    if "exercise" in expected:
        try:
            check_exercise_feedback(page, watch, **expected["exercise"])
        except (AssertionError, PlaywrightError) as exc:
            problems.append(f"exercise check failed: {exc}")

    # The screenshot helps even when a check failed (it shows what did render), but only a
    # passing notebook's screenshot goes to $AWSBASICS_SCREENSHOT_DIR.
    saved = save_screenshot(page, screenshot_name, folders[:1] if problems else folders)
    watch.step("screenshot saved: " + ", ".join(map(str, saved)))
    if problems:
        raise AssertionError("\n".join(problems))


def check_widget_reacts(page, watch: PageWatch, index: int = 0) -> None:
    """Change control ``index`` of the first widget; its first output's text must change."""
    widget = page.locator(WIDGET).first
    control = widget.locator(CONTROL).nth(index)
    output = widget.locator(WIDGET_OUTPUT).first
    assert control.count() == 1, f"the first {WIDGET} has no {CONTROL} element number {index}"
    assert output.count() == 1, f"the first {WIDGET} has no {WIDGET_OUTPUT} element"
    control.wait_for(state="visible", timeout=RENDER_MS)
    before = output.evaluate("el => el.textContent")
    action = change_control(control)
    watch.step(f"changed the control: {action}")
    try:
        page.wait_for_function(
            "([el, before]) => el.textContent !== before",
            arg=[output.element_handle(), before],
            timeout=WIDGET_REACT_MS,
            polling=POLL_MS,
        )
    except PlaywrightError as exc:
        raise AssertionError(
            f"the widget did not react within {WIDGET_REACT_MS / 1000:.0f} s: after '{action}' "
            f"the {WIDGET_OUTPUT} text is still {before[:300]!r}"
        ) from exc
    watch.step("widget output changed")


def _feedback_after(page, form, typed: str, wanted: str) -> str:
    """Type ``typed`` into the form's answer box, press Check, and wait for feedback containing ``wanted``."""
    feedback = form.locator(EXERCISE_FEEDBACK).first
    form.locator(EXERCISE_ANSWER).first.fill(typed)
    form.locator("button", has_text="Check").first.click()
    try:
        page.wait_for_function(
            "([el, wanted]) => el.textContent.includes(wanted)",
            arg=[feedback.element_handle(), wanted],
            timeout=WIDGET_REACT_MS,
            polling=POLL_MS,
        )
    except PlaywrightError as exc:
        shown = feedback.evaluate("el => el.textContent")
        raise AssertionError(f"after answering {typed!r} the feedback is {shown[:300]!r}, not {wanted!r}") from exc
    return feedback.evaluate("el => el.textContent")


def check_exercise_feedback(page, watch: PageWatch, id: str, wrong: str, right: str) -> None:
    """Answer exercise ``id`` wrong, then right, in its form: the feedback must go from "Not yet" to "Correct"."""
    form = page.locator(f"{EXERCISE_FORM}.awsbasics-exercise-{id}")
    assert form.count() == 1, f"{form.count()} answer forms for exercise {id} on the page, expected 1"
    before = _feedback_after(page, form, wrong, "Not yet")
    watch.step(f"exercise {id}: {wrong!r} is not yet right")
    after = _feedback_after(page, form, right, "Correct")
    assert after != before
    watch.step(f"exercise {id}: {right!r} is correct")


def test_every_notebook_has_its_expectations():
    stems = {p.stem for p in NOTEBOOKS}
    listed = set(EXPECTED) - {"_about"}
    assert stems <= listed, f"add these notebooks to chapters.json: {sorted(stems - listed)}"
    assert listed <= stems, f"chapters.json lists notebooks that do not exist: {sorted(listed - stems)}"
    for stem in listed:
        assert EXPECTED[stem]["shows"] and set(EXPECTED[stem]["shows"]) <= set(SHOWN), stem


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_chapter_runs_and_renders(notebook: Path, lab_server, browser_context, tmp_path_factory):
    context, network = browser_context
    network.clear()
    rel_path = notebook.relative_to(REPO_ROOT).as_posix()
    digest_before = _sha256(notebook)
    folders = [tmp_path_factory.getbasetemp() / "screenshots"]
    if os.environ.get(SCREENSHOT_ENV):
        folders.append(Path(os.environ[SCREENSHOT_ENV]).resolve())

    page = context.new_page()
    page.set_default_timeout(RENDER_MS)
    watch = PageWatch(page)
    try:
        try:
            expected = EXPECTED[notebook.stem]
            check_notebook(page, watch, lab_server, rel_path, expected, f"{notebook.stem}.png", folders)
        except (AssertionError, PlaywrightError) as exc:
            try:
                shot = folders[0] / f"{notebook.stem}-failure.png"
                shot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shot))
                watch.step(f"failure screenshot (as the page is now): {shot}")
            except PlaywrightError:
                pass
            cause = None if isinstance(exc, AssertionError) else exc
            raise AssertionError(f"{rel_path}: {exc}\n\n{watch.report(lab_server)}") from cause
    finally:
        try:
            closed = page.evaluate(JS_CLOSE_WITHOUT_SAVING, CLOSE_MS)
            watch.step(f"notebook {closed} without saving; kernel shut down")
        except PlaywrightError as exc:
            watch.step(f"could not close the notebook cleanly: {exc}")
        page.close()

    if network.allowed:
        print("blocked (allowed) external requests:", *sorted(set(network.allowed)), sep="\n  ")
    assert not network.file_writes, f"{rel_path}: the page asked the server to write files:\n" + "\n".join(
        network.file_writes
    )
    assert _sha256(notebook) == digest_before, (
        f"{rel_path} changed on disk while the test ran, although the page sent no write "
        "request (did another process rewrite it?)"
    )
    assert not network.external, f"{rel_path}: the page requested non-local addresses (blocked):\n" + "\n".join(
        sorted(set(network.external))
    )
    assert not network.announcements, (
        f"{rel_path}: JupyterLab's announcements plugin ran although the test disables it:\n"
        + "\n".join(network.announcements)
    )


# The pathological wildcard: a backtracking matcher takes seconds at 40 characters and
# never finishes at 200; the simulator must answer at once.
PATHOLOGICAL_PATTERN = "a*" * 9 + "b"
IAM_SIMULATOR = f"{WIDGET}:has(.awsbasics-iam-findings)"
PATHOLOGICAL_REACT_MS = 5_000


def test_iam_simulator_stays_responsive_with_a_pathological_policy(lab_server, browser_context, tmp_path_factory):
    """Chapter 05's IAM simulator: paste a policy whose wildcards explode a backtracking regex.

    The resource box gets a long run of ``a`` and the policy box a statement whose Resource and
    StringLike condition are ``a*a*a*a*a*a*a*a*a*b``; the decision must update within a few seconds.
    """
    context, network = browser_context
    network.clear()
    notebook = REPO_ROOT / "notebooks" / "05_access_control.ipynb"
    rel_path = notebook.relative_to(REPO_ROOT).as_posix()
    folders = [tmp_path_factory.getbasetemp() / "screenshots"]
    page = context.new_page()
    page.set_default_timeout(RENDER_MS)
    watch = PageWatch(page)
    long_value = "a" * 200
    policy = (
        '{"Version": "2012-10-17", "Statement": [{"Sid": "Pathological", "Effect": "Allow", "Action": "s3:*", '
        f'"Resource": "arn:aws:s3:::{PATHOLOGICAL_PATTERN}", '
        f'"Condition": {{"StringLike": {{"aws:username": "{PATHOLOGICAL_PATTERN}"}}}}}}]}}'
    )
    try:
        try:
            check_notebook(
                page, watch, lab_server, rel_path, EXPECTED[notebook.stem], "05-pathological-policy.png", folders
            )
            simulator = page.locator(IAM_SIMULATOR).first
            simulator.scroll_into_view_if_needed()
            controls = simulator.locator(CONTROL)
            output = simulator.locator(WIDGET_OUTPUT).first
            # Controls in order: action, resource, principal, context keys, identity policy, resource policy.
            # The context does not change the decision's text by itself, so it goes in first, unchecked.
            keys = _inner(controls.nth(3), "textarea")
            keys.fill(f'{{"aws:username": "{long_value}"}}')
            keys.blur()
            steps = [("resource", 1, f"arn:aws:s3:::{long_value}"), ("identity policy", 4, policy)]
            for name, index, text in steps:
                box = _inner(controls.nth(index), "input[type=text], textarea")
                before = output.evaluate("el => el.textContent")
                started = time.monotonic()
                box.fill(text)
                box.blur()  # the boxes send their value when they lose focus
                try:
                    page.wait_for_function(
                        "([el, before]) => el.textContent !== before",
                        arg=[output.element_handle(), before],
                        timeout=PATHOLOGICAL_REACT_MS,
                        polling=100,
                    )
                except PlaywrightError as exc:
                    raise AssertionError(
                        f"the IAM simulator did not answer within {PATHOLOGICAL_REACT_MS / 1000:.0f} s after the "
                        f"{name} box was filled; its output is still {before[:300]!r}"
                    ) from exc
                watch.step(f"{name} box filled: the simulator answered in {time.monotonic() - started:.2f} s")
            answer = output.evaluate("el => el.textContent")
            assert "ImplicitDeny" in answer and "Pathological" in answer, answer[:500]
        except (AssertionError, PlaywrightError) as exc:
            cause = None if isinstance(exc, AssertionError) else exc
            raise AssertionError(f"{rel_path}: {exc}\n\n{watch.report(lab_server)}") from cause
    finally:
        try:
            page.evaluate(JS_CLOSE_WITHOUT_SAVING, CLOSE_MS)
        except PlaywrightError as exc:
            watch.step(f"could not close the notebook cleanly: {exc}")
        page.close()
    assert not network.file_writes, "the page asked the server to write files:\n" + "\n".join(network.file_writes)
