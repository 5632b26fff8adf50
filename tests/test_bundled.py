"""The bundled calendar holds every dated activity of the seed document, with its dates."""

from __future__ import annotations

import pytest

from budgettid.format.load import bundled_path

# (event id, start, end as written in the seed; month/quarter where the seed gives no day)
SEED = [
    ("oeu-budgetprocessen", "2022-12-15", "2022-12-15"),  # "Økonomiudvalget indstiller 15/12-2022"
    ("byraadet-budgetprocessen", "2022-12-15", "2022-12-15"),
    ("fagudvalg-orientering", "2023-01", "2023-02"),  # "Jan/Feb"
    ("oeu-dialogmoede-hovedudvalget", "2023-02-07", "2023-02-07"),
    ("oeu-status-analyser", "2023-02-07", "2023-02-07"),
    ("oeu-innovationsscreeninger", "2023-02-07", "2023-02-07"),
    ("byraadet-temamoede-innovation", "2023-Q1", "2023-Q1"),  # "1. kvartal 2023"
    ("frist-oensker", "2023-04-01", "2023-04-01"),
    ("oeu-oversigt-oensker", "2023-04", "2023-04"),  # "April"
    ("fagudvalg-initiativsager", "2023-05", "2023-08"),  # "Maj ... (frem til august)"
    ("analyser-status", "2023-05", "2023-05"),
    ("oeu-analyser-videre-proces", "2023-06", "2023-06"),
    ("oeu-skat-laanepuljer", "2023-05", "2023-06"),  # "Maj" / "maj/juni"
    ("fagudvalg-effektiviseringskatalog", "2023-05-30", "2023-05-31"),  # "(30-31/5)"
    ("oeu-effektiviseringskatalog", "2023-06-13", "2023-06-13"),
    ("hoering-effektiviseringskatalog", "2023-06-14", "2023-08-09"),  # "14/6-9/8"
    ("fagudvalg-effektiviseringskatalog-august", "2023-08", "2023-08"),
    ("oekonomiaftale", "2023-06", "2023-06"),
    ("kommunefordelte-tal", "2023-07", "2023-08"),  # "juli/august"
    ("oeu-administrativt-budgetgrundlag", "2023-08-22", "2023-08-22"),
    ("byraadet-administrativt-budgetgrundlag", "2023-08-31", "2023-08-31"),
    ("hoering-budgetoplaeg", "2023-08-29", "2023-09-06"),  # "29/8-6/9"
    ("borgermoede", "2023-08-30", "2023-08-30"),
    ("budgetseminar", "2023-09-01", "2023-09-01"),
    ("budgetforhandlinger", "2023-09-06", "2023-09-21"),  # "6-21. september 2023"
    ("oeu-1-behandling", "2023-09-12", "2023-09-12"),
    ("byraadet-1-behandling", "2023-09-19", "2023-09-19"),
    ("frist-aendringsforslag", "2023-09-21", "2023-09-21"),
    ("oeu-2-behandling", "2023-10-03", "2023-10-03"),
    ("byraadet-2-behandling", "2023-10-10", "2023-10-10"),
    ("status-implementering", "2023-12", "2023-12"),
    ("forventet-regnskab-maj", "2023-05", "2023-05"),
    ("forventet-regnskab-august", "2023-08", "2023-08"),
    ("forventet-regnskab-november", "2023-11", "2023-11"),
    ("forventet-regnskab-januar", "2024-01", "2024-01"),
    ("regnskab-2023", "2024-04", "2024-04"),
    ("anlaegsoversigt-maj", "2023-05", "2023-05"),
    ("anlaegsoversigt-august", "2023-08", "2023-08"),
    ("anlaegsoversigt-november", "2023-11", "2023-11"),
]


@pytest.mark.parametrize(("event_id", "start", "end"), SEED)
def test_seed_activity_is_in_the_calendar(bundled, event_id, start, end):
    e = bundled.event(event_id)
    assert (e.span_start.text, e.span_end.text) == (start, end)


def test_statutory_steps(bundled):
    steps = {e.step: e.id for e in bundled.events if e.step}
    assert steps == {
        "budget_proposal": "oeu-1-behandling",
        "first_reading": "byraadet-1-behandling",
        "amendment_deadline": "frist-aendringsforslag",
        "second_reading": "byraadet-2-behandling",
        "public_hearing": "hoering-budgetoplaeg",
    }


def test_hearings_name_what_opens_and_uses_them(bundled):
    h = bundled.event("hoering-effektiviseringskatalog")
    assert (h.opened_by, h.feeds) == ("oeu-effektiviseringskatalog", ["budgetforhandlinger"])
    h = bundled.event("hoering-budgetoplaeg")
    assert h.opened_by == "borgmesterens-budgetoplaeg"
    assert bundled.process.contact == "sekretariat@alleroed.dk"


def test_process_and_bodies(bundled):
    assert bundled.process.budget_years == "2024-2031"
    assert [p.id for p in bundled.phases] == ["afklaring", "forhandling", "implementering"]
    names = {b.name for b in bundled.bodies.values()}
    assert {"Byrådet", "Økonomiudvalget", "Fagudvalgene", "Hovedudvalget", "Partierne",
            "Borgmesteren", "Forvaltningen"} <= names  # fmt: skip


def test_bundled_file_is_package_data():
    path = bundled_path()
    assert path.is_file() and path.parent.name == "data"
    assert path.parent.parent.name == "budgettid"
