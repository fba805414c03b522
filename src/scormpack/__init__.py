"""scormpack: compile video-based learning resources into SCORM 1.2, SCORM 2004 and H5P packages."""

__version__ = "0.1.0"
