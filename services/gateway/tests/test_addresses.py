"""Client addresses as a keyed hash that changes daily, counted in memory only."""

from __future__ import annotations

from datetime import date

from peerline_gateway.addresses import AddressKeys, LocalWindowLimit

ADDRESS = "198.51.100.23"


class Calendar:
    def __init__(self) -> None:
        self.day = date(2026, 12, 3)

    def __call__(self) -> date:
        return self.day


def test_an_address_gives_one_key_a_day_and_never_shows_in_it() -> None:
    calendar = Calendar()
    keys = AddressKeys(b"secret-one", calendar)
    today = keys.key(ADDRESS)
    assert keys.key(ADDRESS) == today  # limits count the same address within a day
    assert AddressKeys(b"secret-one", calendar).key(ADDRESS) == today  # in every process
    assert ADDRESS not in today and len(today) == 32
    assert keys.key("198.51.100.24") != today
    calendar.day = date(2026, 12, 4)
    assert keys.key(ADDRESS) != today  # yesterday's key does not link to today's


def test_without_the_secret_the_key_cannot_be_recomputed() -> None:
    calendar = Calendar()
    one, two = AddressKeys(b"secret-one", calendar), AddressKeys(b"secret-two", calendar)
    assert one.key(ADDRESS) != two.key(ADDRESS)


def test_the_window_limit_counts_every_use_and_starts_again_next_window() -> None:
    now = [1000.0]
    limit = LocalWindowLimit(per_window=3, window_seconds=60, clock=lambda: now[0])
    assert [limit.allow("a") for _ in range(5)] == [True, True, True, False, False]
    assert limit.allow("b")  # another address has its own count
    now[0] += 60
    assert limit.allow("a")
