"""Sorting Vietnamese text in alphabet order (a ă â b c d đ e ê … o ô ơ … u ư …).

Plain code-point order puts "Đắk Lắk" after "Yên Bái" and "các" after "Khu"; this key compares
base letters first, then the letter modifiers (ă, â, ơ, ư, đ), then the tones.
"""

import unicodedata

# Tones, in dictionary order after the level tone: huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Letter modifiers: breve (ă), circumflex (â ê ô), horn (ơ ư).
_MODIFIERS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}


def sorted_by_province(units):
    """Member units in Vietnamese alphabet order of province, then name."""
    return sorted(
        units, key=lambda unit: (vietnamese_sort_key(unit.province), vietnamese_sort_key(unit.name))
    )


def vietnamese_sort_key(text: str) -> tuple[tuple, tuple]:
    letters: list[tuple[str, int]] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", text.casefold()):
        if char in _TONES and tones:
            tones[-1] = _TONES[char]
        elif char in _MODIFIERS and letters:
            letters[-1] = (letters[-1][0], _MODIFIERS[char])
        elif char == "đ":
            letters.append(("d", 9))
            tones.append(0)
        else:
            letters.append((char, 0))
            tones.append(0)
    return tuple(letters), tuple(tones)
