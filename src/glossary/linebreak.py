"""Where GNU gettext breaks a long PO string: UAX #14 line breaking as its libunistring does it.

`msgcat`, `msgmerge` and the editors that follow them wrap strings with libunistring's
`ulc_width_linebreaks`: the pair-table form of the Unicode line breaking algorithm (UAX #14,
table 7.3, with gnulib's adjustments) and a greedy fill to the page width. A catalog written
with the same break opportunities and the same fill is byte for byte what those tools write,
so a save in Poedit or a run of `msgcat` changes nothing.

The line break classes are those of the characters translators use (Latin, Hebrew, general
punctuation, CJK); other scripts fall back on their general category, which matches
libunistring for letters, digits, marks and brackets.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata

CLASSES = "WJ GL B2 BA BB HY CL CP EX IN NS OP QU IS NU PO PR SY AL H2 H3 ID JL JV JT HL RI ZWJ EB EM".split()  # noqa: SIM905
_INDEX = {name: i for i, name in enumerate(CLASSES)}

# The pair table: row = class before, column = class after. D: a break is allowed, I: only
# with spaces between, P: never. (gnulib's table: UAX #14 with IS x AL allowed, so that a
# sentence end before markup such as "</p>" can break.)
_TABLE = (
    "PIIIIIPPPIIIIPIIIPIIIIIIIIIIII",  # WJ
    "PIIIIIPPPIIIIPIIIPIIIIIIIIIIII",  # GL
    "PIPIDIPPPIIDIPDDDPDDDDDDDDDIDD",  # B2
    "PDDIDIPPPIIDIPDDDPDDDDDDDDDIDD",  # BA
    "PIIIIIPPPIIIIPIIIPIIIIIIIIIIII",  # BB
    "PDDIDIPPPIIDIPIDDPDDDDDDDDDIDD",  # HY
    "PIDIDIPPPIPDIPDIIPDDDDDDDDDIDD",  # CL
    "PIDIDIPPPIIDIPIIIPIDDDDDDIDIDD",  # CP
    "PIDIDIPPPIIDIPDDDPDDDDDDDDDIDD",  # EX
    "PIDIDIPPPIIDIPDDDPDDDDDDDDDIDD",  # IN
    "PIDIDIPPPIIDIPDDDPDDDDDDDDDIDD",  # NS
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPIPP",  # OP
    "PIIIIIPPPIIPIPIIIPIIIIIIIIIIII",  # QU
    "PIDIDIPPPIIDIPIDDPDDDDDDDDDIDD",  # IS
    "PIDIDIPPPIIIIPIIIPIDDDDDDIDIDD",  # NU
    "PIDIDIPPPIIIIPIDDPIDDDDDDIDIDD",  # PO
    "PIDIDIPPPIIIIPIDDPIIIIIIIIDIII",  # PR
    "PIDIDIPPPIIDIPIDDPDDDDDDDIDIDD",  # SY
    "PIDIDIPPPIIIIPIIIPIDDDDDDIDIDD",  # AL
    "PIDIDIPPPIIDIPDIDPDDDDDIIDDIDD",  # H2
    "PIDIDIPPPIIDIPDIDPDDDDDDIDDIDD",  # H3
    "PIDIDIPPPIIDIPDIDPDDDDDDDDDIDD",  # ID
    "PIDIDIPPPIIDIPDIDPDIIDIIDDDIDD",  # JL
    "PIDIDIPPPIIDIPDIDPDDDDDIIDDIDD",  # JV
    "PIDIDIPPPIIDIPDIDPDDDDDDIDDIDD",  # JT
    "PIDIDIPPPIIIIPIIIPIDDDDDDIDIDD",  # HL
    "PIDIDIPPPIIDIPDDDPDDDDDDDDIIDD",  # RI
    "PIIIIIPPPIIIIPIIIPIIIIIIIIIIII",  # ZWJ
    "PIDIDIPPPIIDIPDIDPDDDDDDDDDIDI",  # EB
    "PIDIDIPPPIIDIPDIDPDDDDDDDDDIDD",  # EM
)

_ASCII = {
    "\t": "BA", " ": "SP", "!": "EX", '"': "QU", "$": "PR", "%": "PO", "'": "QU", "(": "OP",
    ")": "CP", "+": "PR", ",": "IS", "-": "HY", ".": "IS", "/": "SY", ":": "IS", ";": "IS",
    "?": "EX", "[": "OP", "\\": "PR", "]": "CP", "{": "OP", "|": "BA", "}": "CL",
}  # fmt: skip
_LATIN1 = {
    0xA0: "GL", 0xA1: "OP", 0xA2: "PO", 0xA3: "PR", 0xA4: "PR", 0xA5: "PR", 0xAB: "QU",
    0xAD: "BA", 0xB0: "PO", 0xB1: "PR", 0xB4: "BB", 0xBB: "QU", 0xBF: "OP",
}  # fmt: skip
_PUNCTUATION = {  # U+2000..U+206F
    0x2007: "GL", 0x200B: "ZW", 0x200C: "CM", 0x200D: "ZWJ", 0x200E: "CM", 0x200F: "CM",
    0x2010: "BA", 0x2011: "GL", 0x2012: "BA", 0x2013: "BA", 0x2014: "B2", 0x2018: "QU",
    0x2019: "QU", 0x201A: "OP", 0x201B: "QU", 0x201C: "QU", 0x201D: "QU", 0x201E: "OP",
    0x201F: "QU", 0x2024: "IN", 0x2025: "IN", 0x2026: "IN", 0x2027: "BA", 0x2028: "BK",
    0x2029: "BK", 0x202F: "GL", 0x2030: "PO", 0x2031: "PO", 0x2032: "PO", 0x2033: "PO",
    0x2034: "PO", 0x2035: "PO", 0x2036: "PO", 0x2037: "PO", 0x2039: "QU", 0x203A: "QU",
    0x203C: "NS", 0x203D: "NS", 0x2044: "IS", 0x2045: "OP", 0x2046: "CL", 0x2047: "NS",
    0x2048: "NS", 0x2049: "NS", 0x2056: "BA", 0x2058: "BA", 0x2059: "BA", 0x205A: "BA",
    0x205B: "BA", 0x205D: "BA", 0x205E: "BA", 0x205F: "BA", 0x2060: "WJ",
}  # fmt: skip
_HEBREW_NON_LETTERS = {0x05BE: "BA", 0x05C0: "AL", 0x05C3: "AL", 0x05C6: "EX", 0x05F3: "AL", 0x05F4: "AL"}
_FULLWIDTH = {
    0x3001: "CL",
    0x3002: "CL",
    0xFF01: "EX",
    0xFF0C: "CL",
    0xFF0E: "CL",
    0xFF1A: "NS",
    0xFF1B: "NS",
    0xFF1F: "EX",
}
# Characters below U+3000 outside ASCII, Latin-1, Hebrew and general punctuation whose class
# their general category does not give, as ranges (first, last, class); read off libunistring
# 1.0's own breaks.
_RANGES = (
    (0x02C8, 0x02C8, "BB"),
    (0x02CC, 0x02CC, "BB"),
    (0x02DF, 0x02DF, "BB"),
    (0x034F, 0x034F, "GL"),
    (0x035C, 0x0362, "GL"),
    (0x037E, 0x037E, "IS"),
    (0x0589, 0x0589, "IS"),
    (0x058A, 0x058A, "BA"),
    (0x058F, 0x058F, "PR"),
    (0x0609, 0x060B, "PO"),
    (0x060C, 0x060D, "IS"),
    (0x061B, 0x061B, "EX"),
    (0x061C, 0x061C, "CM"),
    (0x061D, 0x061F, "EX"),
    (0x066A, 0x066A, "PO"),
    (0x066B, 0x066C, "NU"),
    (0x06D4, 0x06D4, "EX"),
    (0x07F8, 0x07F8, "IS"),
    (0x07F9, 0x07F9, "EX"),
    (0x07FE, 0x07FF, "PR"),
    (0x0964, 0x0965, "BA"),
    (0x09F2, 0x09F3, "PO"),
    (0x09F9, 0x09F9, "PO"),
    (0x09FB, 0x09FB, "PR"),
    (0x0AF1, 0x0AF1, "PR"),
    (0x0BF9, 0x0BF9, "PR"),
    (0x0C77, 0x0C77, "BB"),
    (0x0C84, 0x0C84, "BB"),
    (0x0D79, 0x0D79, "PO"),
    (0x0E31, 0x0E31, "AL"),
    (0x0E34, 0x0E3A, "AL"),
    (0x0E3F, 0x0E3F, "PR"),
    (0x0E47, 0x0E4E, "AL"),
    (0x0E5A, 0x0E5B, "BA"),
    (0x0EB1, 0x0EB1, "AL"),
    (0x0EB4, 0x0EBC, "AL"),
    (0x0EC8, 0x0ECD, "AL"),
    (0x0F01, 0x0F04, "BB"),
    (0x0F06, 0x0F07, "BB"),
    (0x0F08, 0x0F08, "GL"),
    (0x0F09, 0x0F0A, "BB"),
    (0x0F0B, 0x0F0B, "BA"),
    (0x0F0C, 0x0F0C, "GL"),
    (0x0F0D, 0x0F11, "EX"),
    (0x0F12, 0x0F12, "GL"),
    (0x0F14, 0x0F14, "EX"),
    (0x0F34, 0x0F34, "BA"),
    (0x0F7F, 0x0F7F, "BA"),
    (0x0F85, 0x0F85, "BA"),
    (0x0FBE, 0x0FBF, "BA"),
    (0x0FD0, 0x0FD1, "BB"),
    (0x0FD2, 0x0FD2, "BA"),
    (0x0FD3, 0x0FD3, "BB"),
    (0x0FD9, 0x0FDA, "GL"),
    (0x102B, 0x103E, "AL"),
    (0x104A, 0x104B, "BA"),
    (0x1056, 0x1059, "AL"),
    (0x105E, 0x1060, "AL"),
    (0x1062, 0x1064, "AL"),
    (0x1067, 0x106D, "AL"),
    (0x1071, 0x1074, "AL"),
    (0x1082, 0x108D, "AL"),
    (0x108F, 0x108F, "AL"),
    (0x109A, 0x109D, "AL"),
    (0x1160, 0x11FF, "ID"),
    (0x1361, 0x1361, "BA"),
    (0x1400, 0x1400, "BA"),
    (0x16EB, 0x16ED, "BA"),
    (0x1735, 0x1736, "BA"),
    (0x17B4, 0x17D3, "AL"),
    (0x17D4, 0x17D5, "BA"),
    (0x17D6, 0x17D6, "NS"),
    (0x17D8, 0x17D8, "BA"),
    (0x17DA, 0x17DA, "BA"),
    (0x17DB, 0x17DB, "PR"),
    (0x17DD, 0x17DD, "AL"),
    (0x1802, 0x1803, "EX"),
    (0x1804, 0x1805, "BA"),
    (0x1806, 0x1806, "BB"),
    (0x1808, 0x1809, "EX"),
    (0x180E, 0x180E, "GL"),
    (0x1944, 0x1945, "EX"),
    (0x1A55, 0x1A5E, "AL"),
    (0x1A60, 0x1A7C, "AL"),
    (0x1B5A, 0x1B5B, "BA"),
    (0x1B5D, 0x1B60, "BA"),
    (0x1B7D, 0x1B7E, "BA"),
    (0x1C3B, 0x1C3F, "BA"),
    (0x1C7E, 0x1C7F, "BA"),
    (0x1FFD, 0x1FFD, "BB"),
    (0x20A0, 0x20A6, "PR"),
    (0x20A7, 0x20A7, "PO"),
    (0x20A8, 0x20B5, "PR"),
    (0x20B6, 0x20B6, "PO"),
    (0x20B7, 0x20BA, "PR"),
    (0x20BB, 0x20BB, "PO"),
    (0x20BC, 0x20BD, "PR"),
    (0x20BE, 0x20BE, "PO"),
    (0x20BF, 0x20BF, "PR"),
    (0x20C0, 0x20C0, "PO"),
    (0x2103, 0x2103, "PO"),
    (0x2109, 0x2109, "PO"),
    (0x2116, 0x2116, "PR"),
    (0x2212, 0x2213, "PR"),
    (0x22EF, 0x22EF, "IN"),
    (0x23E9, 0x23EC, "AL"),
    (0x23F1, 0x23F2, "ID"),
    (0x25FD, 0x25FE, "AL"),
    (0x2600, 0x2603, "ID"),
    (0x2618, 0x2618, "ID"),
    (0x261A, 0x261F, "ID"),
    (0x2639, 0x263B, "ID"),
    (0x2648, 0x2653, "AL"),
    (0x2668, 0x2668, "ID"),
    (0x2693, 0x2693, "AL"),
    (0x26A1, 0x26A1, "AL"),
    (0x26AA, 0x26AB, "AL"),
    (0x26BF, 0x26C3, "ID"),
    (0x26C6, 0x26C8, "ID"),
    (0x26CD, 0x26CD, "ID"),
    (0x26CE, 0x26CE, "AL"),
    (0x26CF, 0x26D1, "ID"),
    (0x26D3, 0x26D3, "ID"),
    (0x26D8, 0x26D9, "ID"),
    (0x26DC, 0x26DC, "ID"),
    (0x26DF, 0x26E1, "ID"),
    (0x26F1, 0x26F1, "ID"),
    (0x26F4, 0x26F4, "ID"),
    (0x26F7, 0x26F9, "ID"),
    (0x26FE, 0x2704, "ID"),
    (0x2705, 0x2705, "AL"),
    (0x2708, 0x2709, "ID"),
    (0x270C, 0x270D, "ID"),
    (0x2728, 0x2728, "AL"),
    (0x274C, 0x274C, "AL"),
    (0x274E, 0x274E, "AL"),
    (0x2753, 0x2755, "AL"),
    (0x2757, 0x2757, "AL"),
    (0x275B, 0x2760, "QU"),
    (0x2762, 0x2763, "EX"),
    (0x2764, 0x2764, "ID"),
    (0x2795, 0x2797, "AL"),
    (0x27B0, 0x27B0, "AL"),
    (0x27BF, 0x27BF, "AL"),
    (0x2B1B, 0x2B1C, "AL"),
    (0x2B50, 0x2B50, "AL"),
    (0x2B55, 0x2B55, "AL"),
    (0x2CF9, 0x2CF9, "EX"),
    (0x2CFA, 0x2CFC, "BA"),
    (0x2CFE, 0x2CFE, "EX"),
    (0x2CFF, 0x2CFF, "BA"),
    (0x2D70, 0x2D70, "BA"),
    (0x2E00, 0x2E01, "QU"),
    (0x2E06, 0x2E08, "QU"),
    (0x2E0B, 0x2E0B, "QU"),
    (0x2E0E, 0x2E15, "BA"),
    (0x2E17, 0x2E17, "BA"),
    (0x2E18, 0x2E18, "OP"),
    (0x2E19, 0x2E19, "BA"),
    (0x2E2A, 0x2E2D, "BA"),
    (0x2E2E, 0x2E2E, "EX"),
    (0x2E30, 0x2E31, "BA"),
    (0x2E33, 0x2E34, "BA"),
    (0x2E3A, 0x2E3B, "B2"),
    (0x2E3C, 0x2E3E, "BA"),
    (0x2E40, 0x2E41, "BA"),
    (0x2E43, 0x2E4A, "BA"),
    (0x2E4C, 0x2E4C, "BA"),
    (0x2E4E, 0x2E4F, "BA"),
    (0x2E53, 0x2E54, "EX"),
    (0x2E5D, 0x2E5D, "BA"),
)
_BY_CATEGORY = {
    "Mn": "CM",
    "Mc": "CM",
    "Me": "CM",
    "Nd": "NU",
    "Ps": "OP",
    "Pe": "CL",
    "Pi": "QU",
    "Pf": "QU",
}
_STARTS = [first for first, _, _ in _RANGES]


@functools.lru_cache(maxsize=4096)
def line_break_class(ch: str) -> str:
    """The UAX #14 class of a character as libunistring resolves it for UTF-8 text."""
    code = ord(ch)
    if code < 0x80:
        if ch in _ASCII:
            return _ASCII[ch]
        if ch in "\n\r\x0b\x0c":
            return "BK"
        if code < 0x20 or code == 0x7F:
            return "CM"
        return "NU" if ch.isdigit() else "AL"
    if code < 0x100:
        if 0x80 <= code < 0xA0:
            return "BK" if code == 0x85 else "CM"
        return _LATIN1.get(code, "AL")
    if 0x2000 <= code <= 0x206F:
        if code in _PUNCTUATION:
            return _PUNCTUATION[code]
        if code <= 0x200A:
            return "BA"
        if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x206F:
            return "CM"
        return "AL"
    if 0x0590 <= code <= 0x05FF:
        if code in _HEBREW_NON_LETTERS:
            return _HEBREW_NON_LETTERS[code]
        return "HL" if unicodedata.category(ch) == "Lo" else "CM"
    if code < 0x3000:
        at = bisect.bisect_right(_STARTS, code) - 1
        if at >= 0 and code <= _RANGES[at][1]:
            return _RANGES[at][2]
    if code in _FULLWIDTH:
        return _FULLWIDTH[code]
    if 0x1F1E6 <= code <= 0x1F1FF:
        return "RI"
    category = unicodedata.category(ch)
    if category in _BY_CATEGORY:
        return _BY_CATEGORY[category]
    if category == "Zs":
        return "BA"
    if unicodedata.east_asian_width(ch) in "WF":
        return "ID"
    return "AL"


