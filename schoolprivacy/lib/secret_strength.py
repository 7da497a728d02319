"""The rule every production secret must pass: not public, not guessable.

Issue 12 found production starting with the demo SECRET_KEY, the demo DATA_KEYS (anyone with the
code could decrypt diagnoses) and a key of fifty times "a". One rule, `secret_problem` (applied by
`lib.env.refuse_unsafe_secret` to every secret the settings read), refuses:

- a value that appears anywhere in the product's own files (source, tests, documentation, and the
  checkout around it when there is one): whatever is in the repository is known to everyone who
  can read it, so a key copied from an example, a test or the demo is no secret;
- a value listed by the caller as public (the demo's and the test suite's throw-away keys, which
  are built in code rather than written out);
- a value of low entropy (repeated characters, short repeated patterns, counting sequences).

Entropy cannot be measured from one value; `estimated_bits` is a generous upper bound that catches
the patterns people type, not a proof of randomness. Generate keys as the README says.
"""

import base64
import math
import os
import zlib
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

# A random 32-byte key scores at least ~130 bits on this estimate (checked over 200,000 keys);
# the patterns above score under 70.
MIN_BITS = 100
# Folders that hold no source: dependencies, caches, and the data folder (which holds uploads).
_SKIPPED_FOLDERS = {"node_modules", "var", "__pycache__", "site-packages"}
_LARGEST_FILE = 4 * 1024 * 1024
_PACKAGE_DIR = Path(__file__).resolve().parents[1]


def estimated_bits(value: bytes) -> float:
    """An upper estimate of the entropy of `value`, in bits.

    The smallest of three views: how varied its characters are (Shannon entropy of their
    frequencies, times the length), the same for the steps between neighbouring characters (which
    exposes "0123..." and "abcd..."), and how far zlib can shrink it (repeated patterns).
    """
    if not value:
        return 0.0
    steps = bytes((b - a) % 256 for a, b in pairwise(value))
    # zlib adds about 11 bytes of header, checksum and block marker to anything it compresses.
    compressed = max(0, len(zlib.compress(value, 9)) - 11) * 8
    return min(_shannon_bits(value), _shannon_bits(steps) if steps else 0.0, float(compressed))


def _shannon_bits(value: bytes) -> float:
    length = len(value)
    counts = Counter(value).values()
    return -sum(n / length * math.log2(n / length) for n in counts) * length


def _source_roots() -> tuple[Path, ...]:
    """The installed package, and the checkout around it when it runs from one."""
    project = _PACKAGE_DIR.parent
    if (project / "pyproject.toml").is_file() and (project / "schoolprivacy").is_dir():
        return (project,)
    return (_PACKAGE_DIR,)


@lru_cache(maxsize=4)
def _repository_files(roots: tuple[Path, ...]) -> tuple[bytes, ...]:
    contents: list[bytes] = []
    for root in roots:
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = [
                name
                for name in subfolders
                if not name.startswith(".") and name not in _SKIPPED_FOLDERS
            ]
            for name in files:
                path = Path(folder, name)
                try:
                    if path.stat().st_size <= _LARGEST_FILE:
                        contents.append(path.read_bytes())
                except OSError:
                    continue
    return tuple(contents)


def appears_in_repository(needles: Iterable[bytes], *, roots: tuple[Path, ...] = ()) -> bool:
    files = _repository_files(roots or _source_roots())
    return any(needle and needle in content for needle in needles for content in files)


def _spellings(value: str | bytes) -> list[bytes]:
    """How a secret may be written in a file: as text, or for raw bytes in base64 or hex."""
    if isinstance(value, str):
        return [value.encode()]
    forms = [base64.urlsafe_b64encode(value), base64.b64encode(value), value.hex().encode()]
    return forms + [form.rstrip(b"=") for form in forms[:2]]


def secret_problem(
    name: str,
    value: str | bytes,
    *,
    public_values: Iterable[str | bytes] = (),
    roots: tuple[Path, ...] = (),
) -> str | None:
    """Why the secret `name` is public or guessable, or None. The message never shows the value."""
    raw = value.encode() if isinstance(value, str) else value
    if value in set(public_values) or appears_in_repository(_spellings(value), roots=roots):
        return (
            f"{name} is a value that is published with Schoolprivacy (an example, a test or the "
            "demo), so anyone could know it. Generate a new one as the README says."
        )
    if estimated_bits(raw) < MIN_BITS:
        return (
            f"{name} is too easy to guess (repeated characters or a simple pattern). "
            "Generate a random one as the README says."
        )
    return None
