"""No 500, whatever comes in: Hypothesis sends hostile input to every public URL pattern, filter, search and export.

Generated: random and hostile query strings (NUL bytes, invalid UTF-8 percent escapes, overlong values, huge and
negative page numbers, repeated and unknown parameters), hostile path segments in place of every slug and id
(unknown ones, path traversal, encoded slashes), search queries, export and API parameters, unknown short
codes. Every answer must be below 500. Derandomised and without an example database, so CI sees the same
5 200 requests on every run.
"""

import re
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regionportal.opendata.datasets import DATASETS

pytestmark = pytest.mark.django_db

RUNS = {"query": 1200, "path": 1200, "search": 600, "data": 600, "codes": 1600}

HOSTILE = [
    "\x00",
    "%00",
    "a%00b",
    "%ff%fe",
    "%C3%28",
    "%E2%82",
    "%",
    "%zz",
    "%%",
    "..",
    "../../../../etc/passwd",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2f",
    "....//....//",
    "\\..\\..\\windows\\win.ini",
    "//evil.example",
    "https://evil.example/",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    '"; DROP TABLE projects_project; --',
    "-1",
    "0",
    "-0",
    "1e309",
    "NaN",
    "inf",
    "9" * 40,
    "-" + "9" * 40,
    "18446744073709551616",
    "2147483648",
    "0x1F",
    "1.5",
    "٣",
    "𝟙𝟚",
    "x" * 5000,
    " ",
    "\t\r\n",
    "null",
    "[]",
    "{}",
    "true",
    "2025-02-30",
    "9999-12-31",
    "0000-00-00",
    "ÄÖÜß",
    "\u202e\u0000",
    "\ufeff",
]
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="latin-1"), max_size=12),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.binary(max_size=12).map(lambda raw: "".join(f"%{byte:02X}" for byte in raw)),
)


def encode(value):
    """Percent-encode a value unless it brings its own (possibly broken) escapes."""
    return value if re.search(r"%[0-9A-Fa-f]{2}|%$|%z", value) else quote(value, safe="")


query_pair = st.tuples(
    st.sampled_from(["page", "q", "sort", "format", "region", "x", ""]) | st.text(max_size=8), hostile_text
)


def query_string(names):
    """Known parameters of the page and unknown ones, hostile values, sometimes repeated."""
    pairs = st.lists(
        st.tuples(st.sampled_from(sorted(names)) if names else st.just("page"), hostile_text) | query_pair,
        max_size=6,
    )
    return pairs.map(lambda items: "&".join(f"{encode(key)}={encode(value)}" for key, value in items))


def fuzz_settings(examples):
    return settings(FUZZ, max_examples=examples)


FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def parameter_names(client, url):
    """The parameters a page itself offers: its form fields and the keys of its own links."""
    response = client.get(url)
    if response.streaming:  # a download offers no parameters of its own
        return set()
    content = response.content.decode(errors="replace")
    names = set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', content))
    names |= set(re.findall(r"[?&;](?:amp;)?([\w-]+)=", content))
    return names - {"csrfmiddlewaretoken"}


@pytest.fixture
def public_urls(sample_urls):
    return {name: url for name, url in sample_urls.items() if not name.startswith("admin:")}


def fetch(client, path, query="", method="get"):
    """One request as it comes off the wire: the raw query string, the path with its own escapes."""
    # WSGI hands the query string over as its bytes read as Latin-1; a browser sends UTF-8
    response = getattr(client, method)(path, QUERY_STRING=query.encode("utf-8", "surrogatepass").decode("latin-1"))
    assert response.status_code < 500, f"{method.upper()} {path}?{query[:300]} → {response.status_code}"
    return response


def run(test, minimum):
    sent = []
    test(sent)
    assert len(sent) >= minimum


