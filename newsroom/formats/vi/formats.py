"""Vietnamese admin: see newsroom/formats/__init__.py."""

from newsroom.formats.shared import *  # noqa: F403 - the same formats for both languages, by design
