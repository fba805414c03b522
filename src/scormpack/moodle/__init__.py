"""Moodle course backup (.mbz): a whole catalogue as one course that Moodle 4.1 and 4.5 restore.

    xml.py         Moodle's backup XML: elements, the NULL marker, one document per file
    settings.py    [tool.scormpack.course]: the course shell and the activities' settings
    filestore.py   files.xml and files/<xx>/<sha1>: Moodle's file store, named by content hash
    shell.py       moodle_backup.xml, course/ and the top-level files (no users, no logs, no grades)
    sections.py    one section per area
    activities.py  the SCORM (and H5P) activity of a resource: module.xml, scorm.xml, grades.xml…
    tarball.py     the deterministic tar.gz that Moodle's restore reads
    course.py      the whole backup from built packages, as {member: bytes}
"""