def test_every_public_page_with_hostile_query_strings(client, public_urls):
    targets = sorted({urlsplit(url).path for url in public_urls.values()} | {"/en/", "/en/projekte/"})
    names = {path: parameter_names(client, path) for path in targets}

    @fuzz_settings(RUNS["query"])
    @given(data=st.data())
    def fuzz(sent, data):
        path = data.draw(st.sampled_from(targets))
        method = data.draw(st.sampled_from(["get", "get", "get", "head", "post", "options"]))
        fetch(client, path, data.draw(query_string(names[path])), method)
        sent.append(path)

    run(fuzz, RUNS["query"])


def test_every_public_pattern_with_hostile_path_arguments(client, public_urls):
    # each address with one of its segments (a slug, a year, a short code, a file name) replaced
    targets = sorted(url for url in (urlsplit(url).path for url in public_urls.values()) if url.strip("/"))
    segment = st.one_of(
        hostile_text.map(encode),
        st.from_regex(r"[a-z0-9][a-z0-9-]{0,80}", fullmatch=True),  # unknown slugs
        st.integers(min_value=-(10**20), max_value=10**20).map(str),  # unknown ids and years
        st.sampled_from(["..", "%2e%2e", "..%2f..%2f", "%2F", "%5C", "%00", ".", "~", "x" * 300]),
    )

    @fuzz_settings(RUNS["path"])
    @given(data=st.data())
    def fuzz(sent, data):
        parts = data.draw(st.sampled_from(targets)).split("/")
        index = data.draw(st.integers(min_value=1, max_value=max(1, len(parts) - 1)))
        parts[index] = data.draw(segment) + data.draw(st.sampled_from(["", ".csv", ".json", ".vcf", ".ics", ".xml"]))
        fetch(client, "/".join(parts))
        sent.append(parts)

    run(fuzz, RUNS["path"])


def test_search_with_hostile_queries(client, public_urls):
    search = urlsplit(public_urls["portal:search"]).path
    names = parameter_names(client, f"{search}?q=Region") | {"q"}
    query = st.one_of(
        hostile_text,
        st.lists(
            st.sampled_from(["Region", "Projekt", "Unna", "*", "%", "_", "\\", "&", "|", "!", ":*"]), max_size=30
        ).map(" ".join),
        st.text(min_size=150, max_size=3000),
    )

    @fuzz_settings(RUNS["search"])
    @given(q=query, rest=query_string(names), english=st.booleans())
    def fuzz(sent, q, rest, english):
        fetch(client, f"/en{search}" if english else search, f"q={encode(q)}&{rest}")
        sent.append(q)

    run(fuzz, RUNS["search"])


def test_exports_and_api_with_hostile_parameters(client, public_urls):
    project_list = urlsplit(public_urls["projects:list"]).path
    names = parameter_names(client, project_list) | parameter_names(client, "/api/projects/")
    targets = [f"/{dataset.path}/export.{fmt}" for dataset in DATASETS for fmt in ("csv", "json")]
    targets += [f"/api/{dataset.slug}/" for dataset in DATASETS]
    details = [f"/api/{dataset.slug}/" for dataset in DATASETS]

    @fuzz_settings(RUNS["data"])
    @given(data=st.data())
    def fuzz(sent, data):
        if data.draw(st.booleans()):
            path = data.draw(st.sampled_from(targets))
        else:
            path = data.draw(st.sampled_from(details)) + encode(data.draw(hostile_text)) + "/"
        fetch(client, path, data.draw(query_string(names)))
        sent.append(path)

    run(fuzz, RUNS["data"])


def test_unknown_short_codes_and_raw_paths(client):
    code = st.one_of(
        st.from_regex(r"[0-9a-z]{1,12}", fullmatch=True),
        hostile_text.map(encode),
    )

    @fuzz_settings(RUNS["codes"])
    @given(data=st.data())
    def fuzz(sent, data):
        if data.draw(st.booleans()):
            response = fetch(client, f"/x/pk-{data.draw(code)}")
            assert response.status_code in {302, 404, 410}
        else:
            fetch(client, "/" + "/".join(encode(part) for part in data.draw(st.lists(hostile_text, max_size=5))))
        sent.append(1)

    run(fuzz, RUNS["codes"])
