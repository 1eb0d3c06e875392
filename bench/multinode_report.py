"""The summary bench/multinode.py prints: what ran where and each check's result, in markdown for
bench/RESULTS.md, with the processes' last log lines when something failed."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field


@dataclass
class Report:
    checks: list[tuple[str, bool, str]] = field(default_factory=list)
    hosts: list[tuple[str, str, str]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    leftovers: list[str] = field(default_factory=list)
    logs: dict[str, str] = field(default_factory=dict)

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        self.checks.append((name, bool(ok), detail))
        return bool(ok)

    def fail(self, name: str, detail: str) -> None:
        self.check(name, False, detail)

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(ok for _name, ok, _detail in self.checks)

    def markdown(self) -> str:
        passed = sum(ok for _n, ok, _d in self.checks)
        lines = [
            f"## Several machines on one (bench/multinode.py), {datetime.datetime.now():%Y-%m-%d %H:%M}",
            "",
            f"{'PASS' if self.passed else 'FAIL'}: {passed} of {len(self.checks)} checks passed "
            f"in {self.seconds:.0f} s; load average {os.getloadavg()[0]:.2f}.",
            "",
            "| host | address | runs |",
            "| --- | --- | --- |",
            *[f"| {name} | {address} | {what} |" for name, address, what in self.hosts],
            "",
            "| check | result | detail |",
            "| --- | --- | --- |",
            *[
                f"| {name} | {'pass' if ok else 'FAIL'} | {_cell(detail)} |"
                for name, ok, detail in self.checks
            ],
        ]
        if self.timings:
            lines += ["", "Timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in self.timings.items()) + "."]
        if not self.passed and self.logs:
            for name, text in self.logs.items():
                if text:
                    lines += [
                        "",
                        f"<details><summary>{name} log (last lines)</summary>",
                        "",
                        "```",
                        text,
                        "```",
                        "</details>",
                    ]
        return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
