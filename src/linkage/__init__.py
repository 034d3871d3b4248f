"""linkage: record linkage and entity resolution for lists of named people (Splink on DuckDB).

Data flow, one module per stage: ingest → normalise → blocking → scoring → clustering →
canonical → family → report; `pipeline` is the one place that knows the order.
"""

__version__ = "0.1.0"
