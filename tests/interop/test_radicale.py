"""A published feed through a real CalDAV server, Radicale, as a calendar program syncs it.

The test starts Radicale on 127.0.0.1 (a free port, storage in a temporary folder, no
authentication) and stops it. It PUTs each event of a feed as its own resource (named by
UID, with the VTIMEZONE it needs), publishes an edited calendar with --previous, PUTs that
feed's events again, and then the server must hold each event once, as updated: changed
titles and times, the removed event cancelled, SEQUENCE raised where it should be.
"""

from __future__ import annotations

import base64
import http.client
import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import icalendar
import pytest

from budgettid.format.load import load_text
from budgettid.ical import feed as ics

from .calendars import calendar_text

NS = {"d": "DAV:", "c": "urn:ietf:params:xml:ns:caldav"}
AUTH = "Basic " + base64.b64encode(b"budgettid:x").decode()
COLLECTION = "/budgettid/feed/"
NOW = datetime(2024, 1, 15, 12, tzinfo=UTC)
MKCALENDAR = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">'
    "<d:set><d:prop><d:displayname>budgettid</d:displayname></d:prop></d:set></c:mkcalendar>"
)
QUERY = (
    '<?xml version="1.0" encoding="utf-8"?><c:calendar-query xmlns:d="DAV:" '
    'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop>'
    '<c:filter><c:comp-filter name="VCALENDAR"/></c:filter></c:calendar-query>'
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[int]:
    """A Radicale server of our own on 127.0.0.1; yields its port and stops it afterwards."""
    if importlib.util.find_spec("radicale") is None:
        message = "radicale is not installed (pip install -e '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; .ci/run must install it")
        pytest.skip(message)
    port = _free_port()
    log = (tmp_path / "radicale.log").open("w")
    cmd = [
        sys.executable, "-m", "radicale", "--config", "",
        "--server-hosts", f"127.0.0.1:{port}",
        "--storage-filesystem-folder", str(tmp_path / "collections"),
        "--auth-type", "none", "--rights-type", "owner_only", "--logging-level", "warning",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"radicale exited: {(tmp_path / 'radicale.log').read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("radicale did not listen within 30 seconds")
                time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def request(port: int, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=body, headers={"Authorization": AUTH} | (headers or {}))
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


def _blocks(text: str, name: str) -> list[list[str]]:
    """The top-level BEGIN:name … END:name blocks of a feed, as its (folded) lines."""
    out, current, depth = [], None, 0
    for line in text.split("\r\n"):
        if current is None:
            if line == f"BEGIN:{name}":
                current, depth = [line], 1
            continue
        current.append(line)
        depth += line.startswith("BEGIN:") - line.startswith("END:")
        if depth == 0:
            out.append(current)
            current = None
    return out


def resources(feed: bytes) -> dict[str, bytes]:
    """One CalDAV resource per event, as a calendar program makes them: href -> VCALENDAR."""
    text = feed.decode("utf-8")
    zones = _blocks(text, "VTIMEZONE")
    out = {}
    for block in _blocks(text, "VEVENT"):
        unfolded = "\r\n".join(block).replace("\r\n ", "")
        uid = re.search(r"^UID:([^\r\n]*)", unfolded, re.M).group(1)  # type: ignore[union-attr]
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//budgettid//test//EN"]
        if ";TZID=" in unfolded:
            lines += [line for z in zones for line in z]
        lines += [*block, "END:VCALENDAR"]
        out[COLLECTION + quote(uid.replace("@", "_")) + ".ics"] = ("\r\n".join(lines) + "\r\n").encode()
    return out


def put_all(port: int, feed: bytes) -> dict[str, int]:
    codes = {}
    for href, body in resources(feed).items():
        codes[href], _ = request(port, "PUT", href, body, {"Content-Type": "text/calendar; charset=utf-8"})
    return codes


def held(port: int) -> list[icalendar.Event]:
    """Every VEVENT the server holds, from a calendar-query REPORT over the collection."""
    status, body = request(
        port, "REPORT", COLLECTION, QUERY.encode(), {"Depth": "1", "Content-Type": "application/xml"}
    )
    assert status == 207, body[:300]
    out = []
    for response in ET.fromstring(body).findall("d:response", NS):
        data = response.find(".//c:calendar-data", NS)
        assert data is not None and data.text
        out += icalendar.Calendar.from_ical(data.text).walk("VEVENT")
    return out


def test_radicale_holds_each_event_once_and_updated(radicale: int):
    port = radicale
    doc = json.loads(calendar_text("Europe/Copenhagen"))
    first_cal = load_text(json.dumps(doc, ensure_ascii=False), "cph.yaml")
    first = ics.feed_bytes(first_cal, now=NOW)
    status, _ = request(
        port, "MKCALENDAR", COLLECTION, MKCALENDAR.encode(), {"Content-Type": "application/xml"}
    )
    assert status == 201
    codes = put_all(port, first)
    assert set(codes.values()) == {201} and len(codes) == len(first_cal.events)

    # an edit: one event gone, one retitled, one moved into the repeated hour (written in UTC)
    events = {e["id"]: e for e in doc["events"]}
    del events["frist"]
    events["plain"]["title"] = "Budgetmøde, flyttet"
    events["c0-day-after"] |= {"date": "2023-10-29", "time": "02:30"}
    events["c0-day-after"].pop("end_time")
    doc["events"] = list(events.values())
    second = ics.build_feed(
        load_text(json.dumps(doc, ensure_ascii=False), "cph.yaml"), previous=first, now=NOW
    )
    assert [c.uid.split("@")[0] for c in second.changes.cancelled] == ["frist"]
    codes = put_all(port, second.data)
    assert set(codes.values()) == {204} and len(codes) == len(first_cal.events)  # every href existed

    on_server = held(port)
    by_uid = {str(ev["UID"]): ev for ev in on_server}
    assert len(on_server) == len(by_uid) == len(first_cal.events)  # each event once
    published = {str(ev["UID"]): ev for ev in icalendar.Calendar.from_ical(second.data).walk("VEVENT")}
    assert set(by_uid) == set(published)
    for uid, ev in by_uid.items():
        mine = published[uid]
        for name in ("SUMMARY", "SEQUENCE", "STATUS", "TRANSP"):
            assert str(ev.get(name)) == str(mine.get(name)), (uid, name)
        assert ev["DTSTART"].dt == mine["DTSTART"].dt, uid
        assert (
            str(ev["ORGANIZER"].params.get("CN")) == "Prøvekommune"
        )  # Radicale drops the quotes: by meaning
    suffix = "@interop-europe-copenhagen"
    assert (str(by_uid["frist" + suffix]["STATUS"]), int(by_uid["frist" + suffix]["SEQUENCE"])) == (
        "CANCELLED",
        1,
    )
    assert str(by_uid["plain" + suffix]["SUMMARY"]) == "Budgetmøde, flyttet"
    moved = by_uid["c0-day-after" + suffix]
    assert moved["DTSTART"].dt == datetime(2023, 10, 29, 0, 30, tzinfo=UTC) and int(moved["SEQUENCE"]) == 1
