#!/usr/bin/env node
// Thunderbird's iCalendar parser, ical.js (pinned in ../package.json), reading .ics files.
//
//   node tests/interop/readers/icaljs_read.js FILE.ics [FILE.ics ...]
//
// Prints one JSON line per VEVENT: file, uid, summary, status, all_day, start_utc, end_utc
// (ISO, Z), start_date, end_date (all-day), alarms, triggers (-P1D, PT0S, or an ISO time).
// Times with a TZID are converted with the file's VTIMEZONE, as Thunderbird does: ical.js 2
// finds it through the parsed VCALENDAR (Component.getTimeZoneByID). The module is
// found from this folder upwards (tests/interop/node_modules).
"use strict";

const fs = require("fs");
const ICAL = require("ical.js");

function pad(n, w = 2) {
  return String(n).padStart(w, "0");
}

function isoUtc(t) {
  const u = t.convertToZone(ICAL.Timezone.utcTimezone);
  return `${pad(u.year, 4)}-${pad(u.month)}-${pad(u.day)}T${pad(u.hour)}:${pad(u.minute)}:${pad(u.second)}Z`;
}

function isoDate(t) {
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
}

function durText(seconds) {
  // the form every reader of this suite writes: -P1D, -PT15H, -P6DT15H, PT0S
  const sign = seconds < 0 ? "-" : "";
  let s = Math.abs(seconds);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  let out = sign + "P" + (d ? d + "D" : "");
  if (h || m || s) out += "T" + (h ? h + "H" : "") + (m ? m + "M" : "") + (s ? s + "S" : "");
  return out === sign + "P" ? "PT0S" : out;
}

process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

function read(file) {
  const root = new ICAL.Component(ICAL.parse(fs.readFileSync(file, "utf8")));
  for (const vevent of root.getAllSubcomponents("vevent")) {
    const ev = new ICAL.Event(vevent);
    const start = ev.startDate;
    const rec = { file, uid: ev.uid, summary: ev.summary, all_day: start.isDate };
    // the end only from DTEND or DURATION (ev.endDate would make one up)
    let end = null;
    if (vevent.hasProperty("dtend")) end = vevent.getFirstPropertyValue("dtend");
    else if (vevent.hasProperty("duration")) end = ev.endDate;
    if (start.isDate) {
      rec.start_date = isoDate(start);
      rec.end_date = end ? isoDate(end) : null;
    } else {
      rec.start_utc = isoUtc(start);
      rec.end_utc = end ? isoUtc(end) : null;
      rec.tz = start.zone ? start.zone.tzid : null;
    }
    const alarms = vevent.getAllSubcomponents("valarm");
    rec.alarms = alarms.length;
    rec.triggers = alarms.map((a) => {
      const v = a.getFirstPropertyValue("trigger");
      if (v === null) return null;
      return v instanceof ICAL.Duration ? durText(v.toSeconds()) : isoUtc(v);
    });
    rec.status = vevent.getFirstPropertyValue("status") || null;
    process.stdout.write(JSON.stringify(rec) + "\n");
  }
}

const files = process.argv.slice(2);
if (!files.length) {
  console.error("usage: icaljs_read.js FILE.ics [FILE.ics ...]");
  process.exit(2);
}
for (const f of files) read(f);
