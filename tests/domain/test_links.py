"""Links that cannot hurt: which evidence values open at once, which show a folder, which ask first."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mlops_tracker.domain.links import LinkKind, classify_link, visible, web_link


def never_risky(_path: Path) -> bool:
    return False


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("https://example.org", "https://example.org"),
        ("http://example.org/a?b=c#d", "http://example.org/a?b=c#d"),
        ("HTTPS://EXAMPLE.ORG", "https://EXAMPLE.ORG"),
        ("  https://example.org/report  ", "https://example.org/report"),
    ],
)
def test_web_links_open_in_the_browser_at_once(text: str, target: str) -> None:
    link = classify_link(text)
    assert link is not None
    assert link.kind is LinkKind.WEB
    assert link.target == target
    assert link.ask_because is None


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "smb://host/share",
        "ftp://example.org/file",
        "vscode://file/etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "mailto:someone@example.org",
        "file://otherhost/share/report.pdf",
        "//host/share/report.pdf",
        "\\\\host\\share\\report.pdf",
        "https:///etc/passwd",
        "http:example.org",
        "report.pdf",
        "www.example.org",
    ],
)
def test_other_schemes_and_bare_words_ask_first(text: str) -> None:
    link = classify_link(text, risky=never_risky)
    assert link is not None
    assert link.kind is LinkKind.OTHER
    assert link.ask_because
    assert link.value == text.strip()


def test_a_local_path_shows_its_folder(tmp_path: Path) -> None:
    report = tmp_path / "report.pdf"
    report.write_text("x")
    link = classify_link(str(report))
    assert link is not None
    assert (link.kind, link.target, link.ask_because) == (LinkKind.FILE, str(report), None)
    assert link.folder == str(tmp_path)


def test_a_home_path_and_a_missing_file_show_a_folder(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    link = classify_link("~/notes.md")
    assert link is not None
    assert (link.kind, link.target, link.ask_because) == (LinkKind.FILE, str(tmp_path / "notes.md"), None)
    link = classify_link("/home/me/report.pdf")
    assert link is not None
    assert (link.kind, link.folder, link.ask_because) == (LinkKind.FILE, "/home/me", None)


def test_a_file_url_is_a_path_never_the_file_itself() -> None:
    link = classify_link("file:///home/me/My%20Report.pdf")
    assert link is not None
    assert (link.kind, link.target, link.folder) == (LinkKind.FILE, "/home/me/My Report.pdf", "/home/me")
    assert link.ask_because is None


def test_a_file_url_to_a_program_asks_first() -> None:
    # whether xterm is installed here or not, the rule asks the executable check about the decoded path
    link = classify_link("file:///usr/bin/xterm", risky=lambda path: path == Path("/usr/bin/xterm"))
    assert link is not None
    assert (link.kind, link.folder) == (LinkKind.FILE, "/usr/bin")
    assert link.ask_because == "it is a program or a launcher"
    if os.access("/usr/bin/xterm", os.X_OK):
        real = classify_link("file:///usr/bin/xterm")
        assert real is not None and real.ask_because == "it is a program or a launcher"


def test_an_executable_file_asks_first(tmp_path: Path) -> None:
    program = tmp_path / "run-me"
    program.write_text("#!/bin/sh\necho hi\n")
    program.chmod(0o755)
    link = classify_link(f"file://{program}")
    assert link is not None
    assert (link.kind, link.ask_because) == (LinkKind.FILE, "it is a program or a launcher")
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    plain.chmod(0o644)
    link = classify_link(str(plain))
    assert link is not None and link.ask_because is None


@pytest.mark.parametrize(
    "name", ["evil.desktop", "EVIL.DESKTOP", "setup.exe", "run.sh", "shortcut.lnk", "Launcher.AppImage"]
)
def test_launchers_ask_first_even_when_missing(name: str) -> None:
    link = classify_link(f"/home/me/Downloads/{name}")
    assert link is not None
    assert (link.kind, link.ask_because) == (LinkKind.FILE, "it is a program or a launcher")


@pytest.mark.parametrize(
    "text",
    [
        "https://example.org/\njavascript:alert(1)",
        "https://example.org/a b",
        "https://example.org/\x00",
        "https://exa\u202emple.org",
        "javascript:alert(1)\r\n",  # the trailing blanks are stripped; the scheme still asks
    ],
)
def test_links_with_blanks_or_control_characters_ask_first(text: str) -> None:
    link = classify_link(text, risky=never_risky)
    assert link is not None
    assert link.kind is LinkKind.OTHER
    assert link.ask_because


def test_a_path_with_control_characters_asks_first() -> None:
    link = classify_link("/home/me/report\n.pdf", risky=never_risky)
    assert link is not None
    assert link.kind is LinkKind.FILE
    assert link.ask_because == "the path holds hidden characters"
    spaced = classify_link("/home/me/My Report.pdf", risky=never_risky)
    assert spaced is not None and spaced.ask_because is None  # spaces are ordinary in file names


def test_blank_values_open_nothing() -> None:
    assert classify_link("") is None
    assert classify_link(" \n\t ") is None


def test_visible_shows_hidden_characters() -> None:
    assert visible("a\nb\x00c\u202ed") == "a\\nb\\x00c\\u202ed"
    assert visible("plain text é") == "plain text é"


def test_web_link_accepts_only_http_and_https() -> None:
    assert web_link("https://example.org/x") == "https://example.org/x"
    assert web_link("HTTP://example.org") == "http://example.org"
    for text in (
        "javascript:alert(1)",
        "/home/me/x.pdf",
        "file:///etc/passwd",
        "",
        "https://a b",
        "smb://h/s",
    ):
        assert web_link(text) is None


def test_the_rule_never_touches_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.pdf"
    secret.write_text("x")
    before = os.stat(secret).st_atime_ns
    classify_link(str(secret))
    assert os.stat(secret).st_atime_ns == before


def test_a_file_inside_an_application_bundle_asks_first() -> None:
    link = classify_link("/Applications/Tool.app/Contents/readme.txt", risky=never_risky)
    assert link is not None and link.ask_because is None  # Contents is an ordinary folder
    link = classify_link("/Users/me/Tool.app/readme.txt", risky=never_risky)
    assert link is not None
    assert (link.kind, link.ask_because) == (LinkKind.FILE, "its folder is a program bundle")
