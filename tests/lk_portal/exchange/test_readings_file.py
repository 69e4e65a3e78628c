"""The `readings` file's declaration (exchange/readings_file.py) against the exchange contract's docs."""

import re
from pathlib import Path

from lk_portal.exchange.readings_file import READINGS_COLUMNS

DOC = Path(__file__).resolve().parents[3] / "docs" / "billing-exchange.md"


def test_the_docs_list_the_columns_in_the_declarations_order_with_its_titles():
    row = next(line for line in DOC.read_text().splitlines() if line.startswith("| readings |"))
    documented = re.findall(r"(\w+) \(([^:)]+)", row.split("|")[2])
    assert documented == [(c.key, c.title) for c in READINGS_COLUMNS]
