"""Course datasets: find, download, verify and load them as tidy, typed DataFrames.

Every dataset is a single public file, pinned by its sha256. :func:`fetch` looks for it in
this order and returns the first copy whose digest matches:

1. the folder named by ``ML_AT_WORK_DATA`` (read-only: a pre-filled mirror, used by CI and
   offline rooms; never modified, never deleted);
2. the user cache, :func:`cache_dir` (``ML_AT_WORK_CACHE``, else
   ``$XDG_CACHE_HOME/ml-at-work``, else ``~/.cache/ml-at-work``);
3. a download from the canonical URL, then from the mirror if there is one. Downloads are
   streamed into a temporary ``.part`` file, checked, and only then renamed into place, so a
   file under its final name is always complete.

If nothing works, :class:`DataError` says where it looked, what failed and how to fix it.

The loaders (:func:`load_hillstrom`, :func:`load_ibm_attrition`, :func:`load_kickstarter`,
:func:`load_open_bandit`) return DataFrames with explicit dtypes and, unless
``verbose=False``, print a short block naming the source, the licence and how to cite it.

From a shell: ``python -m helpers.data fetch`` (what ``make data`` runs) downloads every
dataset into the cache; ``python -m helpers.data list`` shows what is available.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import socket
import sys
import tempfile
import urllib.error
import urllib.request
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.i18n import _

if TYPE_CHECKING:  # pandas is imported lazily: importing helpers.data stays cheap.
    import pandas as pd

__all__ = [
    "REGISTRY",
    "DataError",
    "Dataset",
    "cache_dir",
    "describe",
    "fetch",
    "fetch_all",
    "load_hillstrom",
    "load_ibm_attrition",
    "load_kickstarter",
    "load_open_bandit",
    "main",
]

#: Environment variable naming a read-only folder that already holds the files.
DATA_ENV = "ML_AT_WORK_DATA"
#: Environment variable overriding the cache folder.
CACHE_ENV = "ML_AT_WORK_CACHE"
#: Seconds to wait for a server before giving up on a URL.
DOWNLOAD_TIMEOUT = 30.0
USER_AGENT = "ml-at-work-course/0.1.0 (course data loader; Python urllib)"
_CHUNK = 1 << 16


class DataError(RuntimeError):
    """A dataset file could not be found, downloaded or verified.

    The message is meant for a learner: it names the file, the places searched, what went
    wrong with each URL, and what to do about it.
    """


@dataclass(frozen=True)
class Dataset:
    """One pinned dataset file and what to tell people about it.

    ``urls`` holds the canonical URL first, then a mirror if there is one. ``rows`` and
    ``columns`` describe the tidy DataFrame the loader returns (``columns=None`` if unknown).

    Example:
        >>> REGISTRY["hillstrom"].filename
        'hillstrom.csv'
    """

    name: str
    filename: str
    sha256: str
    urls: tuple[str, ...]
    title: str
    source: str
    licence: str
    citation: str
    rows: int
    columns: int | None = None


_OBD_BASE = "https://raw.githubusercontent.com/st-tech/zr-obp/8cbd5fa4558b7ad2ba4781546d6604e4cc3e07c4/obd"
_OBD_LICENCE = (
    "Apache-2.0 (the Open Bandit Pipeline repository that ships this small sample)"
)
_OBD_CITATION = (
    "Saito, Y., Aihara, S., Matsutani, M. & Narita, Y. (2021). Open Bandit Dataset and "
    "Pipeline: Towards Realistic and Reproducible Off-Policy Evaluation. NeurIPS 2021 "
    "Datasets and Benchmarks Track. arXiv:2008.07146"
)


def _obd(policy: str, label: str, items: bool, sha256: str) -> Dataset:
    """Build the registry entry of one Open Bandit Dataset file."""
    what = "item context table" if items else "impression log"
    stem = "item_context" if items else "all"
    suffix = "_items" if items else ""
    return Dataset(
        name=f"obd_{policy}{suffix}",
        filename=f"obd_{policy}_all{'_item_context' if items else ''}.csv",
        sha256=sha256,
        urls=(f"{_OBD_BASE}/{policy}/all/{stem}.csv",),
        title=f"Open Bandit Dataset, small sample: {label} logging policy, 'all' campaign ({what})",
        source=(
            "ZOZOTOWN fashion e-commerce (ZOZO, Inc.), small sample shipped in the Open "
            f"Bandit Pipeline repository (github.com/st-tech/zr-obp, obd/{policy}/all)"
        ),
        licence=_OBD_LICENCE,
        citation=_OBD_CITATION,
        rows=80 if items else 10_000,
        columns=5 if items else 89,
    )


REGISTRY: dict[str, Dataset] = {
    "hillstrom": Dataset(
        name="hillstrom",
        filename="hillstrom.csv",
        sha256="0e5893329d8b93cefecc571777672028290ab69865718020c78c7284f291aece",
        urls=(
            "http://www.minethatdata.com/Kevin_Hillstrom_MineThatData_E-MailAnalytics_DataMiningChallenge_2008.03.20.csv",
            "https://raw.githubusercontent.com/oreilly-japan/ml-at-work/c8d4540cd89a386bc090c94dc26132c209bb9c0b/chap10/source_data.csv",
        ),
        title="Hillstrom e-mail campaign experiment (MineThatData, 2008)",
        source=(
            "Kevin Hillstrom, MineThatData E-Mail Analytics and Data Mining Challenge: "
            "customers randomly sent a men's e-mail, a women's e-mail or no e-mail"
        ),
        licence="No licence text; released publicly by Kevin Hillstrom. Attribute the source.",
        citation=(
            "Hillstrom, K. (2008). The MineThatData E-Mail Analytics and Data Mining "
            "Challenge. https://blog.minethatdata.com/2008/03/minethatdata-e-mail-analytics-and-data.html"
        ),
        rows=64_000,
        columns=12,
    ),
    "ibm_attrition": Dataset(
        name="ibm_attrition",
        filename="ibm_hr_attrition.csv",
        sha256="a5c31e38bd7fafc9bc333884eb181b06b41b8e5e488e8f7ccb27199fb3be7659",
        urls=(
            "https://raw.githubusercontent.com/IBM/employee-attrition-aif360/13287d5f717dc978eda249aef4665e04c7cec8b0/data/emp_attrition.csv",
        ),
        title="IBM HR Analytics Employee Attrition & Performance (fictional data)",
        source=(
            "Fictional employee records created by IBM data scientists; copy from "
            "github.com/IBM/employee-attrition-aif360"
        ),
        licence=(
            "Open Database License (ODbL) for the database; Database Contents License "
            "(DbCL) for its contents"
        ),
        citation=(
            "IBM. IBM HR Analytics Employee Attrition & Performance (fictional data set), "
            "via github.com/IBM/employee-attrition-aif360"
        ),
        rows=1_470,
        columns=35,
    ),
    "kickstarter": Dataset(
        name="kickstarter",
        filename="kickstarter_2018_sample.csv",
        sha256="5b73952504f36729feb5c47e1c1e1a8a1b2484365a775e4b3fdaae5e7401d31f",
        urls=(
            "https://raw.githubusercontent.com/zhoufeng1989/clean_data/ed382e21127bc7993d061d1f68f899c7822e5754/data/ks-projects-201801.csv",
        ),
        title="Kickstarter projects, first 9,999 rows of ks-projects-201801",
        source=(
            'Kaggle dataset "Kickstarter Projects" (kemical/kickstarter-projects, '
            "ks-projects-201801.csv); the full 378k-row file is at "
            "https://www.kaggle.com/datasets/kemical/kickstarter-projects"
        ),
        licence=(
            "CC BY-NC-SA 4.0 (as stated for the Kaggle dataset): non-commercial use only, "
            "attribute, share alike"
        ),
        citation=(
            "kemical (2018). Kickstarter Projects [data set]. Kaggle. "
            "https://www.kaggle.com/datasets/kemical/kickstarter-projects"
        ),
        rows=9_999,
        columns=15,
    ),
    "obd_random": _obd(
        "random", "uniform-random", False,
        "7168295b6e0a9eabcf3392320a5dd434e542b68e705d5cd9491499af589812f1",
    ),
    "obd_random_items": _obd(
        "random", "uniform-random", True,
        "eba04cc23d5f130a93ff174c5392986882b94c3839433cb8143870eaa6221358",
    ),
    "obd_bts": _obd(
        "bts", "Bernoulli Thompson Sampling", False,
        "0ad874e4dbf6902f0845dd478ad8dde5ef6903583d3ffaace78411bdad064106",
    ),
    "obd_bts_items": _obd(
        "bts", "Bernoulli Thompson Sampling", True,
        "5d4359ba1cfa3ae88f0f1bae66bd633859fe6323817183632ee57b83539d9153",
    ),
}


# --------------------------------------------------------------------------------------
# Locating and downloading files
# --------------------------------------------------------------------------------------


def cache_dir() -> Path:
    """Return the folder where downloaded datasets are kept (it may not exist yet).

    ``ML_AT_WORK_CACHE`` if set, else ``$XDG_CACHE_HOME/ml-at-work`` if ``XDG_CACHE_HOME``
    is set, else ``~/.cache/ml-at-work``. Relative paths are resolved against the current
    working directory.

    Example:
        >>> cache_dir()  # doctest: +SKIP
        PosixPath('/home/me/.cache/ml-at-work')
    """
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        folder = Path(explicit).expanduser()
    elif os.environ.get("XDG_CACHE_HOME"):
        folder = Path(os.environ["XDG_CACHE_HOME"]).expanduser() / "ml-at-work"
    else:
        folder = Path.home() / ".cache" / "ml-at-work"
    return folder if folder.is_absolute() else Path.cwd() / folder


def _data_dir() -> Path | None:
    """The read-only folder from ``ML_AT_WORK_DATA`` (absolute), or None if unset."""
    value = os.environ.get(DATA_ENV)
    if not value:
        return None
    folder = Path(value).expanduser()
    return folder if folder.is_absolute() else Path.cwd() / folder


def _sha256_of(path: Path) -> str:
    """Hex sha256 digest of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _lookup(name: object) -> Dataset:
    """Registry entry for ``name``; TypeError if not a string, ValueError if unknown."""
    if not isinstance(name, str):
        raise TypeError(f"dataset name must be a str, not {type(name).__name__}: {name!r}")
    try:
        return REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise ValueError(f"unknown dataset {name!r}; known datasets: {known}") from None


