"""Number formatting for people: thousands separators, and big counts that stay readable."""

from __future__ import annotations


def count(n: int) -> str:
    """Format an exact count: ``1234567`` -> ``"1,234,567"``; beyond 10^15, ``"7.2 × 10^19"``."""
    if abs(n) < 10**15:
        return f"{n:,}"
    exponent = len(str(abs(n))) - 1
    mantissa = n / 10**exponent
    return f"{mantissa:.1f} × 10^{exponent}"


def plural(n: int, word: str, plural_word: str | None = None) -> str:
    """``plural(1, "path")`` -> ``"1 path"``; ``plural(3, "path")`` -> ``"3 paths"``."""
    return f"{count(n)} {word if n == 1 else (plural_word or word + 's')}"
