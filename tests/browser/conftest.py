"""Fixtures for the browser test: one private, offline JupyterLab server per test session.

The server runs from this repository's root with throw-away config, runtime, settings,
workspace, checkpoint and IPython directories and notebook-signing key, so running the test
leaves nothing behind in the repository. JupyterLab is configured for testing only through
those throw-away directories and command-line flags (the environment is never modified):

* the announcements plugin (``@jupyterlab/apputils-extension:announcements``) is disabled in a
  temporary ``labconfig/page_config.json``, and ``--LabApp.news_url=None`` plus
  ``--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate`` keep the server itself from
  fetching news or checking PyPI for updates; ``--LabApp.extension_manager=readonly`` keeps the
  extension manager off PyPI;
* ``labconfig/default_setting_overrides.json`` turns document autosave off (so a notebook that is
  run in the browser is never written back to disk) and notebook windowing off (so every cell's
  output is in the DOM, not only the cells in view).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

SERVER_START_TIMEOUT_S = 180.0

#: Front-end plugins the test disables (they would talk to the internet or pop up toasts).
DISABLED_LAB_PLUGINS = ("@jupyterlab/apputils-extension:announcements",)

#: Settings defaults for the test server (same format as JupyterLab's overrides.json).
SETTING_OVERRIDES = {
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}


@dataclass(frozen=True)
class LabServer:
    """A running JupyterLab server."""

    base_url: str
    token: str
    root_dir: Path
    log_path: Path
    process: subprocess.Popen

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` (no leading slash) with the token as query parameter."""
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}/{path}{sep}token={self.token}"

    def get_json(self, path: str, timeout: float = 30.0):
        """GET a server API path and decode the JSON answer."""
        req = urllib.request.Request(f"{self.base_url}/{path}", headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (local URL)
            return json.loads(resp.read().decode("utf-8"))

    def request(self, method: str, path: str, timeout: float = 30.0) -> int:
        """Send a body-less request to a server API path; return the HTTP status."""
        req = urllib.request.Request(
            f"{self.base_url}/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (local URL)
            return resp.status

    def log_tail(self, lines: int = 60) -> str:
        """The last lines of the server log, for failure messages."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return f"<server log unreadable: {exc}>"
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_lab_config(config_dir: Path) -> None:
    labconfig = config_dir / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {name: True for name in DISABLED_LAB_PLUGINS}}, indent=1),
        encoding="utf-8",
    )
    (labconfig / "default_setting_overrides.json").write_text(json.dumps(SETTING_OVERRIDES, indent=1), encoding="utf-8")


def _server_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp / "config" / "lab" / "user-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
        IPYTHONDIR=str(tmp / "ipython"),
        # Kernels start in notebooks/; let them import the library from the checkout.
        PYTHONPATH=os.pathsep.join(p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH", "")) if p),
        PYTHONUNBUFFERED="1",
    )
    env.pop("JUPYTER_TOKEN", None)
    return env


def _server_command(port: int, token: str, tmp: Path) -> list[str]:
    return [
        sys.executable, "-m", "jupyter", "lab",
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={REPO_ROOT}",
        "--ServerApp.open_browser=False",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        # Checkpoints (listed whenever a notebook is opened) go to the temp dir, not the repo.
        f"--FileCheckpoints.checkpoint_dir={tmp / 'checkpoints'}",
        # Notebook trust: no signature database, signing key in the temp dir (not in ~).
        "--NotebookNotary.db_file=:memory:",
        f"--NotebookNotary.secret_file={tmp / 'notebook_secret'}",
    ]  # fmt: skip


def _wait_for_status(server: LabServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited with code {server.process.returncode} before answering.\n"
                f"--- server log ---\n{server.log_tail()}"
            )
        try:
            server.get_json("api/status", timeout=5)
            return
        except (urllib.error.URLError, OSError, ValueError) as exc:
            last_error = exc
            time.sleep(0.5)
    raise RuntimeError(
        f"JupyterLab did not answer /api/status within {timeout:.0f} s "
        f"(last error: {last_error!r}).\n--- server log ---\n{server.log_tail()}"
    )


def _stop(server: LabServer) -> None:
    proc = server.process
    if proc.poll() is None:
        try:  # A clean shutdown also shuts down the kernels.
            server.request("POST", "api/shutdown", timeout=10)
        except (urllib.error.URLError, OSError):
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory) -> LabServer:
    """One JupyterLab server for all browser tests, stopped at the end of the session."""
    tmp = tmp_path_factory.mktemp("jupyterlab")
    for sub in ("config", "runtime", "workspaces", "checkpoints", "ipython"):
        (tmp / sub).mkdir()
    _write_lab_config(tmp / "config")
    env = _server_env(tmp)

    attempts = 3  # the free port could be taken between _free_port() and the server's bind
    for attempt in range(1, attempts + 1):
        port, token = _free_port(), secrets.token_hex(24)
        log_path = tmp / f"server-{attempt}.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                _server_command(port, token, tmp),
                cwd=REPO_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        server = LabServer(f"http://127.0.0.1:{port}", token, REPO_ROOT, log_path, proc)
        try:
            _wait_for_status(server, SERVER_START_TIMEOUT_S)
        except RuntimeError:
            _stop(server)
            if attempt == attempts or "address already in use" not in server.log_tail().lower():
                raise
            continue
        break

    try:
        # Make sure the test-only settings took effect before any notebook is opened
        # (the server applies overrides to the schema defaults it hands to the page).
        for plugin, overrides in SETTING_OVERRIDES.items():
            schema = server.get_json(f"lab/api/settings/{plugin}")["schema"]["properties"]
            for key, value in overrides.items():
                assert schema[key]["default"] == value, (plugin, key, schema[key])
        yield server
    finally:
        _stop(server)
