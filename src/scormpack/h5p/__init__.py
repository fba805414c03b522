"""Building H5P content: platform profiles, stable ids, French strings, content.json and h5p.json.

The exporter (`scormpack.exporters.h5p`) assembles these; `scormpack.validate.h5p` checks the result.
"""
