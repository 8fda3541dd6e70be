"""English admin: the same day-first, 24-hour formats as the Vietnamese one (see newsroom/formats/__init__.py)."""

from newsroom.formats.shared import *  # noqa: F403 - the same formats for both languages, by design
