"""helpers.pivot: the validated pivot table, its HTML rendering and the interactive pivot widget."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers.pivot import AGGREGATIONS, DETAILS, NONE_LABEL, PivotWidget, pivot_table, rate_table, table_to_html  # noqa: E402
from helpers.stats import proportion_interval  # noqa: E402


@pytest.fixture
def df() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 400
    return pd.DataFrame({
        "shop": pd.Categorical(rng.choice(["north", "south", "east"], n), categories=["north", "south", "east"]),
        "day": rng.integers(1, 4, n),
        "size": pd.Categorical(rng.choice(["S", "M", "L"], n), categories=["S", "M", "L"], ordered=True),
        "sold": rng.random(n) < 0.4,
        "amount": rng.gamma(2.0, 10.0, n),
        "note": [f"order {i}" for i in range(n)],  # text with many distinct values
    })


# --- pivot_table --------------------------------------------------------------------------------


def test_one_way_mean_of_a_bool_is_a_share(df):
    table = pivot_table(df, rows="shop", values="sold", agg="mean")
    expected = df.groupby("shop", observed=True)["sold"].mean()
    assert list(table.columns) == ["mean of sold"]
    assert np.allclose(table["mean of sold"], expected)


def test_two_way_matches_pandas(df):
    table = pivot_table(df, rows="shop", columns="day", values="amount", agg="sum")
    expected = df.pivot_table(index="shop", columns="day", values="amount", aggfunc="sum", observed=True)
    assert np.allclose(table.to_numpy(), expected.to_numpy())
    assert table.index.name == "shop" and table.columns.name == "day"


@pytest.mark.parametrize("agg", ["mean", "median", "sum"])
def test_every_aggregation(df, agg):
    table = pivot_table(df, rows="day", values="amount", agg=agg)
    assert np.allclose(table.iloc[:, 0], df.groupby("day")["amount"].agg(agg))


def test_count_needs_no_values_and_filters_apply(df):
    table = pivot_table(df, rows="shop", agg="count", filters={"day": [1, 2], "sold": True})
    kept = df[df["day"].isin([1, 2]) & df["sold"]]
    assert table["count of rows"].tolist() == kept.groupby("shop", observed=True).size().tolist()
    assert set(AGGREGATIONS) == {"mean", "median", "sum", "count"}


def test_min_count_blanks_small_cells(df):
    sizes = df.groupby(["shop", "size"], observed=True).size()
    threshold = int(sizes.median()) + 1
    table = pivot_table(df, rows="shop", columns="size", values="amount", min_count=threshold)
    for (shop, size_label), size in sizes.items():
        assert np.isnan(table.loc[shop, size_label]) == (size < threshold)


def test_unknown_column_names_the_argument_and_suggests(df):
    with pytest.raises(ValueError, match=r"rows: 'shp' is not a column.*Did you mean 'shop'"):
        pivot_table(df, rows="shp", values="sold")
    with pytest.raises(ValueError, match=r"columns: 'dya'.*'day'"):
        pivot_table(df, rows="shop", columns="dya", values="sold")
    with pytest.raises(ValueError, match=r"values: 'sould'"):
        pivot_table(df, rows="shop", values="sould")
    with pytest.raises(ValueError, match="filters: 'colour' is not a column"):
        pivot_table(df, rows="shop", values="sold", filters={"colour": ["red"]})


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"rows": "shop", "columns": "shop", "values": "sold"}, ValueError, "must be different"),
        ({"rows": "shop", "values": "note"}, TypeError, "numeric or bool"),
        ({"rows": "shop", "values": "sold", "agg": "max"}, ValueError, "agg must be one of"),
        ({"rows": "shop", "agg": "mean"}, ValueError, "values: name the column"),
        ({"rows": "shop", "values": "shop"}, ValueError, "already used to group"),
        ({"rows": "note", "values": "sold"}, ValueError, "distinct values"),
        ({"rows": "shop", "values": "sold", "min_count": 0}, ValueError, "min_count"),
        ({"rows": "shop", "values": "sold", "max_groups": 0}, ValueError, "max_groups"),
        ({"rows": 3, "values": "sold"}, TypeError, "rows must be a column name"),
        ({"rows": "shop", "values": "sold", "filters": {"shop": ["west"]}}, ValueError, "never occurs"),
        ({"rows": "shop", "values": "sold", "filters": {"shop": []}}, ValueError, "empty"),
        ({"rows": "shop", "values": "sold", "filters": [("shop", "north")]}, TypeError, "filters must be a dict"),
    ],
)
def test_bad_arguments_are_clear_errors(df, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        pivot_table(df, **kwargs)


def test_bad_frames():
    with pytest.raises(TypeError, match="DataFrame"):
        pivot_table([1, 2], rows="a")
    with pytest.raises(ValueError, match="empty"):
        pivot_table(pd.DataFrame({"a": []}), rows="a", agg="count")


# --- rate_table ----------------------------------------------------------------------------------


def test_rate_table_gives_size_rate_and_the_wilson_interval(df):
    table = rate_table(df, rows="shop", values="sold")
    grouped = df.groupby("shop", observed=True)["sold"]
    assert table.index.tolist() == ["north", "south", "east"]  # the categories' order
    assert table["n"].tolist() == grouped.size().tolist()
    assert table["successes"].tolist() == grouped.sum().tolist()
    assert np.allclose(table["rate"], grouped.mean())
    low, high = proportion_interval(grouped.sum().to_numpy(), grouped.size().to_numpy())
    assert np.allclose(table["low"], low) and np.allclose(table["high"], high)
    assert (table["low"] <= table["rate"]).all() and (table["rate"] <= table["high"]).all()


def test_rate_table_two_way_is_long_and_leaves_small_groups_out(df):
    sizes = df.groupby(["shop", "size"], observed=True).size()
    threshold = int(sizes.median()) + 1
    table = rate_table(df, rows="shop", columns="size", values="sold", min_count=threshold)
    assert table.index.names == ["shop", "size"]
    assert sorted(table.index.tolist()) == sorted(k for k, n in sizes.items() if n >= threshold)
    north_small = df[(df["shop"] == "north") & (df["size"] == "S")]["sold"]
    if ("north", "S") in table.index:
        assert table.loc[("north", "S"), "rate"] == pytest.approx(north_small.mean())


def test_rate_table_accepts_zero_one_filters_and_a_confidence(df):
    as_int = df.assign(sold=df["sold"].astype(int))
    wide = rate_table(as_int, rows="day", values="sold", confidence=0.99, filters={"shop": ["north"]})
    narrow = rate_table(as_int, rows="day", values="sold", confidence=0.8, filters={"shop": ["north"]})
    assert (wide["high"] - wide["low"] > narrow["high"] - narrow["low"]).all()
    assert wide["n"].sum() == (df["shop"] == "north").sum()
    assert rate_table(df, rows="shop", values="sold", min_count=10_000).empty


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"rows": "shop", "values": "amount"}, TypeError, "yes/no column"),
        ({"rows": "shop", "values": "day"}, TypeError, "yes/no column"),
        ({"rows": "shop", "values": None}, ValueError, "name the yes/no column"),
        ({"rows": "shop", "values": "shop"}, ValueError, "already used"),
        ({"rows": "shop", "values": "sould"}, ValueError, "Did you mean 'sold'"),
        ({"rows": "shop", "values": "sold", "min_count": 0}, ValueError, "min_count"),
        ({"rows": "shop", "values": "sold", "confidence": 1.5}, ValueError, "confidence"),
    ],
)
def test_rate_table_bad_arguments(df, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        rate_table(df, **kwargs)


# --- HTML ----------------------------------------------------------------------------------------


def test_table_to_html_formats_escapes_and_blanks():
    table = pd.DataFrame({"<b>": [0.5, np.nan]}, index=pd.Index(["a&b", "c"], name="shop"))
    text = table_to_html(table, "{:.0%}", caption="Shares")
    assert text.startswith("<table>") and text.endswith("</table>")
    assert "50%" in text and "&lt;b&gt;" in text and "a&amp;b" in text and "nan" not in text
    assert "<caption" in text and "Shares" in text


def test_table_to_html_adds_notes_under_values():
    table = pd.DataFrame({"share": [0.5, np.nan]}, index=["a", "b"])
    notes = pd.DataFrame({"share": ["n=12 <x>", "n=3"]}, index=["a", "b"])
    text = table_to_html(table, "{:.0%}", notes=notes)
    assert "50%<br><small" in text and "n=12 &lt;x&gt;" in text and "n=3" in text
    with pytest.raises(ValueError, match="shape"):
        table_to_html(table, notes=notes.iloc[:1])


def test_table_to_html_validates():
    with pytest.raises(TypeError):
        table_to_html("table")
    with pytest.raises(ValueError, match="number_format"):
        table_to_html(pd.DataFrame({"a": [1.0]}), "{:q}")


# --- the widget ----------------------------------------------------------------------------------


def test_widget_starts_with_the_requested_table(df):
    pw = PivotWidget(df, rows="shop", columns="size", values="sold")
    expected = pivot_table(df, rows="shop", columns="size", values="sold")
    pd.testing.assert_frame_equal(pw.table, expected)
    assert pw.image.value[:4] == b"\x89PNG"
    assert "mean of sold by shop and size" in pw.describe()
    assert f"{expected.iloc[0, 0]:.1%}" in pw.html.value  # a bool mean is shown as a percentage


def test_set_changes_several_controls_at_once(df):
    pw = PivotWidget(df, rows="shop", values="sold", plot=False)
    assert pw.image is None
    result = pw.set(rows="day", values="amount", agg="median", filter_column="shop", filter_values=["north"])
    assert result is pw
    expected = df[df["shop"] == "north"].groupby("day")["amount"].median()
    assert np.allclose(pw.table["median of amount"], expected)
    assert pw.state["filter_values"] == ("north",) and "(shop in north)" in pw.describe()


def test_controls_in_the_ui_recompute_the_table(df):
    pw = PivotWidget(df, rows="shop", values="sold", plot=False)
    pw.controls["agg"].value = "count"
    assert pw.table.columns[0] == "count of rows"
    pw.controls["columns"].value = "day"
    assert list(pw.table.columns) == [1, 2, 3]
    pw.controls["filter_column"].value = "size"
    assert [label for label, _ in pw.controls["filter_values"].options] == ["S", "M", "L"]  # category order
    pw.controls["filter_values"].value = ("L",)
    assert pw.table.to_numpy().sum() == (df["size"] == "L").sum()
    pw.controls["filter_column"].value = NONE_LABEL
    assert pw.controls["filter_values"].options == () and pw.table.to_numpy().sum() == len(df)


def test_invalid_combination_in_the_ui_shows_a_message(df):
    pw = PivotWidget(df, rows="shop", values="sold")
    pw.controls["columns"].value = "shop"
    assert pw.table is None and "different" in pw.message and "No table" in pw.html.value
    assert pw.image.value == b""
    pw.controls["columns"].value = NONE_LABEL
    assert pw.table is not None and pw.message == ""


def test_details_show_counts_and_intervals_for_rates(df):
    pw = PivotWidget(df, rows="shop", values="sold", details="interval", min_count=5)
    rates = rate_table(df, rows="shop", values="sold", min_count=5)
    assert pw.counts.iloc[:, 0].tolist() == rates["n"].tolist()
    assert np.allclose(pw.low.iloc[:, 0], rates["low"]) and np.allclose(pw.high.iloc[:, 0], rates["high"])
    assert f"n={rates['n'].iloc[0]}, {rates['low'].iloc[0]:.0%}-{rates['high'].iloc[0]:.0%}" in pw.html.value
    assert "with n and 95% interval per cell" in pw.describe() and pw.image.value[:4] == b"\x89PNG"
    pw.set(columns="size")  # two-way: intervals shaped like the table
    assert pw.low.shape == pw.table.shape and list(pw.low.columns) == list(pw.table.columns)
    cell = df[(df["shop"] == "north") & (df["size"] == "M")]["sold"]
    low, high = proportion_interval(cell.sum(), len(cell))
    assert pw.low.loc["north", "M"] == pytest.approx(low) and pw.high.loc["north", "M"] == pytest.approx(high)


def test_details_for_other_measures_show_counts_only(df):
    pw = PivotWidget(df, rows="shop", columns="size", values="amount", details="interval", plot=False, min_count=500)
    assert pw.low is None and pw.counts.to_numpy().sum() == len(df)
    assert pw.table.isna().all().all()  # every cell below min_count, so blank, but its n is shown
    assert "n=" in pw.html.value and "with n per cell" in pw.describe()
    pw.controls["details"].value = "none"
    assert pw.counts is None and "n=" not in pw.html.value
    assert set(DETAILS) == {"none", "n", "interval"}


def test_set_validates_names_and_values(df):
    pw = PivotWidget(df, rows="shop", values="sold", measures=["sold", "amount"], plot=False)
    before = pw.state
    with pytest.raises(ValueError, match="unknown controls"):
        pw.set(row="day")
    with pytest.raises(ValueError, match="Did you mean 'shop'"):
        pw.set(rows="shp")
    with pytest.raises(ValueError, match="not offered for grouping"):
        pw.set(rows="amount")
    with pytest.raises(ValueError, match="not offered as a measure"):
        pw.set(values="day")
    with pytest.raises(ValueError, match="agg must be one of"):
        pw.set(agg="mode")
    with pytest.raises(ValueError, match="choose a filter_column first"):
        pw.set(filter_values=["north"])
    with pytest.raises(ValueError, match="never occurs"):
        pw.set(filter_column="shop", filter_values=["west"])
    with pytest.raises(ValueError, match="cannot be None"):
        pw.set(rows=None)
    with pytest.raises(ValueError, match="details must be one of"):
        pw.set(details="all")
    assert pw.state == before  # nothing changed


def test_widget_constructor_validation(df):
    with pytest.raises(ValueError, match="distinct values"):
        PivotWidget(df, rows="shop", values="sold", dimensions=["note"])
    with pytest.raises(TypeError, match="not numeric or bool"):
        PivotWidget(df, rows="shop", values="sold", measures=["note"])
    with pytest.raises(TypeError, match="list of column names"):
        PivotWidget(df, rows="shop", values="sold", dimensions="shop")
    with pytest.raises(ValueError, match="min_count"):
        PivotWidget(df, rows="shop", values="sold", min_count=0)
    with pytest.raises(TypeError, match="plot"):
        PivotWidget(df, rows="shop", values="sold", plot="yes")
    with pytest.raises(ValueError, match="measures: the data have no numeric"):
        PivotWidget(df[["shop", "note"]], rows="shop")


def test_defaults_offer_few_valued_columns_and_measures(df):
    pw = PivotWidget(df, rows="shop", plot=False)
    assert "note" not in pw.dimensions and "amount" not in pw.dimensions
    assert set(pw.measures) == {"day", "sold", "amount"}
    assert pw.state["values"] == pw.measures[0]


def test_repr_is_stable_text(df):
    pw = PivotWidget(df, rows="shop", values="sold", min_count=5, plot=False)
    bundle = pw._repr_mimebundle_()
    assert bundle["text/plain"] == repr(pw) == f"PivotWidget: {pw.describe()}"
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "fewer than 5 rows" in pw.describe()


def test_same_rows_and_columns_is_refused_in_the_learners_language(monkeypatch):
    from helpers import i18n

    df = pd.DataFrame({"shop": ["a", "b"], "day": [1, 2], "sales": [3.0, 4.0]})
    monkeypatch.setattr(i18n, "_current", None)  # restored after the test, like the other language tests
    i18n.set_language("ko")
    with pytest.raises(ValueError, match="행과 열은 서로 다른 열이어야 합니다"):
        pivot_table(df, rows="shop", columns="shop", values="sales")
    i18n.set_language("en")
    with pytest.raises(ValueError, match="rows and columns must be different columns, both are 'shop'"):
        pivot_table(df, rows="shop", columns="shop", values="sales")
