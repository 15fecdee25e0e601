"""The CLI contract: `maklumat ikm compute --input FILE.csv [--population N]`."""

import json
import subprocess
import sys

HEADER = "nama,u1,u2,u3,u4,u5,u6,u7,u8,u9,catatan\n"


def run_cli(tmp_path, text: str, *extra: str) -> subprocess.CompletedProcess:
    path = tmp_path / "jawaban.csv"
    path.write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "maklumat", "ikm", "compute", "--input", str(path), *extra],
                          capture_output=True, text=True, timeout=60)


def test_good_file_prints_one_json_object_with_the_index(tmp_path):
    # given three paper surveys, with extra columns that are ignored
    text = HEADER + "A,3,3,2,4,3,3,4,3,2,x\nB,4,3,3,4,3,4,4,3,3,\nC,3,2,3,4,4,3,4,2,3,y\n"
    # when computed with a population of 1,000 served
    done = run_cli(tmp_path, text, "--population", "1000")
    # then stdout holds exactly the contract's object
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "respondents": 3,
        "nrr": {"u1": 3.333, "u2": 2.667, "u3": 2.667, "u4": 4.0, "u5": 3.333, "u6": 3.333, "u7": 4.0,
                "u8": 2.667, "u9": 2.667},
        "ikm": 3.1852,
        "ikm_converted": 79.63,
        "grade": "B",
        "label": "Baik",
        "sample_needed": 278,
    }
    assert done.stdout.count("\n") == 1 and done.stderr == ""


def test_without_population_the_sample_is_null(tmp_path):
    done = run_cli(tmp_path, "u1,u2,u3,u4,u5,u6,u7,u8,u9\n" + "4,4,4,4,4,4,4,4,4\n")
    assert done.returncode == 0
    out = json.loads(done.stdout)
    assert (out["sample_needed"], out["grade"], out["label"], out["ikm_converted"]) == (None, "A", "Sangat Baik",
                                                                                      100.0)


def test_every_bad_row_is_reported_and_nothing_is_printed(tmp_path):
    # given a value outside 1–4, an empty cell and a non-number, on rows 3 and 5
    text = HEADER + "A,3,3,3,3,3,3,3,3,3,\nB,5,3,3,3,3,3,3,3,0,\nC,4,4,4,4,4,4,4,4,4,\nD,3,,3,3,3,3,3,3,x,\n"
    done = run_cli(tmp_path, text)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "row 3: u1: 5 is outside 1–4",
        "row 3: u9: 0 is outside 1–4",
        "row 5: u2: empty, expected a whole number 1–4",
        "row 5: u9: 'x' is not a whole number 1–4",
    ]


def test_missing_column_is_reported(tmp_path):
    done = run_cli(tmp_path, "u1,u2,u3,u4,u5,u6,u7,u9\n1,2,3,4,1,2,3,4\n")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", "row 1: u8: missing column\n")


def test_empty_file_and_header_only_are_refused(tmp_path):
    empty = run_cli(tmp_path, "")
    assert (empty.returncode, empty.stdout) == (2, "")
    assert empty.stderr == "row 1: header: empty file, expected a header with columns u1…u9\n"
    header_only = run_cli(tmp_path, "u1,u2,u3,u4,u5,u6,u7,u8,u9\n")
    assert (header_only.returncode, header_only.stderr) == (2, "row 2: u1…u9: no responses below the header\n")


def test_semicolon_spreadsheet_export_with_bom_and_upper_case_header_is_read(tmp_path):
    done = run_cli(tmp_path, "\ufeffNo;U1;U2;U3;U4;U5;U6;U7;U8;U9\r\n1;2;2;2;2;2;2;2;2;2\r\n", "--population", "50")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["ikm"], out["ikm_converted"], out["grade"], out["sample_needed"]) == (2.0, 50.0, "D", 44)


def test_negative_population_is_bad_input(tmp_path):
    done = run_cli(tmp_path, "u1,u2,u3,u4,u5,u6,u7,u8,u9\n4,4,4,4,4,4,4,4,4\n", "--population", "-5")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "population: -5 is negative, expected 0 or more\n"