def _reason(exc: BaseException) -> str:
    """A short, human description of why a download attempt failed."""
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}".rstrip()
    if isinstance(exc, urllib.error.URLError):
        inner = exc.reason
        return _reason(inner) if isinstance(inner, BaseException) else str(inner)
    if isinstance(exc, ConnectionRefusedError):
        # A subclass (for example a test-time network guard) carries its own explanation.
        if type(exc) is ConnectionRefusedError or not str(exc):
            return "connection refused"
        return f"connection refused ({type(exc).__name__}: {exc})"
    if isinstance(exc, TimeoutError):
        return f"timed out (no answer within {DOWNLOAD_TIMEOUT:g} s)"
    if isinstance(exc, socket.gaierror):
        return f"host name not found (no internet?): {exc}"
    if isinstance(exc, ValueError):
        return f"invalid URL: {exc}"
    text = str(exc) or "no details"
    return f"{type(exc).__name__}: {text}"


class _Mismatch(Exception):
    """Internal: the downloaded bytes were not the pinned file."""


def _download(url: str, dataset: Dataset, folder: Path, quiet: bool) -> Path:
    """Stream ``url`` into ``folder`` under the dataset's file name, checking its sha256.

    Raises OSError, ValueError or http.client.HTTPException on transport problems and
    _Mismatch when the bytes are not the expected ones. On any failure the temporary
    ``.part`` file is removed; the final name only ever appears through ``os.replace``.
    """
    from tqdm.auto import tqdm

    target = folder / dataset.filename
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    part = tempfile.NamedTemporaryFile(
        dir=folder, prefix=f"{dataset.filename}.", suffix=".part", delete=False
    )
    part_path = Path(part.name)
    try:
        with part, urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as response:
            header = response.headers.get("Content-Length")
            expected_size = int(header) if header and header.isdigit() else None
            digest = hashlib.sha256()
            received = 0
            with tqdm(
                total=expected_size,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                desc=dataset.filename,
                disable=quiet,
                file=sys.stderr,
            ) as bar:
                while chunk := response.read(_CHUNK):
                    part.write(chunk)
                    digest.update(chunk)
                    received += len(chunk)
                    bar.update(len(chunk))
        if expected_size is not None and received != expected_size:
            raise _Mismatch(
                f"incomplete download: got {received:,} of {expected_size:,} bytes"
            )
        found = digest.hexdigest()
        if found != dataset.sha256:
            raise _Mismatch(
                f"sha256 mismatch: expected {dataset.sha256}, got {found} ({received:,} bytes)"
            )
        os.replace(part_path, target)
        return target
    finally:
        part_path.unlink(missing_ok=True)


