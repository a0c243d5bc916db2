"""Resolve the course as Colab's pip would: against Colab's whole freeze, changing nothing in it.

    python .ci/colab_resolve.py                 # the checks (run by the colab stage of .ci/run)
    python .ci/colab_resolve.py --list-extras   # the extras the lessons install on Colab, a,b

For the base package and for each extra that a lesson's Colab cell installs, it runs

    pip install --dry-run --ignore-installed --report <json> -e .[extra] \
        -c .ci/colab-constraints.txt

with this interpreter (Python 3.13 in CI, as on Colab), and fails if pip cannot resolve, if a
package of the freeze would get another version, or if a package that Colab builds itself (the
freeze's `@` lines) would be installed from PyPI. It prints the packages that would be new on
Colab. When pip cannot resolve it says which requirement excludes which Colab pin: it checks the
course's own requirements against the pins, then resolves again without constraints and names
every requirement there that Colab's version does not satisfy.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from colab_lib import (
    CONSTRAINTS,
    PROJECT,
    ROOT,
    Colab,
    Requirement,
    Version,
    canonicalize_name,
    colab_environment,
    colab_extras,
    requirements,
    unsatisfied,
)


def pip_resolve(target: str, constraints: Path | None) -> tuple[list[dict] | None, str, float]:
    """pip's dry-run report for `target` (its installs, the course itself left out; None when
    pip fails), pip's explanation of a failure, and the seconds it took."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed"]
        cmd += ["--report", str(report), "-e", target]
        if constraints is not None:
            cmd += ["-c", str(constraints)]
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            # pip explains a conflict on stdout ("The conflict is caused by: ...") and ends on
            # stderr (ERROR: ResolutionImpossible); its progress lines come before both
            lines = [line for line in proc.stdout.splitlines() if line.strip()]
            first = next(
                (i for i, line in enumerate(lines) if line.startswith(("The conflict", "ERROR"))),
                len(lines),
            )
            errors = [line for line in proc.stderr.splitlines() if not line.startswith("WARNING")]
            return None, "\n".join(lines[first:] + errors), seconds
        installs = json.loads(report.read_text())["install"]
    ours = canonicalize_name(PROJECT)
    return [i for i in installs if canonicalize_name(i["metadata"]["name"]) != ours], "", seconds


def excluded_pins(installs: list[dict], colab: Colab) -> list[tuple[str, str]]:
    """(package, line) for every requirement in a resolution that excludes Colab's version."""
    env = colab_environment(colab)
    found = []
    for item in installs:
        meta = item["metadata"]
        for spec in meta.get("requires_dist") or []:
            req = Requirement(spec)
            version = colab.version(req.name)
            if version is None or req.specifier.contains(version, prereleases=True):
                continue
            extras = item.get("requested_extras") or [""]
            if req.marker is None or any(req.marker.evaluate({**env, "extra": e}) for e in extras):
                line = f"{meta['name']} {meta['version']} requires {req}; Colab has {version}"
                found.append((canonicalize_name(req.name), line))
    return found


def why_not(target: str, extras: list[str], colab: Colab) -> list[str]:
    """Which requirements exclude which Colab pins.

    First the course's own requirements against the pins (`packaging`). Then pip resolves again
    without the pins those requirements exclude (without any pin when there are none, or when
    that fails too), and the result is diffed against the freeze: each Colab package that would
    move, and the requirement that moves it."""
    direct = unsatisfied(requirements(extras), colab)
    lines = [f"course requirement: {why}" for _, why in direct]
    names = {name for name, _ in direct}
    installs = None
    if names:
        with tempfile.TemporaryDirectory() as tmp:
            relaxed = Path(tmp) / "constraints.txt"
            relaxed.write_text(
                "".join(f"{n}=={v}\n" for k, (n, v) in colab.pins.items() if k not in names)
            )
            installs, _, _ = pip_resolve(target, relaxed)
        how = f"with Colab's pins except {', '.join(sorted(names))}"
    if installs is None:
        installs, error, _ = pip_resolve(target, constraints=None)
        how = "without Colab's pins (newest releases: some lines only because newer ones exist)"
        if installs is None:
            return [*lines, f"pip cannot resolve {target} even without Colab's pins:", error]
    lines.append(f"pip resolves {target} {how}; against the freeze that changes:")
    because = excluded_pins(installs, colab)
    for item in sorted(installs, key=lambda i: canonicalize_name(i["metadata"]["name"])):
        name, version = item["metadata"]["name"], item["metadata"]["version"]
        pinned = colab.version(name)
        if pinned is not None and Version(pinned) != Version(version):
            lines.append(f"  {name}: Colab {pinned} -> {version}")
            lines += [f"    {line}" for key, line in because if key == canonicalize_name(name)]
    return lines


def check(extra: str | None, colab: Colab) -> bool:
    """Resolve the base package (extra None) or one extra against Colab's pins and report."""
    target = f".[{extra}]" if extra else "."
    label = f"{PROJECT}[{extra}]" if extra else f"{PROJECT} (base)"
    installs, error, seconds = pip_resolve(target, CONSTRAINTS)
    print(f"--- {label}: pip {'resolved' if installs is not None else 'FAILED'} in {seconds:.1f} s")
    if installs is None:
        print(error)
        print(f"Which requirement conflicts with which Colab pin ({colab.date}):")
        for line in why_not(target, [extra] if extra else [], colab):
            print(f"  {line}")
        return False
    kept, new, changed, replaced = [], [], [], []
    for item in installs:
        name, version = item["metadata"]["name"], item["metadata"]["version"]
        key = canonicalize_name(name)
        if key in colab.dropped:
            replaced.append(f"{name} {version} (Colab has {colab.dropped[key]})")
        elif colab.version(name) is None:
            new.append(f"{name}=={version}")
        elif Version(colab.version(name)) != Version(version):
            changed.append(f"{name}: Colab {colab.version(name)} -> {version}")
        else:
            kept.append(name)
    needed = len(kept) + len(changed)
    print(f"  Colab's packages it needs: {needed}, at Colab's version: {len(kept)}")
    print(f"  new on Colab (not in the freeze): {', '.join(sorted(new, key=str.lower)) or 'none'}")
    for line in changed:
        print(f"  CHANGED: {line}")
    for line in replaced:
        print(f"  WOULD REPLACE COLAB'S OWN BUILD: {line}")
    return not changed and not replaced


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list-extras", action="store_true", help="print the extras, a,b")
    args = parser.parse_args(argv)
    extras = colab_extras()
    if args.list_extras:
        print(",".join(extras))
        return 0
    colab = Colab()
    here = f"{sys.version_info.major}.{sys.version_info.minor}"
    print(f"Colab's freeze of {colab.date}: {len(colab.pins)} pins")
    print(f"Python {here} (Colab: {colab.python})")
    print(f"extras the lessons install on Colab: {', '.join(extras) or 'none'}")
    if here != colab.python:
        print(f"colab_resolve: run me with Python {colab.python}: pip resolves for this Python")
        return 1
    ok = [check(extra, colab) for extra in [None, *extras]]
    if all(ok):
        print("OK: installing the course on Colab changes none of Colab's packages")
        return 0
    print("FAILED: installing the course on Colab would fail or change Colab's packages")
    return 1


if __name__ == "__main__":
    sys.exit(main())
