"""Check that this environment has Google Colab's version of every package Colab has.

    python .ci/check_colab_versions.py

Run by the colab stage of .ci/run after its install: every installed distribution that is also
in Colab's freeze (.ci/colab-constraints.txt) must have Colab's version, except the test-only
tools of ALLOWED_TO_DIFFER; none may be a package that Colab builds itself (the freeze's `@`
lines); and Python must be Colab's major.minor. It lists the packages Colab does not have.
"""

from __future__ import annotations

import sys
from importlib import metadata

from colab_lib import PROJECT, Colab, Version, canonicalize_name

# Test-only tools that may differ from Colab's version, each with the reason. Keep it short:
# everything the course, its notebooks or their kernel import must be exactly Colab's. Today it
# is empty: pytest (Colab: 8.4.2) and its plugins install at Colab's versions, and nbval,
# pytest-xdist, ruff and coverage are not on Colab at all. Add a tool here only when the test
# run needs a newer release than Colab's, and say why.
ALLOWED_TO_DIFFER: dict[str, str] = {}

# Essential to check explicitly: the kernel, the notebook machinery and the numerical stack.
KEY = (
    "ipython ipykernel jupyter-client jupyter-core traitlets ipywidgets pyzmq tornado "
    "nbformat nbclient tensorflow keras numpy matplotlib pandas scikit-learn tqdm pytest pip"
).split()


def main() -> int:
    colab = Colab()
    here = f"{sys.version_info.major}.{sys.version_info.minor}"
    installed: dict[str, tuple[str, str]] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        installed.setdefault(canonicalize_name(name), (name, dist.version))

    same, differ, allowed, builds, new = [], [], [], [], []
    for key, (name, version) in sorted(installed.items()):
        pinned = colab.version(name)
        if key == canonicalize_name(PROJECT):
            continue
        if key in colab.dropped:
            builds.append(f"{name} {version}: Colab has its own build, {colab.dropped[key]}")
        elif pinned is None:
            new.append(f"{name}=={version}")
        elif Version(pinned) == Version(version):
            same.append(name)
        elif key in ALLOWED_TO_DIFFER:
            allowed.append(f"{name} {version} (Colab {pinned}): {ALLOWED_TO_DIFFER[key]}")
        else:
            differ.append(f"{name} {version}, Colab has {pinned}")

    print(f"Python {here} (Colab: {colab.python}); Colab freeze of {colab.date}")
    print(f"{len(same)} installed distributions are in Colab's freeze at Colab's version")
    for key in KEY:
        if key in installed and colab.version(key) is not None:
            name, version = installed[key]
            mark = "ok" if Version(version) == Version(colab.version(key)) else "DIFFERS"
            print(f"  {name:<16} {version:<10} {mark}")
    print(f"not in Colab's freeze: {', '.join(new) or 'none'}")
    for line in allowed:
        print(f"allowed to differ: {line}")
    problems = [f"Python {here}, Colab has {colab.python}"] if here != colab.python else []
    problems += [*differ, *builds]
    missing = [k for k in KEY if k not in installed and colab.version(k) is not None]
    if missing:
        problems.append(f"not installed, though the course and its tests use them: {missing}")
    for line in problems:
        print(f"NOT COLAB'S: {line}")
    if problems:
        print(f"FAILED: {len(problems)} difference(s) from Colab's versions")
        return 1
    print("OK: every package Colab has is at Colab's version")
    return 0


if __name__ == "__main__":
    sys.exit(main())
