"""Files written whole before they are sent (PDF, XLSX): a temporary file read back in chunks."""

import tempfile
from collections.abc import Iterator
from typing import BinaryIO

CHUNK_BYTES = 64 * 1024
SPOOL_BYTES = 8 * 1024 * 1024


def file_chunks(file: BinaryIO) -> Iterator[bytes]:
    """A written temporary file read back in chunks and closed (deleted) at the end or when abandoned."""
    try:
        file.seek(0)
        while chunk := file.read(CHUNK_BYTES):
            yield chunk
    finally:
        file.close()


def spooled() -> BinaryIO:
    """Memory for a small file, a temporary file beyond 8 MB."""
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)


def written_chunks(write, table) -> Iterator[bytes]:
    """`write(table, file)` into a temporary file when the first chunk is asked for, then its chunks."""
    file = spooled()
    try:
        write(table, file)
    except BaseException:
        file.close()
        raise
    yield from file_chunks(file)
