"""/api/themes, the theme ↔ intervention evidence links and the evidence map."""

from __future__ import annotations

from fastapi.testclient import TestClient

from ingest.readers import ReviewData

ID = "https://w3id.org/spkg/id/"
BELONGING = "/api/themes/liebmann-2022/T1.2"


def test_hierarchy_nests_subthemes_in_printed_order(api: TestClient, seed_data: ReviewData):
    body = api.get("/api/themes", params={"review": "liebmann-2022"}).json()
    top = {t["key"]: t for t in body["items"]}
    expected_top = {r.key[0] for r in seed_data.rows("themes.csv") if not r.get("parent_id")}
    assert set(top) == expected_top
    subs = [s["label"] for s in top["T1"]["subthemes"]]
    assert subs[1] == "Sense of belonging to the community"
    positions = [s["position"] for s in top["T1"]["subthemes"]]
    assert positions == sorted(positions)


def test_theme_detail_has_definition_quotes_and_support(api: TestClient):
    body = api.get(BELONGING).json()
    assert body["prefLabel"] == "Sense of belonging to the community"
    assert body["definition"].startswith("This theme centred on the strong sense of affiliation")
    assert {s["id"] for s in body["supportingStudies"]} == {
        f"{ID}study/liebmann-2022/S{n}" for n in (48, 52, 58)
    }
    assert any("sense of belonging in this room" in q["text"] for q in body["quotes"])
    assert body["broader"]["id"] == f"{ID}theme/liebmann-2022/T1"


def test_a_theme_counts_the_evidence_of_its_subthemes(api: TestClient):
    parent = api.get("/api/themes/liebmann-2022/T1").json()
    child = api.get(BELONGING).json()
    assert {q["id"] for q in child["quotes"]} <= {q["id"] for q in parent["quotes"]}


def test_belonging_links_to_the_interventions_of_studies_48_52_58(api: TestClient):
    body = api.get(f"{BELONGING}/interventions").json()
    by_study = {link["studies"][0]["id"].rsplit("/", 1)[-1]: link for link in body["items"]}
    assert set(by_study) == {"S48", "S52", "S58"}
    assert [r["citationNumber"] for r in by_study["S52"]["records"]] == [52]
    assert by_study["S52"]["intervention"]["label"] == "NORC Supportive Service Programs"
    assert by_study["S52"]["participants"] == 41
    assert by_study["S58"]["participants"] == 12
    assert by_study["S48"]["quoteCount"] == 3
    for link in body["items"]:
        assert link["studyCount"] == len(link["studies"]) == 1
        assert link["quoteCount"] == len(link["quotes"])


def test_the_reverse_link_from_an_intervention_names_the_theme(api: TestClient):
    body = api.get("/api/interventions/liebmann-2022/I58/themes").json()
    themes = {link["theme"]["id"]: link for link in body["items"]}
    assert f"{ID}theme/liebmann-2022/T1.2" in themes
    assert themes[f"{ID}theme/liebmann-2022/T1.2"]["participants"] == 12


def test_evidence_map_cells_agree_with_the_links(api: TestClient):
    body = api.get("/api/evidence-map", params={"review": "liebmann-2022"}).json()
    cell = next(
        c
        for c in body["cells"]
        if c["theme"]["id"].endswith("/T1.2")
        and c["interventionType"]["id"].endswith("/museums-on-prescription")
    )
    assert cell["studyCount"] == 1 and cell["quoteCount"] == 1
    drill = api.get(cell["links"]["interventions"].replace("http://testserver", "")).json()
    assert any(link["intervention"]["id"].endswith("/I58") for link in drill["items"])


def test_interventions_and_measures_lists(api: TestClient, seed_data: ReviewData):
    body = api.get("/api/interventions", params={"review": "liebmann-2022", "per_page": 100})
    assert body.json()["total"] == len(seed_data.rows("interventions.csv"))
    measures = api.get("/api/measures", params={"review": "liebmann-2022", "per_page": 100})
    items = measures.json()["items"]
    assert len(items) == len(seed_data.rows("measures.csv"))
    ucla = api.get("/api/measures", params={"instrument": "ucla-loneliness-scale"}).json()
    assert ucla["items"] and all(
        i["instrument"]["id"].endswith("/ucla-loneliness-scale") for i in ucla["items"]
    )


def test_intervention_detail_and_404(api: TestClient):
    body = api.get("/api/interventions/liebmann-2022/I52").json()
    assert body["label"] == "NORC Supportive Service Programs"
    assert body["evaluatedIn"]["id"] == f"{ID}study/liebmann-2022/S52"
    missing = api.get("/api/interventions/liebmann-2022/I00/themes")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "There is no intervention 'liebmann-2022/I00'."
