"""The errors linkage raises on purpose: the CLI turns each into one line and a non-zero exit."""


class LinkageError(Exception):
    """Base class: a problem the user can act on (bad input, bad option, refused run)."""


class InputError(LinkageError):
    """An input file cannot be read as the mention contract; names the file, row and column."""

    def __init__(self, path, message: str, row: int | None = None, column: str | None = None):
        where = str(path)
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")
        self.path, self.row, self.column = path, row, column


class EmptyInput(InputError):
    """The file has a header but no data rows: nothing to dedupe, an empty batch to an update."""


class BlockingTooWide(LinkageError):
    """The blocking rules would generate more candidate pairs than the configured limit."""


class ModelError(LinkageError):
    """A model file is missing, unreadable, or does not fit the data."""


class OutputError(LinkageError):
    """An output path would replace or overwrite something linkage did not write."""
