"""Fixes: from the edits rules propose to the bytes written, each fix checked against GitHub's rendering.

* :mod:`.edits` applies edits to the original bytes (BOM, line endings and every
  untouched byte kept);
* :mod:`.select` chooses fixes that do not conflict and repeats until stable;
* :mod:`.referee` renders the text with cmark-gfm before and after and lets a
  fix through as safe only when the HTML changes as the fix says it will;
* :mod:`.diff` writes the unified diff of ``--diff``;
* :mod:`.write` replaces a file atomically.
"""
