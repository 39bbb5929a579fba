"""An identifier whose string is gone can still leave a telling part behind: the evaluation's
"whole" column counts those as not removed (evaluate_leftovers)."""

from __future__ import annotations

from peerline_shared.privacy.evaluate_leftovers import leftovers


def test_a_local_part_left_before_the_placeholder_is_a_leftover() -> None:
    text = "почта timur точка alimov собака mail точка ru, пишите"
    item = "timur точка alimov собака mail точка ru"
    assert leftovers(text, "почта timur точка [email], пишите", (item,)) == {item: ["timur"]}
    assert leftovers(text, "почта [email], пишите", (item,)) == {}


def test_a_postcode_left_after_the_address_is_a_leftover_but_the_town_is_not() -> None:
    text = "currently at 14 Gardiner Place, Dublin 1, D01 K7P3. He needs"
    item = "14 Gardiner Place, Dublin 1, D01 K7P3"
    left = leftovers(text, "currently at [address], Dublin 1, D01 K7P3. He needs", (item,))
    assert left == {item: ["1", "D01", "K7P3"]}, "Dublin is a town of the place list: it says where"


def test_frame_words_left_around_a_placeholder_are_not_leftovers() -> None:
    text = "my tenancy was at Apt 12, Clonard Court, Dundalk. RTB"
    item = "Apt 12, Clonard Court, Dundalk"
    assert leftovers(text, "my tenancy was at Apt [address]. RTB", (item,)) == {}


def test_a_placeholder_does_not_align_with_the_identifier_it_replaced() -> None:
    text = "Adresse Dressler 5"
    assert leftovers(text, "[address]", ("Adresse Dressler 5",)) == {}


def test_an_identifier_still_there_whole_is_a_miss_not_a_leftover() -> None:
    text = "call 0671234567 now"
    assert leftovers(text, text, ("0671234567",)) == {}


def test_a_digit_glued_to_a_placeholder_is_a_leftover() -> None:
    text = "FİN kodum 5HJ8K2P, telefon"
    assert leftovers(text, "FİN kodum 5HJ8K2[name], telefon", ("5HJ8K2P",)) == {"5HJ8K2P": ["5HJ8K2"]}
