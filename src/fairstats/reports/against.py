"""`check`'s section "Against the text": each source's text compared with the dataset (see
`engine.against`), in check's columns, so that json and csv keep theirs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fairstats.engine.against import against_texts
from fairstats.model.results import Code
from fairstats.reports.rows import ScopeFilter, key_ids

if TYPE_CHECKING:
    from fairstats.engine.against import TextCheck
    from fairstats.engine.audit import Audit
    from fairstats.engine.claims.base import Claim
    from fairstats.model.release import Release
    from fairstats.model.results import Cell

TEXT_SECTION = "Against the text"


def text_rows(audit: Audit, release: Release, keep: ScopeFilter) -> list[dict[str, Cell]]:
    """One row per statement that prints a number, per number of the text no statement prints
    nor is left out, and per number left out that the text does not print. With --scope, the
    statements about the scope alone, and none of the text's other numbers: they are about no
    scope."""
    claims: dict[str, Claim] = {}
    for claim in audit.claims:
        if claim.release is release:
            claims.setdefault(claim.place, claim)
    rows = []
    for check in against_texts(release):
        about = claims.get(check.place)
        keys = about.quantities() if about is not None else ()
        if keep.wanted is None or any(keep.keeps(release, key.scope) for key in keys):
            rows.append(_row(audit, check, about))
    return rows


def _row(audit: Audit, check: TextCheck, claim: Claim | None) -> dict[str, Cell]:
    keys = claim.quantities() if claim is not None else ()
    reported = claim.reported(audit) if claim is not None else None
    if check.statement is not None:
        label = claim.label(audit) if claim is not None else check.place
    elif check.found is not None:
        number = check.found.number
        label = f"{check.source.text}: {check.found.text} (characters {number.start}-{number.end})"
    else:
        printed = check.left_out.printed if check.left_out is not None else ""
        label = f"{check.source.text}: {printed}, left out"
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
