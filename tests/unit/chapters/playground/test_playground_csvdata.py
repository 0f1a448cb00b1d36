"""CSV import of the visitor's data: good, messy and hostile input; standardisation; export with split."""

import re
import statistics

import numpy as np
import pytest

from nnviz.chapters.playground import csvdata
from nnviz.chapters.playground.csvdata import CsvError, Standardisation, parse, to_csv

GOOD = "x1,x2,label\n1.5,2,cat\n-3,0.5,dog\n0,1,cat\n2,2,bird\n"


def test_good_file_with_word_labels():
    t = parse(GOOD)
    np.testing.assert_array_equal(t.points, [[1.5, 2], [-3, 0.5], [0, 1], [2, 2]])
    assert t.kind == "classification" and t.class_names == ("bird", "cat", "dog")
    np.testing.assert_array_equal(t.labels, [1, 2, 1, 0])
    assert t.values is None and t.classes == 3 and len(t) == 4 and t.split is None
    assert t.columns == ("x1", "x2", "label")
    np.testing.assert_array_equal(t.target, t.labels)


def test_messy_file_reads_the_same_as_the_clean_one():
    messy = (
        "\ufeff x1 ; x2 ; label \r\n\r\n"
        '"1,5"; 2 ;"cat"\r\n'
        "  -3 ;0,5; dog;\r\n"
        "\r\n   \r\n"
        "0;'1';cat\r\n"
        "2;2.0;bird\r\n"
    )
    t = parse(messy)
    ref = parse(GOOD)
    np.testing.assert_array_equal(t.points, ref.points)
    np.testing.assert_array_equal(t.labels, ref.labels)
    assert t.class_names == ref.class_names
    tabs = parse("1.5\t2\tcat\n-3\t0.5\tdog\n0\t1\tcat\n2\t2\tbird\n".encode("utf-8-sig"))
    np.testing.assert_array_equal(tabs.points, ref.points)
    assert parse(GOOD.replace("\n", "\r")).class_names == ref.class_names


def test_header_is_optional_and_numeric_labels_sort_numerically():
    t = parse("1,1,1\n2,2,-1\n3,3,+1\n4,4,-1.0\n5,5,10\n")
    assert t.class_names == ("-1", "1", "10") and t.kind == "classification"
    np.testing.assert_array_equal(t.labels, [1, 0, 1, 0, 2])


def test_regression_from_the_header_name_or_from_the_data():
    t = parse("x1,x2,y\n0,0,0\n1,0,1\n0,1,1\n1,1,0\n")
    assert t.kind == "regression" and t.labels is None and t.class_names == ()
    np.testing.assert_array_equal(t.values, [0, 1, 1, 0])
    t = parse("0,0,0.25\n1,0,1.5\n0,1,2\n1,1,-7e3\n")
    assert t.kind == "regression"
    np.testing.assert_array_equal(t.values, [0.25, 1.5, 2, -7000])
    assert parse("0,0,0.25\n1,0,1.5\n0,1,2\n1,1,3\n", kind="classification").classes == 4
    assert parse("a,b,label\n0,0,1\n1,0,2\n0,1,3\n1,1,4\n").kind == "classification"
    with pytest.raises(CsvError, match="name it y in a header row"):
        parse("x1,x2,label\n" + "".join(f"{i},0,{i * 1.5}\n" for i in range(8)))


def test_row_level_errors_name_the_line_and_the_entry():
    text = "x1,x2,label\n" + "1,2,a\n" * 15 + "1,abc,a\n" + "1,2,b\n"
    with pytest.raises(CsvError) as err:
        parse(text)
    assert str(err.value) == "row 17: 'abc' is not a number"
    with pytest.raises(CsvError) as err:
        parse("x,y,label\n1,2,a\n\n3,nan,b\n4,inf,a\n5,6\n1,2,\n")
    assert err.value.errors == [
        "row 4: 'nan' is not a finite number",
        "row 5: 'inf' is not a finite number",
        "row 6: expected 3 values (x1, x2, label), found 2",
        "row 7: expected 3 values (x1, x2, label), found 2",
    ]
    with pytest.raises(CsvError, match=re.escape("row 3: 'big' is not a number (the y column")):
        parse("x1,x2,y\n1,2,3\n1,2,big\n1,2,3\n4,5,6\n")


