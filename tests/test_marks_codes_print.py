"""An EAN decoded from bars a scan's streak crosses is checked against its printed digits."""

from recognizers.card import Code
from recognizers.checks.checksums import ean_ok
from recognizers.marks.codes_print import settle_by_print
from recognizers.page import Word


def _ean(data: str) -> Code:
    return Code(type="EAN13", data=data, page=1, bbox=[1411, 112, 225, 15])


def test_the_digits_printed_under_the_bars_overrule_a_misdecoded_ean() -> None:
    # Blind seed 10909, act_0027 (poor scan): both pass the check digit; the print is right.
    assert ean_ok("7387436920823") and ean_ok("2395436920823")
    printed = [Word("2395436920823'", 1438, 129, 175, 26, 0.72, 5)]
    (code,) = settle_by_print([_ean("7387436920823")], printed)
    assert code.data == "2395436920823"


def test_printed_digits_that_fail_their_check_or_stand_elsewhere_change_nothing() -> None:
    misread = [Word("2395436920824", 1438, 129, 175, 26, 0.9, 5)]  # one digit off
    assert settle_by_print([_ean("7387436920823")], misread)[0].data == "7387436920823"
    far = [Word("2395436920823", 1438, 600, 175, 26, 0.9, 9)]  # an ОГРН lower on the page
    assert settle_by_print([_ean("7387436920823")], far)[0].data == "7387436920823"
    grouped = [Word("2", 1420, 129, 12, 26, 0.9, 5), Word("395436", 1440, 129, 80, 26, 0.9, 5),
               Word("920823", 1530, 129, 80, 26, 0.9, 5)]  # printed in its three groups
    assert settle_by_print([_ean("7387436920823")], grouped)[0].data == "2395436920823"
