"""What bench clients write: ordinary requests, and emergencies that triage must catch: the
certain tier (full first aid) and the possible tier (the short safety message), alternately."""

from __future__ import annotations

ORDINARY = (
    "Привіт, де можна здати тест на ВІЛ у Львові?",
    "Підкажіть, як потрапити на програму замісної терапії в Польщі",
    "Здравствуйте, где получить метадон в Киеве, если я переехал?",
    "Hi, I need help finding a doctor for hepatitis C treatment in Berlin",
    "Мене зупинила поліція, що мені робити з документами?",
    "Где можно получить гуманитарную помощь и жильё в Днепре?",
    "Хочу поговорити з кимось, дуже важко останні дні",
    "Is there a needle exchange near the central station?",
)

EMERGENCY = (
    "мій друг не дихає, губи сині",
    "друг не дышит, губы синие, что делать",
    "my friend is not breathing and his lips are blue",
)


# Written for the bench (not from the development sets): emergencies told only through what
# the writer sees, which the lexicons miss and the learned model flags as possible.
POSSIBLE = (
    "сусід лежить у під'їзді вже годину, не ворушиться",
    "мой парень уснул после вечеринки и очень странно храпит",
    "he took a lot of his sleeping pills and says hes just tired",
)


def tier(text: str) -> str:
    return "possible" if text in POSSIBLE else "certain"


def ordinary(index: int) -> str:
    return ORDINARY[index % len(ORDINARY)]


def emergency(index: int) -> str:
    if index % 2:
        return POSSIBLE[index // 2 % len(POSSIBLE)]
    return EMERGENCY[index // 2 % len(EMERGENCY)]
