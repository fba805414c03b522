"""The README section about `scormpack validate`, generated from the rule table so it cannot drift.

    python -m scormpack.validate.docs > section.md
"""

from __future__ import annotations

import scormpack.validate.h5p  # registers the H5P rules in the table
import scormpack.validate.mbz  # noqa: F401  (registers the course-backup rules in the table)
from scormpack.validate.rules import rules_markdown

_INTRO = """\
## Validating packages

`scormpack validate PACKAGE... [--format text|json|junit] [--strict] [--max-size MB] [-o FILE] [--previous OLD]`
checks SCORM 1.2 packages — ours or another tool's, as a `.zip` or an unpacked folder — before they
are uploaded to Moodle or M@gistère. The zip is read in place (never extracted: each entry is
inflated once in memory, no further than its declared size, to check that size and its CRC), the
manifest is parsed without DTDs or entities, and it is validated against the official XSDs
shipped with scormpack (IMS CP 1.1.2, ADL CP 1.2 and IMS MD 1.2.1 for the LOM), never against the
copies inside the package. `scormpack build` runs the very same checks on every package before writing it.
SCORM 2004 manifests get the schema, reference and file checks; `.h5p` files go to the H5P checker.
A Moodle course backup (`.mbz`, as `scormpack course` writes it or Moodle's own backup) is streamed,
never extracted: every entry name (none written outside the restore folder, none held twice — when
one is, the checks read the copy an extractor keeps, the last), the structure Moodle's restore reads,
every file `files.xml` lists against its SHA-1, and each SCORM package and `.h5p` inside checked as
above, its findings naming the activity; a SCORM activity's unpacked content and the SCOs of its
`scorm.xml` must be exactly its package's.

Output: one line per finding, `severity rule-id package:path[:line]: message (fix: …)`, then a verdict
per package. `--format json` gives the findings and a verdict per package; `--format junit` one test
case per package and rule family, for the test report of GitLab or GitHub CI. Exit status: 0 all
valid, 1 any error (or any warning with `--strict`), 2 usage error, 74 the report could not be
written (`-o FILE` or standard output; the file is then left as it was), 70 an internal error, told
in one line (please report it).

Before replacing a package in a Moodle activity, `scormpack validate NEW.zip --previous OLD.zip` also
compares the two versions: Moodle matches the SCOs of the new manifest with the stored ones by
identifier only, and deletes the tracks (attempts, scores, answers) of every identifier that is gone.
Each such identifier gives a `SCORM-TRACKING-LOST` warning (`--strict` makes it fail the job).
`--previous` takes a SCORM package: a course backup (restoring it makes new activities) or an `.h5p`
(no SCO tracks) is refused with a usage error rather than reported as compared.

### Rules

"""

_CI = """
### In CI

GitLab CI (the report shows up in the merge request's test tab):

```yaml
validate-packages:
  stage: test
  image: python:3.11-slim
  script:
    - pip install "git+$SCORMPACK_REPO"   # CI variable: the URL of scormpack's repository
    - scormpack build
    - scormpack validate dist/*.zip --format junit -o report.xml
  artifacts:
    when: always
    reports:
      junit: report.xml
```

GitHub Actions:

```yaml
name: packages
on: [push, pull_request]
jobs:
  validate:
    runs-on: ubuntu-latest
    permissions:
      checks: write
      contents: read
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install "git+${{ vars.SCORMPACK_REPO }}"   # the URL of scormpack's repository
      - run: scormpack build
      - run: scormpack validate dist/*.zip --format junit -o report.xml
      - uses: mikepenz/action-junit-report@v4
        if: always()
        with:
          report_paths: report.xml
```
"""


def readme_section() -> str:
    return _INTRO + rules_markdown() + _CI


if __name__ == "__main__":
    print(readme_section(), end="")
