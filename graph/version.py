"""The extractor's version: the code's version and a hash of the language data and the committed models.

Every stored document records the version that extracted it; ``actorgraph ingest`` re-extracts a
document stored by another version. Editing a file in ``graph/data`` or replacing a model in
``graph/models`` changes the version by itself; ``CODE_VERSION`` is bumped by hand only when a
change to the code changes what is extracted.

>>> version = extractor_version()
>>> version.startswith(CODE_VERSION + "+") and len(version) == len(CODE_VERSION) + 13
True
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# Bump when a change to the extraction code (not its data) changes the output.
CODE_VERSION = "3"

PACKAGE = Path(__file__).resolve().parent
DATA = PACKAGE / "data"
MODELS = PACKAGE / "models"


def content_hash(*folders: Path) -> str:
    """A hash of every file in ``folders`` (names relative to each folder, and contents), in name order.

    A file's name counts as well as its bytes: renaming a data file changes the hash.
    """
    digest = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            digest.update(f"{name}\0{path.stat().st_size}\0".encode())
            with path.open("rb") as stream:
                for block in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()


def extractor_version(data: Path = DATA, models: Path = MODELS) -> str:
    """``CODE_VERSION`` + the first 12 hex digits of the hash of ``data`` and ``models``."""
    return f"{CODE_VERSION}+{content_hash(data, models)[:12]}"


EXTRACTOR_VERSION = extractor_version()
