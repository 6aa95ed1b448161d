import pytest
from django.core.exceptions import ValidationError

from companies.siret import clean_naf, clean_siret, naf_section, siren_of


@pytest.mark.parametrize("siret", ["73282932000074", "732 829 320 00074", "35600000000010"])
def test_it_accepts_valid_sirets(siret):
    assert clean_siret(siret) == siret.replace(" ", "")


@pytest.mark.parametrize(
    ("siret", "code"),
    [
        ("7328293200007", "siret_length"),
        ("7328293200007A", "siret_length"),
        ("73282932000075", "siret_checksum"),
        ("", "siret_length"),
    ],
)
def test_it_refuses_bad_sirets(siret, code):
    with pytest.raises(ValidationError) as error:
        clean_siret(siret)
    assert error.value.code == code


def test_the_siren_is_the_first_nine_digits():
    assert siren_of("73282932000074") == "732829320"


def test_naf_codes_are_normalised_and_checked():
    assert clean_naf("2562b") == "25.62B"
    assert naf_section("49.41A")[0] == "H"
    for bad in ("99.99", "04.11Z", "ABC"):  # no division 04
        with pytest.raises(ValidationError):
            clean_naf(bad)