def _failure_message(
    dataset: Dataset,
    data_note: str,
    cache_note: str,
    attempts: Sequence[tuple[str, str]],
    cache: Path,
    extra: str = "",
) -> str:
    """The one multi-line explanation shown when a file cannot be obtained."""
    lines = [
        _("Could not get {file} (dataset {name}).").format(file=dataset.filename, name=repr(dataset.name)),
        _("Looked in:"),
        f"  - {DATA_ENV}: {data_note}",
        "  - " + _("cache folder {cache}: {note}").format(cache=cache, note=cache_note),
    ]
    if attempts:
        lines.append(_("Tried to download:"))
        lines += [f"  - {url}: {why}" for url, why in attempts]
    if extra:
        lines.append(extra)
    first_url = dataset.urls[0] if dataset.urls else _("(no URL known)")
    lines += [
        _("To fix it, do one of these:"),
        "  - " + _("connect to the internet and run this again;"),
        "  - " + _("on a connected machine, run `make data` (or `python -m helpers.data fetch`) and copy the cache folder here;"),
        "  - " + _("download the file by hand from {url}").format(url=first_url),
        "    " + _("and save it as {path};").format(path=cache / dataset.filename),
        "  - " + _("set {env} to a folder that holds {file}.").format(env=DATA_ENV, file=dataset.filename),
    ]
    return "\n".join(lines)


