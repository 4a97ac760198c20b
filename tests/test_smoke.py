from tests.conftest import run_leidur


def test_help_lists_scan():
    result = run_leidur("--help")
    assert result.returncode == 0
    assert "scan" in result.stdout
