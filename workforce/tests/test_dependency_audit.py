"""The CI dependency audit (.ci/audit) fails on what the advisory services report and says plainly
what it could not audit. Fed recorded reports, so the test needs no network."""

import importlib.machinery
import importlib.util
import json
from pathlib import Path

import pytest

AUDIT = Path(__file__).resolve().parents[2] / ".ci" / "audit"


@pytest.fixture
def audit():
    loader = importlib.machinery.SourceFileLoader("ci_audit", str(AUDIT))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("ci_audit", loader))
    loader.exec_module(module)
    return module


def reports(pip: dict, npm: dict):
    def run(command):
        return 0, json.dumps(pip if "pip-audit" in command[0] else npm)

    return run


CLEAN_NPM = {"vulnerabilities": {}}


def test_a_python_advisory_fails_the_audit(audit, monkeypatch, capsys):
    pip = {
        "dependencies": [
            {"name": "django", "version": "5.2.1", "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.2"]}]}
        ]
    }
    monkeypatch.setattr(audit, "run", reports(pip, CLEAN_NPM))
    assert audit.main() == 1
    assert "VULNERABLE: django 5.2.1: PYSEC-1 (fixed in 5.2.2)" in capsys.readouterr().out


def test_a_high_npm_advisory_fails_it_and_a_low_one_does_not(audit, monkeypatch):
    clean_pip = {"dependencies": [{"name": "django", "version": "5.2.1", "vulns": []}]}
    high = {"vulnerabilities": {"htmx.org": {"severity": "high", "range": "<2.0.4"}}}
    low = {"vulnerabilities": {"bootstrap": {"severity": "low", "range": "<5.3.9"}}}
    monkeypatch.setattr(audit, "run", reports(clean_pip, high))
    assert audit.main() == 1
    monkeypatch.setattr(audit, "run", reports(clean_pip, low))
    assert audit.main() == 0


def test_what_could_not_be_audited_is_named_not_passed_silently(audit, monkeypatch, capsys):
    pip = {"dependencies": [{"name": "celery", "skip_reason": "Dependency not found on PyPI"}]}
    unreachable = {"message": "405 Method Not Allowed - POST https://registry.npmjs.org/..."}
    monkeypatch.setattr(audit, "run", reports(pip, unreachable))
    assert audit.main() == 0
    out = capsys.readouterr().out
    assert "NOT AUDITED: celery" in out and "NOT AUDITED: the npm assets (405" in out
    assert "in what could be audited" in out