def fetch(name: str, *, quiet: bool = False, urls: Sequence[str] | None = None) -> Path:
    """Return the local path of a verified dataset file, downloading it if needed.

    Looks in ``ML_AT_WORK_DATA`` (read-only), then in :func:`cache_dir`, then downloads
    from each URL in turn (canonical first, then the mirror) into the cache. Every copy is
    checked against the pinned sha256. ``quiet=True`` hides the progress bar. ``urls``
    replaces the registry URLs; it is meant for tests and private mirrors.

    Raises:
        TypeError: ``name`` is not a string.
        ValueError: ``name`` is not in :data:`REGISTRY`.
        DataError: no verified copy could be found or downloaded (the message says why and
            what to do), or the copy in ``ML_AT_WORK_DATA`` is not the expected file.

    Example:
        >>> path = fetch("hillstrom", quiet=True)
        >>> path.name
        'hillstrom.csv'
    """
    dataset = _lookup(name)
    if urls is None:
        candidates = dataset.urls
    elif isinstance(urls, str):
        candidates = (urls,)
    else:
        candidates = tuple(urls)

    # 1. The read-only, pre-filled folder.
    data_folder = _data_dir()
    if data_folder is None:
        data_note = _("not set")
    else:
        mirrored = data_folder / dataset.filename
        if mirrored.is_file():
            found = _sha256_of(mirrored)
            if found == dataset.sha256:
                return mirrored
            raise DataError(
                _("{path} is not the expected {file} (dataset {name}).").format(
                    path=mirrored, file=dataset.filename, name=repr(dataset.name))
                + f"\n  expected sha256: {dataset.sha256}\n  found sha256:    {found}\n"
                + _("{env}={value} is treated as a read-only folder, so the loader will not change or delete this file.").format(
                    env=DATA_ENV, value=os.environ.get(DATA_ENV))
                + "\n"
                + _("To fix it, replace the file with a fresh copy (from {url}), or unset {env} so the file is downloaded "
                    "into the cache ({cache}).").format(
                    url=dataset.urls[0] if dataset.urls else _("(no URL known)"), env=DATA_ENV, cache=cache_dir())
            )
        data_note = _("{folder} (no {file} there)").format(folder=data_folder, file=dataset.filename)

    # 2. The user cache.
    cache = cache_dir()
    cached = cache / dataset.filename
    cache_note = _("file not there")
    if cached.is_file():
        found = _sha256_of(cached)
        if found == dataset.sha256:
            return cached
        warnings.warn(
            f"{cached} is damaged or outdated (sha256 {found}, expected "
            f"{dataset.sha256}); deleting it and downloading it again.",
            stacklevel=2,
        )
        cached.unlink()
        cache_note = _("a damaged copy was there and has been deleted")

    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(
            _failure_message(
                dataset, data_note, cache_note, [], cache,
                extra=_("Could not create the cache folder ({reason}); set {env} to a folder you can write to.").format(
                    reason=_reason(exc), env=CACHE_ENV),
            )
        ) from exc

    # 3. Download, trying each URL in order.
    attempts: list[tuple[str, str]] = []
    for url in candidates:
        try:
            return _download(url, dataset, cache, quiet)
        except _Mismatch as exc:
            attempts.append((url, str(exc)))
        except (OSError, ValueError, http.client.HTTPException) as exc:
            attempts.append((url, _reason(exc)))
        if not quiet and url != candidates[-1]:
            print(_("{url} failed ({reason}); trying the next URL.").format(url=url, reason=attempts[-1][1]), file=sys.stderr)

    # 4. Nothing worked.
    if not candidates:
        attempts.append(("(no URL given)", "nothing to download from"))
    raise DataError(_failure_message(dataset, data_note, cache_note, attempts, cache))


