"""Mutation testing of the pure core (`make mutate`): run mutmut, then print the score of
each module and every mutant that survived, with its diff.

mutmut's configuration lives in pyproject.toml under [tool.mutmut]: which modules are
mutated, which test files may kill them, and the mutants that are equivalent (a change no
test could notice, because the behaviour stays the same). An equivalent is named by its
function and the mutated line, not by mutmut's running number, so an edit elsewhere in the
function does not make it point at another mutant. Each one carries a one-line reason.

    scripts/mutate.py            run, then report (exit 1 below the target or with survivors)
    scripts/mutate.py --report   report on the last run only
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 97.0  # percent of mutants killed, per module
KILLED = {"killed", "timeout", "caught by type check"}


@dataclass
class Module:
    path: str
    killed: int = 0
    equivalent: list[tuple[str, str]] = field(default_factory=list)  # (mutant, reason)
    survivors: list[tuple[str, str, str]] = field(default_factory=list)  # (mutant, status, diff)

    @property
    def judged(self) -> int:
        return self.killed + len(self.survivors)

    @property
    def score(self) -> float:
        return 100.0 * self.killed / self.judged if self.judged else 100.0


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]


def _changed_lines(diff: str) -> tuple[str, str]:
    """The original and the mutated text of a one-mutation diff, each stripped and joined."""
    old = [line[1:].strip() for line in diff.splitlines() if line[:1] == "-" and line[:3] != "---"]
    new = [line[1:].strip() for line in diff.splitlines() if line[:1] == "+" and line[:3] != "+++"]
    return " ".join(old), " ".join(new)


def _function(mutant: str) -> str:
    """skintrack.guidance.rules.x_drm_2__mutmut_7 -> skintrack.guidance.rules.drm_2, and
    rules.xǁProductǁtags__mutmut_1 -> rules.Product.tags"""
    module, _, name = mutant.rpartition(".")
    name = name.rpartition("__mutmut_")[0]
    name = name.removeprefix("x_") if name.startswith("x_") else name[2:].replace("ǁ", ".")
    return f"{module}.{name}"


def _diff(mutant: str, path: str) -> str:
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    text = get_diff_for_mutant(mutant, path=path)
    return "\n".join(line for line in text.splitlines() if not line.startswith(("---", "+++")))


def report() -> int:
    os.chdir(ROOT)
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code

    config = _config()
    equivalents = {
        (e["function"], e["mutated"].strip()): e["reason"] for e in config.get("equivalent", [])
    }
    used: set[tuple[str, str]] = set()
    modules = []
    for path in config["only_mutate"]:
        data = SourceFileMutationData(path=path)
        if not data.meta_path.exists():
            print(f"{path}: no results yet (run `make mutate`)")
            return 1
        data.load()
        module = Module(path)
        for mutant, code in sorted(data.exit_code_by_key.items()):
            status = status_by_exit_code[code]
            if status in KILLED:
                module.killed += 1
                continue
            diff = _diff(mutant, path)
            key = (_function(mutant), _changed_lines(diff)[1])
            if status == "survived" and key in equivalents:
                used.add(key)
                module.equivalent.append((mutant, equivalents[key]))
            else:
                module.survivors.append((mutant, status, diff))
        modules.append(module)

    for module in modules:
        for mutant, status, diff in module.survivors:
            print(f"\n{status.upper()}: {mutant}\n{diff}")
    stale = set(equivalents) - used
    for function, mutated in sorted(stale):
        print(f"\nEquivalent listed but not found (remove it?): {function}: {mutated}")

    print(f"\n{'module':34} {'mutants':>7} {'killed':>6} {'equiv':>5} {'left':>4} {'score':>7}")
    for m in modules:
        total = m.judged + len(m.equivalent)
        row = f"{m.path:34} {total:7} {m.killed:6} {len(m.equivalent):5} {len(m.survivors):4}"
        print(f"{row} {m.score:6.1f}%")
    low = [m.path for m in modules if m.score < TARGET]
    if low:
        print(f"\nBelow {TARGET:.0f}% killed: {', '.join(low)}")
    return 1 if low or stale else 0


def run(children: int) -> int:
    os.chdir(ROOT)
    mutmut = Path(sys.executable).with_name("mutmut")
    started, cpu = time.monotonic(), os.times()
    done = subprocess.run([str(mutmut), "run", "--max-children", str(children)], check=False)
    ended = os.times()
    used = (ended.children_user - cpu.children_user) + (ended.children_system - cpu.children_system)
    print(f"\nmutmut run: {time.monotonic() - started:.0f} s wall, {used:.0f} s CPU")
    return done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="only report on the last run")
    parser.add_argument("--children", type=int, default=2, help="mutants tested at once")
    args = parser.parse_args()
    if not args.report and run(args.children) != 0:
        return 1
    return report()


if __name__ == "__main__":
    sys.exit(main())
