"""The benchmarks' throwaway PostgreSQL database: dropped and created again, only on this machine."""

from __future__ import annotations

import sys
from urllib.parse import urlparse


def fresh_database(url: str) -> None:
    """Drop (forcing out other sessions) and create the database named in ``url``; refuse a remote one."""
    import psycopg

    parsed = urlparse(url)
    if parsed.hostname not in {"127.0.0.1", "localhost", "::1"}:
        sys.exit("refusing to drop a database that is not on this machine")
    name = parsed.path.lstrip("/")
    with psycopg.connect(host=parsed.hostname, port=parsed.port or 5432, user=parsed.username,
                         password=parsed.password, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}"')
