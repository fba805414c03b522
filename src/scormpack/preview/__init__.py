"""`scormpack preview`: a local review server for a catalogue (lessons under a small LMS, quizzes with evidence).

Modules: `cmi` (the SCORM 1.2 data model, with Moodle's checks), `attempts` (what the LMS keeps),
`catalogue` (builds and the state of each resource), `review` (saving an edited quiz), `watch` (file
changes), `server` (HTTP, security), `command` (the click command).
"""