def fetch_all(*, quiet: bool = False) -> dict[str, Path]:
    """Fetch every dataset in :data:`REGISTRY` and return ``{name: path}``.

    Every dataset is attempted even if an earlier one fails, so one broken URL does not
    stop the others from being cached. If any failed, one :class:`DataError` lists them all.

    Example:
        >>> paths = fetch_all(quiet=True)
        >>> sorted(paths)[:2]
        ['hillstrom', 'ibm_attrition']
    """
    paths: dict[str, Path] = {}
    problems: list[str] = []
    for name in REGISTRY:
        try:
            paths[name] = fetch(name, quiet=quiet)
        except DataError as exc:
            problems.append(str(exc))
    if problems:
        raise DataError("\n\n".join(problems))
    return paths


# --------------------------------------------------------------------------------------
# Descriptions and loaders
# --------------------------------------------------------------------------------------


def _describe(dataset: Dataset, shape: tuple[int, int] | None = None) -> str:
    """The text block for ``dataset``; ``shape`` overrides the registry's rows/columns."""
    rows, columns = shape if shape is not None else (dataset.rows, dataset.columns)
    size = _("{rows} rows").format(rows=f"{rows:,}")
    if columns is not None:
        size += ", " + _("{columns} columns").format(columns=columns)
    return "\n".join(
        [
            dataset.title,
            size,
            _("Source:  {source}").format(source=dataset.source),
            _("Licence: {licence}").format(licence=dataset.licence),
            _("Cite:    {citation}").format(citation=dataset.citation),
        ]
    )


def describe(name: str) -> str:
    """Return the short description printed by the loaders: title, size, source, licence, citation.

    Needs no file and no network.

    Example:
        >>> print(describe("hillstrom").splitlines()[1])
        64,000 rows, 12 columns
    """
    return _describe(_lookup(name))


def _read_csv(name: str, verbose: bool, **kwargs: object) -> pd.DataFrame:
    """Fetch ``name`` and read it with pandas (the progress bar follows ``verbose``)."""
    import pandas as pd

    path = fetch(name, quiet=not verbose)
    return pd.read_csv(path, **kwargs)  # type: ignore[call-overload, no-any-return]


def _finish(name: str, frame: pd.DataFrame, verbose: bool) -> pd.DataFrame:
    """Print the description block if asked, and return ``frame``."""
    if verbose:
        print(_describe(REGISTRY[name], frame.shape))
    return frame


