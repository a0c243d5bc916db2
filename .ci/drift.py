"""What moved since the lock: the versions of the newest stage's environment against a lock.

    python .ci/drift.py requirements/py3.11.txt                 # the installed packages
    python .ci/drift.py requirements/py3.11.txt report.json     # and what pip would install
    python .ci/drift.py --installs report.json                  # name==version, one a line

With a report of ``pip install --dry-run --report report.json ...`` run in the same environment,
the packages pip would install count at the versions it resolved, and the packages already there
(pip and what the fresh virtual environment came with) at theirs: the environment the install
would make, without making it. It prints the main libraries' versions and every package not at
its locked version (or not in the lock at all, pip apart). Exit status: 0 when something moved,
3 when every package is at its locked version (.ci/run then skips the install and the suite).

``--installs`` prints each package a report would install, the course itself apart, as
``name==version`` (the jax tests' packages: .ci/run installs them into a folder of their own).
"""

from __future__ import annotations

import json
import re
import sys
from importlib.metadata import distributions

PROJECT = "keras-epochs-course"
MAIN_LIBRARIES = ("tensorflow", "keras", "numpy", "scikit-learn")


def canonical(name: str) -> str:
    """A distribution's name as pip compares names (PEP 503). packaging's
    ``canonicalize_name`` does this too, but a fresh venv has only pip: this runs before any
    install."""
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_versions(lock: str) -> dict[str, str]:
    """Every ``name==version`` pin of the lock file."""
    locked = {}
    with open(lock) as lines:
        for line in lines:
            pin = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line)
            if pin:
                locked[canonical(pin[1])] = pin[2]
    return locked


def report_installs(report: str) -> dict[str, str]:
    """What a pip report would install, by canonical name, the course itself apart."""
    with open(report) as file:
        items = json.load(file)["install"]
    versions = {canonical(i["metadata"]["name"]): i["metadata"]["version"] for i in items}
    versions.pop(PROJECT, None)
    return versions


def environment_versions(report: str | None) -> dict[str, str]:
    """The installed packages, with what the pip report would install put over them."""
    versions = {canonical(d.metadata["Name"]): d.version for d in distributions()}
    if report:
        versions.update(report_installs(report))
    versions.pop(PROJECT, None)
    return versions


def main(lock: str, report: str | None = None) -> int:
    locked, versions = locked_versions(lock), environment_versions(report)
    how = "resolved by pip, not installed" if report else "installed"
    print(f"newest: versions ({how}) against {lock}")
    for name in MAIN_LIBRARIES:
        print(f"  {name} {versions.get(name)} (locked {locked.get(name)})")
    moved = [
        f"  {name} {locked.get(name, '(not locked)')} -> {version}"
        for name, version in sorted(versions.items())
        if (name in locked and locked[name] != version) or (name not in locked and name != "pip")
    ]
    print(
        "newest: differs from the lock:" if moved else "newest: every package at its locked version"
    )
    for line in moved:
        print(line)
    return 0 if moved else 3


if __name__ == "__main__":
    if sys.argv[1] == "--installs":
        print("\n".join(f"{n}=={v}" for n, v in report_installs(sys.argv[2]).items()))
        sys.exit(0)
    sys.exit(main(*sys.argv[1:3]))
