"""Bounds for numbers the API takes as record ids and versions.

A number beyond the database's integer (e.g. 3229783386321850466304 as a family member's id)
reached the query and answered 500 on SQLite ("Python int too large to convert to SQLite
INTEGER"); found by the schemathesis run (scripts/api_fuzz.sh). Ids are BigAutoField
(64-bit), versions PositiveIntegerField (32-bit on PostgreSQL)."""

from __future__ import annotations

MAX_ID = 2**63 - 1
MAX_VERSION = 2**31 - 1