def _to_bool(frame: pd.DataFrame, column: str, true: object, false: object) -> None:
    """Replace a two-valued column by bool in place; DataError on any other value."""
    values = frame[column]
    unexpected = set(values.unique()) - {true, false}
    if unexpected:
        raise DataError(
            f"column {column!r} should only hold {true!r}/{false!r}, found {sorted(map(str, unexpected))}"
        )
    frame[column] = values == true


def load_hillstrom(*, verbose: bool = True) -> pd.DataFrame:
    """Load the Hillstrom e-mail experiment: 64,000 customers, one row each.

    ``segment`` is the randomised treatment (categories in the order "No E-Mail",
    "Mens E-Mail", "Womens E-Mail", so the control comes first); ``visit``,
    ``conversion`` (int 0/1) and ``spend`` are the outcomes over the following two weeks.
    ``mens``, ``womens`` and ``newbie`` are bool; ``history_segment``, ``zip_code`` and
    ``channel`` are categories.

    Example:
        >>> df = load_hillstrom(verbose=False)
        >>> df.groupby("segment", observed=True)["visit"].mean().round(3).tolist()
        [0.106, 0.183, 0.151]
    """
    import pandas as pd

    df = _read_csv("hillstrom", verbose)
    df["recency"] = df["recency"].astype("int64")
    df["history"] = df["history"].astype("float64")
    for column in ("mens", "womens", "newbie"):
        _to_bool(df, column, 1, 0)
    for column in ("history_segment", "zip_code", "channel"):
        df[column] = df[column].astype("category")
    arms = ["No E-Mail", "Mens E-Mail", "Womens E-Mail"]
    unknown = set(df["segment"].unique()) - set(arms)
    if unknown:
        raise DataError(f"unexpected segment values in hillstrom.csv: {sorted(unknown)}")
    df["segment"] = df["segment"].astype(pd.CategoricalDtype(arms))
    for column in ("visit", "conversion"):
        df[column] = df[column].astype("int64")
    df["spend"] = df["spend"].astype("float64")
    return _finish("hillstrom", df, verbose)


def load_ibm_attrition(*, verbose: bool = True) -> pd.DataFrame:
    """Load IBM's fictional HR attrition data: 1,470 employees, 35 columns.

    Original column names are kept. ``Attrition`` and ``OverTime`` become bool, the other
    text columns become categories and the numeric columns stay int64.

    Example:
        >>> df = load_ibm_attrition(verbose=False)
        >>> round(float(df["Attrition"].mean()), 3)
        0.161
    """
    from pandas.api import types

    df = _read_csv("ibm_attrition", verbose, encoding="utf-8-sig")
    for column in ("Attrition", "OverTime"):
        _to_bool(df, column, "Yes", "No")
    for column in df.columns:
        dtype = df[column].dtype
        if types.is_string_dtype(dtype) or types.is_object_dtype(dtype):
            df[column] = df[column].astype("category")
        elif types.is_integer_dtype(dtype):
            df[column] = df[column].astype("int64")
    return _finish("ibm_attrition", df, verbose)


def load_kickstarter(*, verbose: bool = True) -> pd.DataFrame:
    """Load 9,999 Kickstarter projects (from the 2018 Kaggle snapshot).

    ``launched`` and ``deadline`` are datetimes; ``state`` (failed, successful, canceled,
    ...), ``category``, ``main_category``, ``currency`` and ``country`` are categories;
    ``name`` is a string; money columns are float (``usd pledged`` has some missing values);
    ``ID`` and ``backers`` are int.

    Example:
        >>> df = load_kickstarter(verbose=False)
        >>> df["state"].value_counts().index[0]
        'failed'
    """
    import pandas as pd

    df = _read_csv("kickstarter", verbose)
    df["ID"] = df["ID"].astype("int64")
    df["name"] = df["name"].astype("string")
    for column in ("category", "main_category", "currency", "state", "country"):
        df[column] = df[column].astype("category")
    df["deadline"] = pd.to_datetime(df["deadline"], format="%Y-%m-%d")
    df["launched"] = pd.to_datetime(df["launched"], format="%Y-%m-%d %H:%M:%S")
    for column in ("goal", "pledged", "usd pledged", "usd_pledged_real", "usd_goal_real"):
        df[column] = df[column].astype("float64")
    df["backers"] = df["backers"].astype("int64")
    return _finish("kickstarter", df, verbose)


