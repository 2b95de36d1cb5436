"""Pivot tables for exploring a DataFrame, and an interactive pivot widget built on them.

:func:`pivot_table` is a thin, validated layer over pandas: one or two grouping columns (rows and
optionally columns), one measure (a numeric or yes/no column) with an aggregation, optional
filters, and a minimum group size below which a cell is left blank (a success rate computed on
three projects is noise, not a finding). Misspelt column names fail with a message that names the
argument and suggests the closest column. :func:`rate_table` gives, for a yes/no measure, each
group's size, rate and Wilson interval (:func:`helpers.stats.proportion_interval`), so a ranking can
say which differences are inside the noise.

:class:`PivotWidget` puts the same choices in drop-downs and shows the result as an HTML table
(optionally with each cell's number of rows and, for rates, its 95% interval) and a plot. It has a programmatic API (:meth:`PivotWidget.set`, :attr:`PivotWidget.table`),
so notebooks and tests can drive it without a browser. Its callbacks only change widget state
(no printing), which keeps notebooks deterministic under nbval.

Example:
    >>> import pandas as pd
    >>> df = pd.DataFrame({"shop": ["a", "a", "b", "b"], "sold": [True, False, True, True]})
    >>> pivot_table(df, rows="shop", values="sold", agg="mean")["mean of sold"].to_dict()
    {'a': 0.5, 'b': 1.0}
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from helpers.i18n import N_, _
from helpers.widgets import TextFallback

if TYPE_CHECKING:  # pandas is imported lazily: importing helpers.pivot stays cheap.
    import pandas as pd

__all__ = ["AGGREGATIONS", "DETAILS", "PivotWidget", "pivot_table", "rate_table", "table_to_html"]

#: The aggregations a pivot can use. "count" counts rows and ignores ``values``.
AGGREGATIONS: tuple[str, ...] = ("mean", "median", "sum", "count")
#: What the widget's "columns" and "filter" drop-downs show for "none".
NONE_LABEL = N_("(none)")
#: What the widget can show under each value: nothing, the number of rows, or that and the 95%
#: interval (the interval only for rates, the mean of a yes/no measure).
DETAILS: tuple[str, ...] = ("none", "n", "interval")
_DETAIL_LABELS = {"none": N_("value only"), "n": N_("value and n"), "interval": N_("value, n and 95% interval")}


# --------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------


def _check_frame(df: Any) -> None:
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, not {type(df).__name__}")
    if df.empty:
        raise ValueError("df is empty: there is nothing to pivot")


def _check_column(df: pd.DataFrame, name: Any, argument: str) -> str:
    """Return ``name`` if it is a column of ``df``; otherwise a clear TypeError/ValueError."""
    if not isinstance(name, str):
        raise TypeError(f"{argument} must be a column name (str), not {type(name).__name__}: {name!r}")
    if name not in df.columns:
        columns = [str(c) for c in df.columns]
        close = difflib.get_close_matches(name, columns, n=1)
        suggestion = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(
            f"{argument}: {name!r} is not a column of the data.{suggestion} "
            f"Columns are: {', '.join(columns)}"
        )
    return name


def _check_dimension(df: pd.DataFrame, name: Any, argument: str, max_groups: int) -> str:
    """A column to group by: it must exist and have at most ``max_groups`` distinct values."""
    _check_column(df, name, argument)
    distinct = df[name].nunique(dropna=True)
    if distinct > max_groups:
        raise ValueError(
            f"{argument}: column {name!r} has {distinct:,} distinct values, more than max_groups="
            f"{max_groups}; group it into bins first (for example with pd.cut) or pick another column"
        )
    return name


def _is_measure(series: pd.Series) -> bool:
    from pandas.api import types

    return bool(types.is_bool_dtype(series.dtype) or types.is_numeric_dtype(series.dtype))


def _apply_filters(df: pd.DataFrame, filters: Mapping[str, Any] | None) -> pd.DataFrame:
    """Keep the rows whose value in each filter column is one of the allowed values."""
    if filters is None:
        return df
    if not isinstance(filters, Mapping):
        raise TypeError(
            f"filters must be a dict such as {{'country': ['US', 'GB']}}, not {type(filters).__name__}"
        )
    mask = None
    for column, allowed in filters.items():
        _check_column(df, column, "filters")
        if isinstance(allowed, (str, bytes)) or not isinstance(allowed, (Sequence, set, frozenset)):
            allowed = [allowed]
        allowed = list(allowed)
        if not allowed:
            raise ValueError(f"filters: the list of values for {column!r} is empty; leave the column out instead")
        present = set(df[column].dropna().unique().tolist())
        missing = [value for value in allowed if value not in present]
        if missing:
            examples = ", ".join(repr(v) for v in sorted(present, key=str)[:8])
            raise ValueError(
                f"filters: {missing!r} never occurs in column {column!r} (values include {examples})"
            )
        keep = df[column].isin(allowed)
        mask = keep if mask is None else mask & keep
    return df if mask is None else df[mask]


# --------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------


def pivot_table(
    df: pd.DataFrame,
    rows: str,
    columns: str | None = None,
    values: str | None = None,
    agg: str = "mean",
    *,
    filters: Mapping[str, Any] | None = None,
    min_count: int = 1,
    max_groups: int = 50,
) -> pd.DataFrame:
    """Aggregate ``values`` by ``rows`` (and ``columns``), after filtering, as a DataFrame.

    Args:
        df: the data, one row per item (project, customer, ...).
        rows: column whose values become the table's rows.
        columns: optional second grouping column, spread across the table's columns.
        values: the measure, a numeric or bool column (the mean of a bool column is a share).
            Not needed when ``agg="count"``.
        agg: one of :data:`AGGREGATIONS`: "mean", "median", "sum" or "count" (number of rows).
        filters: keep only rows whose value is in the given list, e.g. ``{"country": ["US"]}``.
        min_count: cells built from fewer rows than this are left empty (NaN).
        max_groups: refuse grouping columns with more distinct values than this.

    Returns:
        Without ``columns``: one column named like ``"mean of funded"``. With ``columns``: one
        column per value of ``columns``. Empty groups are left out.

    Example:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"shop": ["a", "a", "b"], "day": [1, 2, 1], "sales": [3.0, 5.0, 7.0]})
        >>> pivot_table(df, rows="shop", columns="day", values="sales", agg="sum").to_dict("index")
        {'a': {1: 3.0, 2: 5.0}, 'b': {1: 7.0, 2: nan}}
        >>> pivot_table(df, rows="shop", agg="count", filters={"day": [1]})["count of rows"].to_dict()
        {'a': 1, 'b': 1}
    """
    _check_frame(df)
    if isinstance(max_groups, bool) or not isinstance(max_groups, int) or max_groups < 1:
        raise ValueError(f"max_groups must be a positive integer, got {max_groups!r}")
    _check_dimension(df, rows, "rows", max_groups)
    if columns is not None:
        _check_dimension(df, columns, "columns", max_groups)
        if columns == rows:
            raise ValueError(_("rows and columns must be different columns, both are {name}").format(name=repr(rows)))
    if not isinstance(agg, str) or agg not in AGGREGATIONS:
        raise ValueError(f"agg must be one of {', '.join(AGGREGATIONS)}; got {agg!r}")
    if values is None and agg != "count":
        raise ValueError(f"values: name the column to take the {agg} of, or use agg='count' to count rows")
    if values is not None:
        _check_column(df, values, "values")
        if values in (rows, columns):
            raise ValueError(f"values: {values!r} is already used to group the table; pick another measure")
        if not _is_measure(df[values]):
            raise TypeError(
                f"values: column {values!r} holds {df[values].dtype} data; a measure must be numeric "
                "or bool (turn yes/no text into bool first)"
            )
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise ValueError(f"min_count must be an integer of at least 1, got {min_count!r}")

    data = _apply_filters(df, filters)
    keys = [rows] if columns is None else [rows, columns]
    grouped = data.groupby(keys, observed=True, sort=True)
    size = grouped.size()
    if agg == "count":
        stat = size.astype("int64")
        label = "count of rows"
    else:
        measure = data[values].astype("float64")
        stat = measure.groupby([data[k] for k in keys], observed=True, sort=True).agg(agg)
        label = f"{agg} of {values}"
    if min_count > 1:
        stat = stat.where(size >= min_count)
    if columns is None:
        table = stat.to_frame(label)
    else:
        table = stat.unstack(columns)
    return table


def _is_yes_no(series: pd.Series) -> bool:
    """A bool column, or a numeric one holding only 0 and 1 (no missing values)."""
    from pandas.api import types

    if types.is_bool_dtype(series.dtype):
        return not series.isna().any()
    if not types.is_numeric_dtype(series.dtype) or series.isna().any():
        return False
    return bool(series.isin([0, 1]).all())


def rate_table(
    df: pd.DataFrame,
    rows: str,
    values: str,
    *,
    columns: str | None = None,
    filters: Mapping[str, Any] | None = None,
    min_count: int = 1,
    confidence: float = 0.95,
    max_groups: int = 50,
) -> pd.DataFrame:
    """Per group: rows ``n``, ``successes``, the ``rate`` of a yes/no measure and its Wilson interval.

    One line per group of ``rows`` (and ``columns``: then the index has two levels), groups with
    fewer than ``min_count`` rows left out, in the grouping columns' order. The interval
    (``low``, ``high``) is :func:`helpers.stats.proportion_interval` at ``confidence``: with 91
    projects a 60% success rate is known to about +/- 10 points, with 7,561 to about +/- 1.

    Args:
        df, rows, columns, filters, max_groups: as for :func:`pivot_table`.
        values: a bool column, or a numeric one holding only 0 and 1.
        min_count: leave out groups with fewer rows than this.
        confidence: of the interval, between 0 and 1.

    Example:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"shop": ["a"] * 20 + ["b"] * 5, "sold": [True] * 15 + [False] * 5 + [True] * 5})
        >>> rate_table(df, rows="shop", values="sold").round(4).to_dict("index")["a"]
        {'n': 20, 'successes': 15, 'rate': 0.75, 'low': 0.5313, 'high': 0.8881}
        >>> rate_table(df, rows="shop", values="sold", min_count=10).index.tolist()
        ['a']
    """
    import pandas as pd

    from helpers.stats import proportion_interval

    _check_frame(df)
    if values is None:
        raise ValueError("values: name the yes/no column whose rate you want, e.g. values='funded'")
    _check_column(df, values, "values")
    if values in (rows, columns):
        raise ValueError(f"values: {values!r} is already used to group the table; pick another measure")
    if not _is_yes_no(df[values]):
        raise TypeError(
            f"values: a rate needs a yes/no column (bool, or 0/1 without missing values); {values!r} holds "
            f"{df[values].dtype} data with other values. Use pivot_table for the mean of a number."
        )
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise ValueError(f"min_count must be an integer of at least 1, got {min_count!r}")
    counts = pivot_table(df, rows, columns, agg="count", filters=filters, max_groups=max_groups)
    sums = pivot_table(df, rows, columns, values, agg="sum", filters=filters, max_groups=max_groups)
    if columns is not None:  # long format: one line per (row, column) group that has rows
        counts, sums = counts.stack(), sums.stack()
    else:
        counts, sums = counts.iloc[:, 0], sums.iloc[:, 0]
    counts = counts[counts >= min_count]
    sums = sums.reindex(counts.index)
    n = counts.to_numpy(dtype="float64")
    successes = sums.to_numpy(dtype="float64")
    if len(n):
        low, high = proportion_interval(successes, n, confidence=confidence)
    else:
        low = high = n
    table = pd.DataFrame(
        {"n": counts.astype("int64"), "successes": sums.round().astype("int64"), "rate": successes / n if len(n) else n,
         "low": low, "high": high},
        index=counts.index,
    )
    return table


def _default_format(df: pd.DataFrame, values: str | None, agg: str) -> str:
    from pandas.api import types

    if agg == "count":
        return "{:,.0f}"
    if agg == "mean" and values is not None and types.is_bool_dtype(df[values].dtype):
        return "{:.1%}"
    return "{:,.2f}"


def table_to_html(
    table: pd.DataFrame, number_format: str = "{:,.2f}", *, caption: str = "", notes: pd.DataFrame | None = None
) -> str:
    """Render a pivot table as a compact HTML table (empty cells for missing values).

    ``notes``, a table of the same shape holding text (or missing values), adds a small second line
    under each value, for example the number of rows and the interval of a rate.

    Example:
        >>> import pandas as pd
        >>> table_to_html(pd.DataFrame({"share": [0.5]}, index=["a"]), "{:.0%}")[:7]
        '<table>'
        >>> "n=12" in table_to_html(pd.DataFrame({"share": [0.5]}), notes=pd.DataFrame({"share": ["n=12"]}))
        True
    """
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a DataFrame, not {type(table).__name__}")
    if notes is not None and (not isinstance(notes, pd.DataFrame) or notes.shape != table.shape):
        raise ValueError(f"notes must be a DataFrame of the table's shape {table.shape}")
    try:
        number_format.format(1.5)
    except (AttributeError, ValueError, IndexError, KeyError) as exc:
        raise ValueError(f"number_format must be a format string such as '{{:.1%}}', got {number_format!r}") from exc
    cell = 'style="padding: 2px 8px; text-align: right"'
    head = 'style="padding: 2px 8px; text-align: left"'
    corner = html.escape(str(table.index.name or ""))
    if table.columns.name:
        corner = f"{corner} \\ {html.escape(str(table.columns.name))}" if corner else html.escape(str(table.columns.name))
    parts = ["<table>"]
    if caption:
        parts.append(f'<caption style="text-align: left">{html.escape(caption)}</caption>')
    parts.append(f"<tr><th {head}>{corner}</th>")
    parts.extend(f"<th {cell}>{html.escape(str(c))}</th>" for c in table.columns)
    parts.append("</tr>")
    for i, (label, row) in enumerate(table.iterrows()):
        parts.append(f"<tr><th {head}>{html.escape(str(label))}</th>")
        for j, value in enumerate(row):
            text = "" if pd.isna(value) else number_format.format(value)
            note = None if notes is None else notes.iat[i, j]
            if note is not None and not pd.isna(note) and str(note):
                text += f'<br><small style="color: #555">{html.escape(str(note))}</small>'
            parts.append(f"<td {cell}>{text}</td>")
        parts.append("</tr>")
    parts.append("</table>")
    return "".join(parts)


def _plot(table: pd.DataFrame, title: str, number_format: str, interval: tuple[Any, Any] | None = None) -> Any:
    """A bar chart (one measure column; with ``interval``, (low, high) tables, error bars) or an annotated heat map."""
    import matplotlib.pyplot as plt
    import numpy as np

    from helpers.plotting import PALETTE

    if table.shape[1] == 1:
        series = table.iloc[:, 0]
        fig, ax = plt.subplots(figsize=(6.4, 0.8 + 0.28 * len(series)))
        positions = np.arange(len(series))
        ax.barh(positions, series.fillna(0).to_numpy(), color=PALETTE[0])
        if interval is not None:
            low, high = (np.asarray(t.iloc[:, 0], dtype="float64") for t in interval)
            centre = series.to_numpy(dtype="float64")
            shown = np.isfinite(centre) & np.isfinite(low) & np.isfinite(high)
            ax.errorbar(centre[shown], positions[shown], xerr=[centre[shown] - low[shown], high[shown] - centre[shown]],
                        fmt="none", ecolor=PALETTE[7], elinewidth=1, capsize=2, label="95% interval")
            ax.legend(loc="lower right")
        ax.set_yticks(positions, [str(i) for i in series.index])
        ax.invert_yaxis()
        ax.set(xlabel=str(table.columns[0]), ylabel=str(table.index.name or ""))
    else:
        values = table.to_numpy(dtype="float64")
        fig, ax = plt.subplots(figsize=(1.6 + 0.75 * table.shape[1], 0.9 + 0.32 * table.shape[0]))
        image = ax.imshow(np.ma.masked_invalid(values), cmap="cividis", aspect="auto")
        ax.set_xticks(np.arange(table.shape[1]), [str(c) for c in table.columns], rotation=45, ha="right")
        ax.set_yticks(np.arange(table.shape[0]), [str(i) for i in table.index])
        ax.set(xlabel=str(table.columns.name or ""), ylabel=str(table.index.name or ""))
        ax.grid(False)
        if values.size <= 150:
            middle = np.nanmean(values) if np.isfinite(values).any() else 0.0
            for (i, j), value in np.ndenumerate(values):
                if np.isfinite(value):
                    ax.text(j, i, number_format.format(value), ha="center", va="center", fontsize=7,
                            color="black" if value >= middle else "white")
        fig.colorbar(image, ax=ax, shrink=0.8)
    ax.set_title(title)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------------------
# The widget
# --------------------------------------------------------------------------------------


class PivotWidget(TextFallback):
    """An interactive pivot table: rows, columns, measure, aggregation and a filter.

    Args:
        df: the data.
        rows, columns, values, agg: the starting pivot (see :func:`pivot_table`).
        filter_column, filter_values: start with this filter (``None``: no filter).
        dimensions: columns offered for rows, columns and the filter (default: every column with
            at most ``max_groups`` distinct values).
        measures: columns offered as measures (default: every numeric or bool column).
        min_count: cells built from fewer rows are left empty.
        details: what each cell shows under its value: ``"none"``, ``"n"`` (its number of rows) or
            ``"interval"`` (that and, for a rate, the mean of a yes/no measure, its 95% Wilson interval;
            the bar chart then gets error bars).
        plot: also draw the table (bar chart or heat map) into an Image widget.
        max_groups: the largest number of distinct values a grouping column may have.

    Drive it from code with :meth:`set`; read :attr:`table` (a DataFrame or None), :attr:`counts`
    (rows per cell, when details are shown), :attr:`low` and :attr:`high` (the interval, when shown),
    :attr:`message` (why there is no table) and the widgets ``html`` and ``image``.

    Example:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"shop": ["a", "a", "b"], "day": [1, 2, 1], "sales": [3.0, 5.0, 7.0]})
        >>> pw = PivotWidget(df, rows="shop", values="sales", agg="sum", plot=False)
        >>> pw.table["sum of sales"].tolist()
        [8.0, 7.0]
        >>> pw.set(rows="day").table["sum of sales"].tolist()
        [10.0, 5.0]
        >>> pw.set(details="n").counts.iloc[:, 0].tolist()  # rows per cell, labelled like the table
        [2, 1]
    """

    def __init__(
        self,
        df: pd.DataFrame,
        *,
        rows: str,
        columns: str | None = None,
        values: str | None = None,
        agg: str = "mean",
        filter_column: str | None = None,
        filter_values: Sequence[Any] | None = None,
        dimensions: Sequence[str] | None = None,
        measures: Sequence[str] | None = None,
        min_count: int = 1,
        details: str = "none",
        plot: bool = True,
        max_groups: int = 50,
    ) -> None:
        import ipywidgets as widgets

        _check_frame(df)
        if isinstance(max_groups, bool) or not isinstance(max_groups, int) or max_groups < 1:
            raise ValueError(f"max_groups must be a positive integer, got {max_groups!r}")
        if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
            raise ValueError(f"min_count must be an integer of at least 1, got {min_count!r}")
        if not isinstance(plot, bool):
            raise TypeError(f"plot must be True or False, not {plot!r}")
        self.df = df
        self.min_count = min_count
        self.max_groups = max_groups
        if dimensions is None:
            dimensions = [str(c) for c in df.columns if df[c].nunique(dropna=True) <= max_groups]
        else:
            dimensions = [_check_dimension(df, d, "dimensions", max_groups) for d in _as_list(dimensions, "dimensions")]
        if measures is None:
            measures = [str(c) for c in df.columns if _is_measure(df[c])]
        else:
            measures = [_check_column(df, m, "measures") for m in _as_list(measures, "measures")]
            for m in measures:
                if not _is_measure(df[m]):
                    raise TypeError(f"measures: column {m!r} is {df[m].dtype}, not numeric or bool")
        if not dimensions:
            raise ValueError("dimensions: no column has few enough distinct values to group by")
        if not measures:
            raise ValueError("measures: the data have no numeric or bool column to aggregate")
        self.dimensions = tuple(dimensions)
        self.measures = tuple(measures)

        self.controls: dict[str, Any] = {
            "rows": widgets.Dropdown(options=list(self.dimensions), description=_("Rows")),
            "columns": widgets.Dropdown(options=[(_(NONE_LABEL), NONE_LABEL), *((d, d) for d in self.dimensions)], description=_("Columns")),
            "values": widgets.Dropdown(options=list(self.measures), description=_("Measure")),
            "agg": widgets.Dropdown(options=list(AGGREGATIONS), description=_("Aggregate")),
            "filter_column": widgets.Dropdown(
                options=[(_(NONE_LABEL), NONE_LABEL), *((d, d) for d in self.dimensions)], description=_("Filter on")
            ),
            "filter_values": widgets.SelectMultiple(options=[], description=_("Keep"), rows=5),
            "details": widgets.Dropdown(options=[(_(_DETAIL_LABELS[d]), d) for d in DETAILS], description=_("Show")),
        }
        self.html = widgets.HTML()
        self.image = widgets.Image(format="png") if plot else None
        self.table: pd.DataFrame | None = None
        self.counts: pd.DataFrame | None = None
        self.low: pd.DataFrame | None = None
        self.high: pd.DataFrame | None = None
        self.message = ""
        self._holding = False
        self.set(
            rows=rows, columns=columns, values=values if values is not None else self.measures[0], agg=agg,
            filter_column=filter_column, filter_values=filter_values, details=details,
        )
        for name, control in self.controls.items():
            control.observe(self._on_change(name), names="value")
        left = widgets.VBox([self.controls[k] for k in ("rows", "columns", "values", "agg", "details")])
        right = widgets.VBox([self.controls["filter_column"], self.controls["filter_values"]])
        outputs = [self.html] if self.image is None else [self.html, self.image]
        self.widget = widgets.VBox([widgets.HBox([left, right]), *outputs])

    # --- programmatic API ----------------------------------------------------------------------
    def set(self, **choices: Any) -> PivotWidget:
        """Change several controls at once (rows, columns, values, agg, filter_column, filter_values, details).

        Unknown names and values raise ValueError (the widget is left unchanged); the table is
        recomputed once. Returns the widget, so calls can be chained.
        """
        allowed = ("rows", "columns", "values", "agg", "filter_column", "filter_values", "details")
        unknown = sorted(set(choices) - set(allowed))
        if unknown:
            raise ValueError(f"set() got unknown controls {unknown}; allowed: {', '.join(allowed)}")
        wanted = self._validated(choices)
        self._holding = True
        try:
            for name in ("rows", "columns", "values", "agg", "filter_column", "details"):
                if name in wanted:
                    self.controls[name].value = wanted[name]
            if "filter_column" in choices:
                self._reset_filter_options()
            if "filter_values" in wanted:
                self.controls["filter_values"].value = tuple(wanted["filter_values"])
        finally:
            self._holding = False
        self.refresh()
        return self

    def refresh(self) -> None:
        """Recompute the table from the current controls and update the HTML (and image)."""
        state = self.state
        filters = None
        if state["filter_column"] is not None and state["filter_values"]:
            filters = {state["filter_column"]: list(state["filter_values"])}
        try:
            table = pivot_table(
                self.df, rows=state["rows"], columns=state["columns"], values=state["values"], agg=state["agg"],
                filters=filters, min_count=self.min_count, max_groups=self.max_groups,
            )
        except (ValueError, TypeError) as exc:
            self.table, self.counts, self.low, self.high, self.message = None, None, None, None, str(exc)
            no_table = html.escape(_("No table:"))
            self.html.value = f"<p><b>{no_table}</b> {html.escape(self.message)}</p>"
            if self.image is not None:
                self.image.value = b""
            return
        self.table, self.message = table, ""
        self.counts, self.low, self.high = self._details(table, filters)
        number_format = _default_format(self.df, state["values"], state["agg"])
        self.html.value = table_to_html(table, number_format, caption=self.describe(), notes=self._notes())
        if self.image is not None:
            from helpers.plotting import figure_to_png

            interval = None if self.low is None else (self.low, self.high)
            self.image.value = figure_to_png(_plot(table, self._title(), number_format, interval))

    def _shows_interval(self) -> bool:
        """Intervals exist for rates only: the mean of a yes/no measure."""
        state = self.state
        return state["details"] == "interval" and state["agg"] == "mean" and _is_yes_no(self.df[state["values"]])

    def _details(self, table: pd.DataFrame, filters: Any) -> tuple[Any, Any, Any]:
        """(counts, low, high) shaped like ``table``; None where not shown."""
        state = self.state
        if state["details"] == "none":
            return None, None, None
        keys = {"rows": state["rows"], "columns": state["columns"], "filters": filters, "max_groups": self.max_groups}
        counts = pivot_table(self.df, agg="count", **keys)
        counts = counts.reindex(index=table.index, columns=table.columns) if state["columns"] else counts.reindex(table.index)
        counts.columns = table.columns
        if not self._shows_interval():
            return counts, None, None
        rates = rate_table(self.df, values=state["values"], min_count=self.min_count, **keys)
        low, high = rates["low"], rates["high"]
        if state["columns"]:
            low, high = (t.unstack(state["columns"]).reindex(index=table.index, columns=table.columns) for t in (low, high))
        else:
            low, high = (t.reindex(table.index).to_frame(table.columns[0]) for t in (low, high))
        return counts, low, high

    def _notes(self) -> pd.DataFrame | None:
        """The small second line of each cell: 'n=80' and, for rates, '40%-62%' (the 95% interval)."""
        import numpy as np
        import pandas as pd

        if self.counts is None:
            return None
        counts = self.counts.to_numpy(dtype="float64")
        notes = np.where(np.nan_to_num(counts) > 0, np.char.add("n=", np.nan_to_num(counts).astype("int64").astype(str)), "")
        notes = notes.astype(object)
        if self.low is not None:
            low, high = self.low.to_numpy(dtype="float64"), self.high.to_numpy(dtype="float64")
            for (i, j), lo in np.ndenumerate(low):
                if np.isfinite(lo) and np.isfinite(high[i, j]):
                    notes[i, j] = f"{notes[i, j]}, {lo:.0%}-{high[i, j]:.0%}"
        return pd.DataFrame(notes, index=self.counts.index, columns=self.counts.columns)

    @property
    def state(self) -> dict[str, Any]:
        """The current choices, with ``None`` for "no columns" and "no filter"."""
        columns = self.controls["columns"].value
        filter_column = self.controls["filter_column"].value
        return {
            "rows": self.controls["rows"].value,
            "columns": None if columns == NONE_LABEL else columns,
            "values": self.controls["values"].value,
            "agg": self.controls["agg"].value,
            "filter_column": None if filter_column == NONE_LABEL else filter_column,
            "filter_values": tuple(self.controls["filter_values"].value),
            "details": self.controls["details"].value,
        }

    def describe(self, *, translated: bool = True) -> str:
        """One line saying what the table shows, e.g. 'mean of funded by country (goal_size in 1k-5k)'.

        In the learner's language; ``translated=False`` gives the English line (plot titles stay
        English: figures have no Korean font).
        """
        tr = _ if translated else (lambda text: text)
        state = self.state
        if state["agg"] == "count":
            measure = tr("count of rows")
        else:
            measure = tr("{agg} of {values}").format(agg=state["agg"], values=state["values"])
        text = tr("{measure} by {rows}").format(measure=measure, rows=state["rows"])
        if state["columns"] is not None:
            text += tr(" and {columns}").format(columns=state["columns"])
        if state["filter_column"] is not None and state["filter_values"]:
            kept = ", ".join(str(v) for v in state["filter_values"])
            text += tr(" ({column} in {kept})").format(column=state["filter_column"], kept=kept)
        if state["details"] == "n" or (state["details"] == "interval" and not self._shows_interval()):
            text += tr(", with n per cell")
        elif state["details"] == "interval":
            text += tr(", with n and 95% interval per cell")
        if self.min_count > 1:
            text += tr("; cells with fewer than {count} rows left empty").format(count=self.min_count)
        return text

    # --- rendering -----------------------------------------------------------------------------
    def as_text(self) -> str:
        """What static viewers show instead of the live widget."""
        return f"PivotWidget: {self.describe()}"

    # --- internals -----------------------------------------------------------------------------
    def _title(self) -> str:
        text = self.describe(translated=False).split(";")[0]
        return text[:1].upper() + text[1:]

    def _validated(self, choices: Mapping[str, Any]) -> dict[str, Any]:
        wanted: dict[str, Any] = {}
        for name in ("rows", "columns", "filter_column"):
            if name not in choices:
                continue
            value = choices[name]
            if value is None or value == NONE_LABEL:
                if name == "rows":
                    raise ValueError("rows: choose a column, it cannot be None")
                wanted[name] = NONE_LABEL
                continue
            _check_column(self.df, value, name)
            if value not in self.dimensions:
                raise ValueError(f"{name}: {value!r} is not offered for grouping; choose one of {', '.join(self.dimensions)}")
            wanted[name] = value
        if "values" in choices:
            value = choices["values"]
            _check_column(self.df, value, "values")
            if value not in self.measures:
                raise ValueError(f"values: {value!r} is not offered as a measure; choose one of {', '.join(self.measures)}")
            wanted["values"] = value
        if "agg" in choices:
            if choices["agg"] not in AGGREGATIONS:
                raise ValueError(f"agg must be one of {', '.join(AGGREGATIONS)}; got {choices['agg']!r}")
            wanted["agg"] = choices["agg"]
        if "details" in choices:
            if choices["details"] not in DETAILS:
                raise ValueError(f"details must be one of {', '.join(DETAILS)}; got {choices['details']!r}")
            wanted["details"] = choices["details"]
        if "filter_values" in choices:
            values = choices["filter_values"]
            column = wanted.get("filter_column", self.controls["filter_column"].value)
            if values is None:
                values = ()
            elif isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, set, frozenset)):
                values = (values,)
            values = tuple(values)
            if values and column == NONE_LABEL:
                raise ValueError("filter_values: choose a filter_column first")
            if values:
                present = set(self.df[column].dropna().unique().tolist())
                missing = [v for v in values if v not in present]
                if missing:
                    raise ValueError(f"filter_values: {missing!r} never occurs in column {column!r}")
            wanted["filter_values"] = values
        return wanted

    def _reset_filter_options(self) -> None:
        import pandas as pd

        column = self.controls["filter_column"].value
        selector = self.controls["filter_values"]
        selector.value = ()
        if column == NONE_LABEL:
            selector.options = []
        else:
            series = self.df[column]
            present = set(series.dropna().unique().tolist())
            if isinstance(series.dtype, pd.CategoricalDtype):  # keep the categories' own order
                levels = [v for v in series.cat.categories.tolist() if v in present]
            else:
                levels = sorted(present, key=_sort_key)
            selector.options = [(str(v), v) for v in levels]

    def _on_change(self, name: str) -> Any:
        def callback(change: Any) -> None:  # only widget state changes here: no print, no display
            if self._holding:
                return
            if name == "filter_column":
                self._holding = True
                try:
                    self._reset_filter_options()
                finally:
                    self._holding = False
            self.refresh()

        return callback


def _sort_key(value: Any) -> tuple[int, Any]:
    """Sort numbers numerically and everything else by its text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value)
    return (1, str(value))


def _as_list(value: Any, argument: str) -> list[Any]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError(f"{argument} must be a list of column names, not {type(value).__name__}")
    return list(value)
