"""`check`'s section "Against the text": each source's text compared with the dataset (see
`engine.against`), in check's columns, so that json and csv keep theirs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fairstats.engine.against import against_texts
from fairstats.model.results import Code
from fairstats.reports.rows import key_ids

if TYPE_CHECKING:
    from fairstats.engine.against import TextCheck
    from fairstats.engine.audit import Audit
    from fairstats.engine.claims.base import Claim
    from fairstats.model.release import Release
    from fairstats.model.results import Cell

TEXT_SECTION = "Against the text"


def text_rows(audit: Audit, release: Release) -> list[dict[str, Cell]]:
    """One row per statement that prints a number, per number of the text no statement prints
    nor is left out, and per number left out that the text does not print."""
    claims: dict[str, Claim] = {}
    for claim in audit.claims:
        if claim.release is release:
            claims.setdefault(claim.place, claim)
    return [_row(audit, check, claims.get(check.place)) for check in against_texts(release)]


def _row(audit: Audit, check: TextCheck, claim: Claim | None) -> dict[str, Cell]:
    keys = claim.quantities() if claim is not None else ()
    if check.statement is not None:
        label = claim.label(audit) if claim is not None else check.place
        reported = claim.reported(audit) if claim is not None else None
    else:
        found = check.found
        where = f" (characters {found.number.start}-{found.number.end})" if found else ""
        label = f"{check.source.text}: {found.text if found else check.place}{where}"
        reported = None
    return {
        **(key_ids(keys[0]) if keys else {}),
        "rule": check.rule,
        "check": label,
        "reported": reported,
        "computed": None,
        "verdict": Code(check.verdict),
        "detail": check.detail,
        "source": check.source.id,
        "place": check.place,
    }
