"""What the cycle tells the apps above it, which it does not import (no cycle between apps)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by ``services.open`` once a round and its items exist, with ``round`` and ``actor``;
# a receiver's error propagates to the caller (``send``, not ``send_robust``).
round_opened = Signal()
