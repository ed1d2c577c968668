"""Re-execute every chapter notebook in place, top to bottom, saving its outputs.

    python scripts/run_notebooks.py                    # all of notebooks/*.ipynb
    python scripts/run_notebooks.py notebooks/01_global_infrastructure.ipynb

Run it with the test environment (it needs nbclient and ipykernel) after
changing the library, then commit the notebooks with their new outputs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def run(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        coalesce_streams=True,  # one stream output per print, however the kernel chunked it
        record_timing=False,  # no per-cell timestamps: a re-run changes only what changed
    ).execute()
    nbformat.write(notebook, path)
    print(f"executed {path}")


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        run(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
