"""Uploaded files: the limits in force, streaming them in bounded, keeping them for a preview.

``limits()`` is the one place the web and the command line read the upload limits from
(Django's ``SHINCHOKU_UPLOAD_LIMITS``, built in settings.py from environment variables).
``handlers`` streams each uploaded file within them; ``store`` keeps an upload under the data
directory between a preview and its confirmation, and removes it when done or expired.
"""

from __future__ import annotations

from ..ingest.limits import Limits


def limits() -> Limits:
    """The upload limits in force (settings ``SHINCHOKU_UPLOAD_LIMITS``)."""
    from django.conf import settings

    return getattr(settings, "SHINCHOKU_UPLOAD_LIMITS", None) or Limits()
