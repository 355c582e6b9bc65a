"""Tests here read messages in English, the source language; the Ukrainian catalogue is
checked for completeness by suprovid/core/tests/test_translations.py."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def english_messages(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"
