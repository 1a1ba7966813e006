"""Check: every problem in the data, collected in one pass over all records (`check.run`).

This package file imports nothing, so a stage that reads field labels (`check.fields`)
does not load every checker with it.
"""
