"""Turning a result into a table, csv, tsv, json, jsonl, markdown, html, xlsx or a chart, and
writing it out."""