@functools.lru_cache(maxsize=4096)
def column_width(ch: str) -> int:
    """Columns a character takes, as libunistring's uc_width counts them (controls count 0)."""
    code = ord(ch)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return 0
    if unicodedata.category(ch) in ("Mn", "Me", "Cf") or 0x1160 <= code <= 0x11FF or code == 0x200B:
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


PROHIBITED, POSSIBLE, MANDATORY = 0, 1, 2


def possible_breaks(text: str) -> list[int]:
    """For each character, whether a line may break just before it (UAX #14, pair table)."""
    out = [PROHIBITED] * len(text)
    last = "BK"  # the class of the last character that was not a space
    wide = False  # whether the last character was East Asian wide (for LB30)
    spaces = False  # whether spaces came since then
    after_zwj = False
    previous = "BK"  # the class of the character just before, marks included
    hebrew_hyphen = False  # LB21a: the last character was a hyphen right after a Hebrew letter
    for i, ch in enumerate(text):
        cls = line_break_class(ch)
        joined, after_zwj = after_zwj, cls == "ZWJ"
        just_before, previous = previous, cls
        if cls == "BK":
            out[i] = MANDATORY
            last, spaces, hebrew_hyphen = "BK", False, False
            continue
        if cls == "SP":
            spaces, hebrew_hyphen = True, False
            continue
        if cls == "ZW":
            last, spaces, hebrew_hyphen = "ZW", False, False
            continue
        if cls in ("CM", "ZWJ") and last not in ("BK", "ZW") and not spaces:
            hebrew_hyphen = False  # X CM* is X, though no longer a bare hyphen
            continue
        if cls in ("CM", "ZWJ"):  # a mark on its own (at the start, after spaces) is a letter (LB10)
            out[i] = POSSIBLE if last != "BK" else PROHIBITED
            last, spaces, hebrew_hyphen = "AL", False, False
            continue
        is_wide = unicodedata.east_asian_width(ch) in "WFH"
        out[i] = _pair(last, cls, spaces)
        if not spaces and hebrew_hyphen:
            out[i] = PROHIBITED  # LB21a: no break after a Hebrew word's hyphen
        hebrew_hyphen = cls in ("HY", "BA") and just_before == "HL"
        if not spaces and cls == "OP" and is_wide and last in ("AL", "HL", "NU"):
            out[i] = POSSIBLE  # LB30 holds only for non-East-Asian brackets
        if not spaces and last == "CP" and wide and cls in ("AL", "HL", "NU"):
            out[i] = POSSIBLE
        if joined:
            out[i] = PROHIBITED  # LB8a: never after a zero width joiner
        last, wide, spaces = cls, is_wide, False
    return out


def _pair(before: str, after: str, seen_space: bool) -> int:
    if before == "BK":
        return PROHIBITED
    if before == "ZW":
        return POSSIBLE
    rule = _TABLE[_INDEX[before]][_INDEX[after]]
    if rule == "D" or (rule == "I" and seen_space):
        return POSSIBLE
    return PROHIBITED


def fill(text: str, width: int, start: int, overrides: dict[int, int]) -> list[int]:
    """The indexes where a greedy fill to `width` columns breaks text, starting at column `start`.

    overrides forces (or forbids) a break before some characters, as gettext does inside
    escape sequences and format directives.
    """
    breaks = possible_breaks(text)
    out: list[int] = []
    last_at: int | None = None
    column, piece = start, 0
    for i, ch in enumerate(text):
        state = overrides.get(i, breaks[i])
        if state != PROHIBITED and last_at is not None and column + piece > width:
            out.append(last_at)
            column = 0
        if state == MANDATORY:
            last_at, column, piece = None, 0, 0
            continue
        if state == POSSIBLE:
            last_at = i
            column += piece
            piece = 0
        piece += column_width(ch)
    if last_at is not None and column + piece > width:
        out.append(last_at)
    return out
