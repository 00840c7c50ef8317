"""Git, through its command line: a revision's ``content/`` extracted for ``tutoral diff``."""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import UsageError


@contextmanager
def content_at(ref: str, root: Path) -> Iterator[Path]:
    """The content folder of a Git revision (extracted to a temporary folder) or a folder."""
    folder = Path(ref)
    if folder.is_dir():
        yield folder / "content" if (folder / "content").is_dir() else folder
        return
    with tempfile.TemporaryDirectory(prefix="tutoral-diff-") as tmp:
        result = subprocess.run(
            ["git", "-C", str(root), "archive", "--format=tar", ref, "content"],
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise UsageError(
                f"{ref!r} is neither a folder nor a Git revision with content/"
                f" ({message[-1] if message else 'git failed'})"
            )
        tar_path = Path(tmp) / "content.tar"
        tar_path.write_bytes(result.stdout)
        with tarfile.open(tar_path) as archive:
            archive.extractall(tmp, filter="data")  # the data filter refuses links out
        yield Path(tmp) / "content"


def tracked_risk(root: Path, rel: str) -> bool:
    """Whether ``rel`` (a path in the project) could be committed: the project is in a Git
    work tree that does not ignore it. Without Git, or outside a work tree, False."""
    try:
        inside = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--is-inside-work-tree"],
            capture_output=True,
            check=False,
        )
        if inside.returncode != 0:
            return False
        ignored = subprocess.run(
            ["git", "-C", str(root), "check-ignore", "-q", rel], capture_output=True, check=False
        )
    except OSError:  # no git on this machine
        return False
    return ignored.returncode == 1


def version(root: Path) -> str | None:
    """The handbook's version for the documents' covers: the Git tag of the checked-out commit,
    else the latest tag and the commits since (``v1.2-3-g5e1f2a0``), else the commit's short
    hash; None outside Git. Uncommitted changes are not named: a document that did not
    change keeps its bytes (and is not rendered again) until the next commit."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "describe", "--tags", "--always"],
            capture_output=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = result.stdout.decode("utf-8", "replace").strip()
    return text if result.returncode == 0 and text else None
