// Reference for bench/run.py: simple-scorm-packager (pinned in package.json) packaging lesson
// folders one after the other, as a loop in one Node process.
//
//   node bench/ssp_loop.js LESSONS OUT N
//
// LESSONS holds one folder per lesson (index.html and its assets); the first N (sorted) are
// packaged as SCORM 1.2 zips into OUT. Prints one JSON line: {"packages": n, "seconds": t}, the
// loop's time without Node's start. The packager's progress messages are silenced (they would
// measure the terminal, not the packager).
"use strict";

const fs = require("fs");
const path = require("path");

const [lessons, out, count] = process.argv.slice(2);
const folders = fs
  .readdirSync(lessons, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
  .slice(0, Number(count || Infinity));

const log = console.log;
console.log = () => {};
const scopackager = require("simple-scorm-packager");

const start = process.hrtime.bigint();
let index = 0;

function next() {
  if (index === folders.length) {
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    log(JSON.stringify({ packages: folders.length, seconds }));
    return;
  }
  const name = folders[index++];
  scopackager(
    {
      version: "1.2",
      organization: "Bench",
      title: name,
      language: "fr-FR",
      identifier: name,
      masteryScore: 80,
      startingPage: "index.html",
      source: path.join(lessons, name),
      package: { zip: true, name, version: "1.0.0", date: "2024-01-01", outputFolder: out },
    },
    () => setImmediate(next),
  );
}

next();
