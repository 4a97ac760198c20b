import pytest

from leidur_lv.personal_code import LatvianPersonalCodeRecognizer, check_digit, is_valid
from scanner.recognizers.testing import RecognizerTester


def make_code(first_ten: str, hyphen: bool = True) -> str:
    code = first_ten + str(check_digit(first_ten))
    return f"{code[:6]}-{code[6:]}" if hyphen else code


def wrong_digit(code: str) -> str:
    return code[:-1] + str((int(code[-1]) + 1) % 10)


OLD = make_code("1203851234")   # born 12 March 1985
NEW = make_code("3212345678")   # issued after July 2017, no date
TESTER = RecognizerTester([LatvianPersonalCodeRecognizer()])


@pytest.mark.parametrize(
    "text, should_flag",
    [
        (f"Klients {OLD}", True),
        (f"Personas kods: {NEW}", True),
        (f"personas kods {OLD.replace('-', '')}", True),   # bare digits, with context
        (f"Pasūtījums {OLD.replace('-', '')}", False),     # bare digits, no context
        (f"Klients {wrong_digit(OLD)}", False),            # wrong check digit
        (f"Klients {make_code('3102851234')}", False),     # 31 February
        ("isikukood 38001085718", False),                  # an Estonian code is not Latvian
    ],
)
def test_latvian_personal_code(text, should_flag):
    assert TESTER.flags(text, "LV_PERSONAL_CODE") == should_flag


def test_check_digit_agrees_with_python_stdnum():
    from stdnum.lv import pvn

    for first_ten in ("1203851234", "0101001000", "3212345678", "2912001999"):
        code = make_code(first_ten, hyphen=False)
        assert is_valid(code) == pvn.is_valid(code)
        assert not is_valid(wrong_digit(code))
