"""Pure parsing of what people type: deadlines as offices write them and unit names.

No database and no Django models here, so the spreadsheet import, the task form, the exchange
import and the meeting room's conclusion reader all share one implementation:

    from chidao.parsing import deadline_parse, unit_match, UnitMatcher

`deadline_parse(text)` → `ParsedDeadline` (or raises `DeadlineParseError` with a Vietnamese
message); `UnitMatcher(units).match(text)` → the candidates; `unit_match(text)` does the same
against the units in the database (the only function here that reads it, lazily).
"""

from .deadlines import DeadlineParseError, ParsedDeadline, deadline_parse
from .units import GroupRecord, UnitMatch, UnitMatcher, UnitRecord, unit_key, unit_list_split, unit_match

__all__ = [
    "DeadlineParseError",
    "GroupRecord",
    "ParsedDeadline",
    "UnitMatch",
    "UnitMatcher",
    "UnitRecord",
    "deadline_parse",
    "unit_key",
    "unit_list_split",
    "unit_match",
]
