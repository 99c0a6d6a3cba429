"""Pure rules of the meeting room (no database)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_OPTIONS = ["Tán thành", "Không tán thành", "Không biểu quyết"]


@dataclass(frozen=True)
class Quorum:
    present: int
    members: int
    threshold_percent: int

    @property
    def percent(self) -> Decimal | None:
        if not self.members:
            return None
        return (Decimal(self.present * 100) / Decimal(self.members)).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def reached(self) -> bool:
        """More than the threshold's share of the invited members checked in (strictly more, as
        "quá bán" means more than half)."""
        return self.members > 0 and self.present * 100 > self.threshold_percent * self.members


def options_clean(options: list[str] | None) -> list[str]:
    """The vote's options: the standard three unless the chair gave others (at least two, distinct)."""
    cleaned: list[str] = []
    for option in options or []:
        option = " ".join(str(option).split())[:100]
        if option and option not in cleaned:
            cleaned.append(option)
    return cleaned or list(DEFAULT_OPTIONS)
