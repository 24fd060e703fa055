"""Marquee indexer: read articles, extract shows and persons, build and query a Whoosh index."""
