"""Deterministic data for the benchmarks: Turkish firms, persons and phone numbers.

Everything comes from one seeded ``random.Random``, so two runs with the same seed and
sizes build the same data.
"""

import random
import time

FIRST_NAMES = [
    "Ayşe",
    "Mehmet",
    "Fatma",
    "Mustafa",
    "Emine",
    "Ahmet",
    "Hatice",
    "Ali",
    "Zeynep",
    "Hüseyin",
    "Elif",
    "Hasan",
    "Meryem",
    "İbrahim",
    "Şerife",
    "İsmail",
    "Sultan",
    "Osman",
    "Hacer",
    "Yusuf",
]
LAST_NAMES = [
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Yıldız",
    "Yıldırım",
    "Öztürk",
    "Aydın",
    "Özdemir",
    "Arslan",
    "Doğan",
    "Kılıç",
    "Aslan",
    "Çetin",
    "Kara",
    "Koç",
    "Kurt",
    "Özkan",
    "Şimşek",
]
SECTORS = ["Gıda", "Tekstil", "Otomotiv", "İnşaat", "Mobilya", "Makine", "Kimya", "Lojistik"]
CITIES = ["Bursa", "İstanbul", "Kocaeli", "Sakarya", "Samsun", "Trabzon", "Ordu", "Balıkesir"]
SUFFIXES = ["A.Ş.", "Ltd. Şti.", "San. ve Tic. A.Ş.", "Tic. Ltd. Şti."]


def national_number(rng):
    """A Turkish mobile (5xx) or landline (2xx/3xx/4xx) number as 10 digits."""
    if rng.random() < 0.6:
        prefix = rng.choice(["530", "532", "533", "535", "541", "542", "505", "506", "552", "555"])
    else:
        prefix = rng.choice(["224", "212", "216", "262", "264", "362", "462", "452"])
    return prefix + f"{rng.randrange(10**7):07d}"


def formatted(number, style):
    """Write a 10-digit national number the way people type it."""
    a, b, c, d = number[:3], number[3:6], number[6:8], number[8:]
    return {
        "e164": f"+90{number}",
        "intl_spaced": f"+90 {a} {b} {c} {d}",
        "intl_compact": f"+90 {a} {b}{c}{d}",
        "national_spaced": f"0{a} {b} {c} {d}",
        "national_paren": f"0 ({a}) {b}-{c}-{d}",
        "bare": number,
        "national_compact": f"0{number}",
    }[style]


STYLES = ["e164", "intl_spaced", "intl_compact", "national_spaced", "national_paren", "bare", "national_compact"]


def partners(seed, count):
    """``count`` partner value dicts (a third organizations), each with its 10-digit numbers."""
    rng = random.Random(seed)
    rows = []
    used = set()
    for index in range(count):
        is_company = index % 3 == 0
        if is_company:
            name = f"{rng.choice(LAST_NAMES)} {rng.choice(SECTORS)} {rng.choice(SUFFIXES)} {index}"
        else:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {index}"
        numbers = []
        for _ in range(3):
            number = national_number(rng)
            while number in used:
                number = national_number(rng)
            used.add(number)
            numbers.append(number)
        rows.append(
            {
                "name": name,
                "is_company": is_company,
                "city": rng.choice(CITIES),
                "numbers": numbers,
                "styles": [rng.choice(STYLES) for _ in numbers],
            }
        )
    return rows


def best_of(runs, func):
    """Best of ``runs`` timings of ``func()`` (the machine may be shared: the best run is the least
    disturbed)."""
    best = float("inf")
    for _run in range(runs):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best