def test_many_bad_rows_are_listed_up_to_a_limit():
    with pytest.raises(CsvError) as err:
        parse("".join(f"{i},x,a\n" for i in range(40)))
    assert len(err.value.errors) == csvdata.MAX_ERRORS + 1
    assert err.value.errors[-1] == "… and 30 more rows with problems"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "there is no data"),
        ("\n \n", "there is no data"),
        ("1\n2\n3\n4\n", "row 1: expected 3 values (x1, x2, label), found 1"),
        ("x1\n1\n2\n3\n4\n", "row 1: expected 3 values"),
        ("1,2,a,b,c\n1,2,a,b,c\n1,2,a,b,c\n1,2,a,b,c\n", "expected 3 values"),
        ("a,b,c,d,e\n1,2,3\n", "the header has 5 columns"),
        ("1,2,a\n2,3,b\n", "there are 2 data rows; at least 4"),
        ("1,2,a\n2,3,a\n3,4,a\n5,6,a\n", "same label ('a'); a classifier needs at least two"),
        (
            "".join(f"{i},{i},c{i}\n" for i in range(7)),
            "7 classes (c0, c1, c2, c3, c4, c5, …); at most 5",
        ),
        ("1,2,a\n1,2,b\n1,2,a\n1,2,b,maybe\n", "row 4: expected 3 values"),
        (
            "1,2,a,train\n1,2,b,test\n1,2,a,later\n1,2,b,test\n",
            "row 3: the 4th column (split) must be train or test",
        ),
        ("1,2,a\n1,2,b\n1,2,a\n1,2,\x00b\n", "binary data"),
        ("1,1_000,a\n1,2,b\n1,2,a\n1,2,b\n", "row 1: '1_000' is not a number"),
    ],
)
def test_hostile_or_broken_input_is_refused_with_a_reason(text, reason):
    with pytest.raises(CsvError, match=re.escape(reason)):
        parse(text)


def test_size_and_row_limits():
    rows = "".join(f"{i},{i},{i % 2}\n" for i in range(csvdata.MAX_ROWS))
    assert len(parse("x1,x2,label\n" + rows)) == csvdata.MAX_ROWS
    with pytest.raises(CsvError, match=f"at most {csvdata.MAX_ROWS} points"):
        parse(rows + "1,1,1\n")
    with pytest.raises(CsvError, match="million characters"):
        parse("1,2,a\n" + " " * csvdata.MAX_BYTES)
    with pytest.raises(CsvError, match="million characters"):
        parse(b"1" * (csvdata.MAX_BYTES + 1))
    with pytest.raises(CsvError, match="not UTF-8"):
        parse(b"1,2,\xff\n1,2,a\n1,2,b\n1,2,c\n")


def test_standardisation_against_the_statistics_module():
    rng = np.random.default_rng(1)
    X = rng.normal([300.0, -2.0], [50.0, 0.01], size=(200, 2))
    s = Standardisation.fit(X)
    for j in range(2):
        assert s.mean[j] == pytest.approx(statistics.fmean(X[:, j]), rel=1e-12)
        assert s.std[j] == pytest.approx(statistics.pstdev(X[:, j]), rel=1e-9)
    Z = s.apply(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0), 1, rtol=1e-12)
    np.testing.assert_allclose(s.invert(Z), X, rtol=1e-12)
    assert Standardisation.from_dict(s.to_dict(), m=2) == s
    flat = Standardisation.fit(np.array([[5.0, 1.0], [5.0, 2.0]]))
    assert flat.std[0] == 1.0 and flat.mean[0] == 5.0
    np.testing.assert_array_equal(Standardisation.identity().apply(X), X)


@pytest.mark.parametrize(
    ("d", "reason"),
    [
        ([1, 2], "must be"),
        ({"mean": [0, 0]}, "must be"),
        ({"mean": [0, "a"], "std": [1, 1]}, "finite numbers"),
        ({"mean": [0, 0], "std": [1, 0]}, "above 0"),
        ({"mean": [0, 0, 0], "std": [1, 1, 1]}, "needs 2 means"),
        ({"mean": [0, 0], "std": [1, float("inf")]}, "finite numbers"),
    ],
)
def test_standardisation_from_dict_refuses_bad_values(d, reason):
    with pytest.raises(ValueError, match=reason):
        Standardisation.from_dict(d, m=2)


def test_to_csv_round_trips_with_the_exact_split():
    rng = np.random.default_rng(7)
    P = rng.uniform(-6, 6, size=(30, 2))
    y = rng.integers(0, 3, size=30)
    train = rng.random(30) < 0.5
    names = ("red, dark", 'say "hi"', "blue")
    text = to_csv(P, y, train, class_names=names)
    assert text.splitlines()[0] == "x1,x2,label,split"
    back = parse(text)
    np.testing.assert_array_equal(back.points, P)  # bit-exact: shortest repr of each float
    assert [back.class_names[k] for k in back.labels] == [names[k] for k in y]
    np.testing.assert_array_equal(back.split, train)
    v = rng.normal(size=30)
    back = parse(to_csv(P, v, train))
    assert back.kind == "regression" and back.columns[2] == "y"
    np.testing.assert_array_equal(back.values, v)
    np.testing.assert_array_equal(back.split, train)
    assert csvdata.split_mask(2, 1).tolist() == [True, True, False]
    with pytest.raises(ValueError, match="to_csv needs"):
        to_csv(P, y[:3], train)