_POLICIES = ("random", "bts")


def load_open_bandit(
    policy: str = "random", *, items: bool = False, verbose: bool = True
) -> pd.DataFrame:
    """Load the Open Bandit Dataset small sample for one logging policy ("all" campaign).

    ``policy`` is "random" (uniform random) or "bts" (Bernoulli Thompson Sampling).
    By default returns the impression log: 10,000 rows with ``timestamp`` (UTC),
    ``item_id``, ``position`` (1-3), ``click`` (0/1), ``propensity_score`` of the logging
    policy, hashed ``user_feature_*`` (categories) and ``user-item_affinity_*`` (float).
    With ``items=True`` returns the 80-row item table (``item_id``, ``item_feature_0``
    float, other item features categories). Clicks are rare (well under 1%), so
    estimates from 10,000 impressions are noisy.

    Example:
        >>> log = load_open_bandit("bts", verbose=False)
        >>> log.shape
        (10000, 89)
    """
    import pandas as pd

    if not isinstance(policy, str) or policy not in _POLICIES:
        raise ValueError(f"policy must be one of {', '.join(map(repr, _POLICIES))}; got {policy!r}")
    name = f"obd_{policy}_items" if items else f"obd_{policy}"
    df = _read_csv(name, verbose)
    df = df.drop(columns=[c for c in df.columns if str(c).startswith("Unnamed:")])
    if items:
        df["item_id"] = df["item_id"].astype("int64")
        for column in df.columns:
            if column.startswith("item_feature_"):
                kind = "float64" if column == "item_feature_0" else "category"
                df[column] = df[column].astype(kind)
    else:
        df["timestamp"] = pd.to_datetime(df["timestamp"], utc=True, format="ISO8601")
        for column in ("item_id", "position", "click"):
            df[column] = df[column].astype("int64")
        df["propensity_score"] = df["propensity_score"].astype("float64")
        for column in df.columns:
            if column.startswith("user_feature_"):
                df[column] = df[column].astype("category")
            elif column.startswith("user-item_affinity_"):
                df[column] = df[column].astype("float64")
    return _finish(name, df, verbose)


# --------------------------------------------------------------------------------------
# Command line: python -m helpers.data {fetch,list}
# --------------------------------------------------------------------------------------


def _locate(dataset: Dataset) -> Path | None:
    """A verified local copy of ``dataset`` (data folder, then cache), without downloading."""
    folders = [f for f in (_data_dir(), cache_dir()) if f is not None]
    for folder in folders:
        candidate = folder / dataset.filename
        if candidate.is_file() and _sha256_of(candidate) == dataset.sha256:
            return candidate
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code.

    ``fetch`` downloads every dataset (one line per file saying where it is; exit code 1
    and the error message if any failed). ``list`` shows every dataset and whether a
    verified copy is already on this machine.

    Example:
        >>> main(["list"])  # doctest: +SKIP
        0
    """
    parser = argparse.ArgumentParser(
        prog="python -m helpers.data", description="Course datasets: download or list them."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    fetch_cmd = commands.add_parser("fetch", help="download every dataset into the cache")
    fetch_cmd.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    commands.add_parser("list", help="list the datasets and where they are")
    args = parser.parse_args(argv)

    width = max(map(len, REGISTRY), default=0)
    if args.command == "list":
        for name, dataset in REGISTRY.items():
            where = _locate(dataset)
            status = str(where) if where else "not downloaded"
            print(f"{name:<{width}}  {dataset.filename}  {dataset.title}\n{'':<{width}}  -> {status}")
        return 0

    failed = False
    for name in REGISTRY:
        try:
            path = fetch(name, quiet=args.quiet)
        except DataError as exc:
            failed = True
            print(f"{name:<{width}}  FAILED", flush=True)
            print(f"\n{exc}\n", file=sys.stderr, flush=True)
        else:
            print(f"{name:<{width}}  {path}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
